using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ComplianceRisk.Functions.Contract;

namespace ComplianceRisk.Functions.Runtime;

/// <summary>
/// Plays the host's part for an HTTP-triggered function that is not forwarded: the request becomes the envelope
/// <c>{"Data","Metadata"}</c> POSTed to <c>/{FunctionName}</c>, and the HTTP output in the answer becomes the response.
/// Each rule cites where the host does the same in Azure/azure-functions-host.
/// </summary>
public sealed class EnvelopeInvoker(HttpClient handler, ServeOptions options, StorageBindings bindings, ILogger logger)
{
    public async Task InvokeHttpAsync(HttpContext context, FunctionDefinition function)
    {
        var trigger = function.HttpTrigger!;
        var data = await TriggerDataAsync(context);
        // The HTTP trigger's binding data for expressions such as {org}: route parameters and query parameters.
        var values = new Dictionary<string, string>(data.Query, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, parameter) in data.Params ?? []) values[key] = parameter;

        var answer = await InvokeAsync(function, trigger.Name, JsonSerializer.SerializeToElement(data), values, Metadata(context, data), context.RequestAborted);
        if (answer is null)
        {
            // A failed invocation of an HTTP function is a 500 to the caller, whatever the handler said.
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        // HttpScriptInvocationResultExtensions.ToScriptInvocationResult: the HTTP output binding's value, or the return
        // value when that binding is named $return.
        var output = function.Outputs.FirstOrDefault(b => b.Type.Equals(BindingTypes.Http, StringComparison.OrdinalIgnoreCase));
        JsonElement? value = output is null ? null
            : output.Name == "$return" ? answer.ReturnValue
            : answer.Outputs.TryGetValue(output.Name, out var named) ? named : null;
        if (value is not { ValueKind: JsonValueKind.Object } http || !TryReadHttpOutput(http, out var status, out var headers, out var body))
        {
            // GetHttpOutputBindingResponse requires StatusCode, Status, Body and Headers: anything else fails the invocation.
            logger.LogError("Function {Function} answered without a complete HTTP output ({Binding} needs StatusCode, Status, Body and Headers)", function.Name, output?.Name);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }
        context.Response.StatusCode = status;
        foreach (var (name, text) in headers) context.Response.Headers[name] = text;
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>
    /// One invocation of a function that is not forwarded, whatever its trigger: its input bindings read into Data
    /// beside the trigger's value, the envelope sent, and its output bindings (but HTTP) carried out. Null when the
    /// invocation failed: an input or output that cannot be bound, or the handler's answer (see <see cref="CallAsync"/>).
    /// Outputs are carried out only after a successful answer, as the host does (FunctionInvocationMiddleware binds
    /// outputs once the function returned).
    /// </summary>
    public async Task<InvocationResponse?> InvokeAsync(FunctionDefinition function, string triggerName, JsonElement triggerValue,
        IReadOnlyDictionary<string, string> values, Dictionary<string, JsonElement> metadata, CancellationToken cancellationToken)
    {
        Dictionary<string, JsonElement> data;
        try
        {
            data = await bindings.ReadInputsAsync(function, values, cancellationToken);
        }
        catch (Exception e) when (IsBindingFailure(e))
        {
            logger.LogError("Function {Function} failed: an input cannot be bound ({Message})", function.Name, e.Message);
            return null;
        }
        data[triggerName] = triggerValue;
        var invocationId = options.NewInvocationId();
        var answer = await CallAsync(function, new InvocationRequest(data, metadata), invocationId, cancellationToken);
        if (answer is null) return null;
        try
        {
            await bindings.WriteOutputsAsync(function, answer, values, invocationId, cancellationToken);
        }
        catch (Exception e) when (IsBindingFailure(e))
        {
            logger.LogError("Function {Function} failed: an output cannot be written ({Message})", function.Name, e.Message);
            return null;
        }
        return answer;
    }

    /// <summary>What fails one invocation rather than serve: a binding's value or path, or the storage under it.</summary>
    private static bool IsBindingFailure(Exception e) =>
        e is BindingException or ArgumentException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException;

    /// <summary>
    /// Sends one envelope. Null when the invocation failed: DefaultHttpWorkerService.ProcessDefaultInvocationRequest
    /// calls EnsureSuccessStatusCode, so any non-2xx answer fails it, and so does an answer that is not the envelope.
    /// </summary>
    public async Task<InvocationResponse?> CallAsync(FunctionDefinition function, InvocationRequest invocation, Guid invocationId, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/" + function.Name) { Content = JsonContent.Create(invocation) };
        HostCall.AddHeaders(message, options, invocationId);
        // Read as it arrives: the answer of a large roster carries hundreds of megabytes of base64, which buffering whole
        // would hold once more beside the outputs read from it.
        using var response = await handler.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            logger.LogError("Function {Function} failed: the handler answered {Status}", function.Name, (int)response.StatusCode);
            return null;
        }
        try
        {
            // Read as a map, which the serializer reads one output at a time (OutputValues' own converter would wait for all of them).
            var answer = await response.Content.ReadFromJsonAsync<WireAnswer>(cancellationToken);
            foreach (var line in answer?.Logs ?? []) logger.LogInformation("{Function}: {Line}", function.Name, line);
            return answer is null ? null : new InvocationResponse(new OutputValues(answer.Outputs ?? []), answer.Logs ?? [], answer.ReturnValue);
        }
        catch (JsonException e)
        {
            logger.LogError("Function {Function} failed: the handler's answer is not an invocation result ({Message})", function.Name, e.Message);
            return null;
        }
    }

    /// <summary>The handler's answer as it is on the wire (<see cref="InvocationResponse"/>).</summary>
    private sealed record WireAnswer(
        [property: System.Text.Json.Serialization.JsonPropertyName("Outputs")] Dictionary<string, JsonElement>? Outputs,
        [property: System.Text.Json.Serialization.JsonPropertyName("Logs")] IReadOnlyList<string>? Logs,
        [property: System.Text.Json.Serialization.JsonPropertyName("ReturnValue")] JsonElement? ReturnValue);

    /// <summary>
    /// HttpRequestExtensions.GetRequestAsJObject: URL, method, query (repeated values comma-joined), headers, route
    /// parameters, identities, and the body only when there is a Content-Length: base64 for application/octet-stream
    /// and multipart/*, text otherwise.
    /// </summary>
    private static async Task<HttpTriggerData> TriggerDataAsync(HttpContext context)
    {
        var request = context.Request;
        string? body = null;
        if (request.ContentLength is > 0)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
            body = HttpBodies.IsOctetOrMultipart(request.ContentType)
                ? Convert.ToBase64String(buffer.GetBuffer(), 0, (int)buffer.Length)
                : Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        return new HttpTriggerData(
            $"{request.Scheme}://{request.Host}{request.Path}{request.QueryString}",
            request.Method,
            request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            request.Headers.ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? "").ToArray()),
            RouteParameters(context),
            JsonSerializer.SerializeToElement(Array.Empty<object>()),
            body);
    }

    private static Dictionary<string, string> RouteParameters(HttpContext context) =>
        context.Request.RouteValues.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => Convert.ToString(v.Value, CultureInfo.InvariantCulture) ?? "");

    /// <summary>
    /// ScriptInvocationContextExtensions.ToHttpScriptInvocationContext: the trigger's binding data, minus the request
    /// itself and anything named "…trigger" (its value is already in Data). For HTTP that is the route parameters, the
    /// query parameters, Query, Headers and sys.
    /// </summary>
    private Dictionary<string, JsonElement> Metadata(HttpContext context, HttpTriggerData data)
    {
        var metadata = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in data.Query) metadata[key] = JsonSerializer.SerializeToElement(value);
        foreach (var (key, value) in data.Params ?? []) metadata[key] = JsonSerializer.SerializeToElement(value);
        metadata["Query"] = JsonSerializer.SerializeToElement(data.Query);
        metadata["Headers"] = JsonSerializer.SerializeToElement(data.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value)));
        metadata["sys"] = Sys(context.GetEndpoint()?.DisplayName ?? "");
        return metadata;
    }

    /// <summary>The binding data every trigger has (SystemBindingData in the WebJobs SDK): the method name, the time and a GUID.</summary>
    public JsonElement Sys(string methodName) => JsonSerializer.SerializeToElement(new Dictionary<string, string>
    {
        ["MethodName"] = methodName,
        ["UtcNow"] = options.Clock.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["RandGuid"] = options.NewInvocationId().ToString(),
    });

    private static bool TryReadHttpOutput(JsonElement http, out int status, out List<(string, string)> headers, out string body)
    {
        status = 0;
        headers = [];
        body = "";
        JsonElement Property(string name) =>
            http.EnumerateObject().FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

        var code = Property("StatusCode");
        var statusText = Property("Status");
        var bodyValue = Property("Body");
        var headerValues = Property("Headers");
        if (code.ValueKind == JsonValueKind.Undefined || statusText.ValueKind == JsonValueKind.Undefined
            || bodyValue.ValueKind == JsonValueKind.Undefined || headerValues.ValueKind != JsonValueKind.Object) return false;
        var codeText = code.ValueKind == JsonValueKind.String ? code.GetString() : code.GetRawText();
        if (!int.TryParse(codeText, NumberStyles.None, CultureInfo.InvariantCulture, out status) || status is < 100 or > 599) return false;
        // The host writes the body as a string; a JSON value other than a string is written as its JSON text.
        body = bodyValue.ValueKind == JsonValueKind.String ? bodyValue.GetString()! : bodyValue.ValueKind == JsonValueKind.Null ? "" : bodyValue.GetRawText();
        foreach (var header in headerValues.EnumerateObject())
            headers.Add((header.Name, header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString()! : header.Value.GetRawText()));
        return true;
    }
}
