using ComplianceRisk.Functions.Handler;

namespace ComplianceRisk.Functions.Runtime;

/// <summary>
/// serve's own limit on a request body (the host's, <see cref="ServeOptions.MaxRequestBodyBytes"/>, which Kestrel
/// enforces as MaxRequestBodySize), said as a problem wherever serve meets it, like every other refusal of serve.
/// </summary>
internal static class BodyLimit
{
    /// <summary>The 413: how large the body is when its Content-Length says so, the limit, and what to send instead.</summary>
    public static IResult Exceeded(long? length, long limit, string whatToDo) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "Request too large",
            (length is { } bytes ? $"The request body is {bytes:N0} bytes; serve" : "The request body is larger than serve")
            + $" accepts at most {limit:N0} bytes, the Functions host's limit. {whatToDo}");
}
