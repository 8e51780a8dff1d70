using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComplianceRisk.Functions.Contract;

/// <summary>
/// What the host POSTs to <c>/{FunctionName}</c> for a function it does not forward: every input binding's value under
/// its binding name in <see cref="Data"/>, the trigger's binding data in <see cref="Metadata"/>
/// (ScriptInvocationContextExtensions.ToHttpScriptInvocationContext in Azure/azure-functions-host).
/// </summary>
public sealed record InvocationRequest(
    [property: JsonPropertyName("Data")] Dictionary<string, JsonElement> Data,
    [property: JsonPropertyName("Metadata")] Dictionary<string, JsonElement> Metadata);

/// <summary>
/// What the handler answers: each output binding's value under its name, log lines the host writes for the invocation,
/// and the <c>$return</c> value (HttpScriptInvocationResult in Azure/azure-functions-host).
/// </summary>
public sealed record InvocationResponse(
    [property: JsonPropertyName("Outputs")] OutputValues Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] JsonElement? ReturnValue);

/// <summary>
/// An HTTP trigger's value inside <see cref="InvocationRequest.Data"/> (HttpRequestExtensions.GetRequestAsJObject):
/// the body is text, except for <c>application/octet-stream</c> and <c>multipart/*</c>, which arrive base64.
/// Repeated query parameters arrive joined with commas.
/// </summary>
public sealed record HttpTriggerData(
    [property: JsonPropertyName("Url")] string Url,
    [property: JsonPropertyName("Method")] string Method,
    [property: JsonPropertyName("Query")] Dictionary<string, string> Query,
    [property: JsonPropertyName("Headers")] Dictionary<string, string[]> Headers,
    [property: JsonPropertyName("Params")] Dictionary<string, string>? Params,
    [property: JsonPropertyName("Identities")] JsonElement? Identities,
    [property: JsonPropertyName("Body")] string? Body)
{
    /// <summary>True when the host carried the body as base64 bytes rather than text.</summary>
    public bool BodyIsBase64 => HttpBodies.IsOctetOrMultipart(Header("Content-Type"));

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    public byte[] BodyBytes() =>
        Body is null ? [] : BodyIsBase64 ? Convert.FromBase64String(Body) : System.Text.Encoding.UTF8.GetBytes(Body);
}

/// <summary>
/// An HTTP result inside <see cref="InvocationResponse.Outputs"/>. The host requires all four members
/// (HttpOutputBindingResponse in Azure/azure-functions-host) and writes <see cref="Body"/> as a string.
/// </summary>
public sealed record HttpOutput(
    [property: JsonPropertyName("StatusCode")] string StatusCode,
    [property: JsonPropertyName("Status")] string Status,
    [property: JsonPropertyName("Body")] string Body,
    [property: JsonPropertyName("Headers")] Dictionary<string, string> Headers)
{
    public static HttpOutput Create(int statusCode, string body, string contentType = "application/json; charset=utf-8") =>
        new(statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
            body, new Dictionary<string, string> { ["Content-Type"] = contentType });
}

/// <summary>Media-type rules the host applies to HTTP bodies (Utility.IsMediaTypeOctetOrMultipart in src/WebJobs.Script/Utility.cs).</summary>
public static class HttpBodies
{
    public static bool IsOctetOrMultipart(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return false;
        if (!System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType is null) return false;
        return media.MediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Contains("multipart/", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>Header names the host adds when it calls the handler (HttpWorkerConstants).</summary>
public static class HostHeaders
{
    public const string InvocationId = "X-Azure-Functions-InvocationId";
    public const string HostVersion = "X-Azure-Functions-HostVersion";
    public const string UserAgentProduct = "Azure-Functions-Host";
    /// <summary>Where the host tells a custom handler which port to listen on.</summary>
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";
}
