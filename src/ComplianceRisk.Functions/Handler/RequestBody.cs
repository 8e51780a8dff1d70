using System.Net.Http.Headers;

namespace ComplianceRisk.Functions.Handler;

/// <summary>
/// Reads a forwarded request's body within the handler's limit. The host copies a body only when the request has a
/// Content-Length (HttpRequestExtensions.ToHttpRequestMessage in Azure/azure-functions-host), so a chunked upload
/// arrives empty: that is a 411 here, with the reason.
/// </summary>
public static class RequestBody
{
    /// <summary>What to do with a roster over a limit, said by every 413 a roster can meet (api/assess, SubmitRoster, serve's own limit).</summary>
    public const string LargeRosterAdvice = "Split the roster, or run `complianceRisk assess` on your own machine.";

    /// <summary>
    /// Reads the body, or answers why not: no body (411), or one over <paramref name="limit"/> (413, with
    /// <paramref name="whatToDo"/> when there is advice for that kind of body).
    /// </summary>
    public static async Task<(byte[]? Body, IResult? Problem)> ReadAsync(HttpRequest request, long limit, string what, string? whatToDo, CancellationToken cancellationToken)
    {
        if (LengthRequired(request, what) is { } noBody) return (null, noBody);
        var length = request.ContentLength!.Value;
        if (length > limit) return (null, Problems.Create(TooLarge(what, length, limit, whatToDo)));

        var body = new byte[length];
        var read = 0;
        while (read < body.Length)
        {
            var n = await request.Body.ReadAsync(body.AsMemory(read), cancellationToken);
            if (n == 0) break;
            read += n;
        }
        return read == body.Length
            ? (body, null)
            : (null, Problems.Create(StatusCodes.Status400BadRequest, "Incomplete request", $"The request said {length:N0} bytes but carried {read:N0}."));
    }

    /// <summary>
    /// The 411 of a request that carries no body, null when it has one. A function asks this before it judges the content
    /// type (<see cref="ReadAsync"/> asks it too): the host copies content headers only with a body it copies, so a chunked
    /// upload arrives with neither, and "no content type" would blame the wrong header.
    /// </summary>
    public static IResult? LengthRequired(HttpRequest request, string what) =>
        // No length and a zero length look the same here: the host sends an empty POST with "Content-Length: 0".
        LengthRequired(request.ContentLength ?? 0, what) is { } noBody ? Problems.Create(noBody) : null;

    /// <summary>
    /// The same rule for a body that arrived in the envelope (the organization routes): an empty one is a request that
    /// had none, whatever content type it names.
    /// </summary>
    public static RequestProblem? LengthRequired(long bodyLength, string what) =>
        bodyLength == 0
            ? new RequestProblem(StatusCodes.Status411LengthRequired, "Length required",
                $"The request carried no {what}. Send the file as the request body with a Content-Length header: a chunked upload arrives empty through Azure Functions.")
            : null;

    /// <summary>A body over a function's limit: how large it is, the limit, and what to do when there is advice for it.</summary>
    public static RequestProblem TooLarge(string what, long length, long limit, string? whatToDo = null) =>
        new(StatusCodes.Status413PayloadTooLarge, "Request too large",
            $"The {what} is {length:N0} bytes; this service accepts at most {limit:N0} bytes.{(whatToDo is null ? "" : " " + whatToDo)}");

    /// <summary>The media type without parameters, lower case; null when the request names none.</summary>
    public static string? MediaType(HttpRequest request) => MediaType(request.ContentType);

    /// <summary>
    /// The media type of a Content-Type header without parameters, lower case; null when there is none. A header that does
    /// not parse ("garbage", "text/") is given as sent: it names no type a function reads, and the 415 says what was sent.
    /// </summary>
    public static string? MediaType(string? contentType) =>
        string.IsNullOrWhiteSpace(contentType) ? null
        : MediaTypeHeaderValue.TryParse(contentType, out var media) && media.MediaType is { } type ? type.ToLowerInvariant()
        : contentType.Trim();

    /// <summary>How a 415's detail names what the request sent: <c>'text/plain'</c>, or "no content type".</summary>
    public static string Sent(string? mediaType) => mediaType is null ? "no content type" : $"'{mediaType}'";
}
