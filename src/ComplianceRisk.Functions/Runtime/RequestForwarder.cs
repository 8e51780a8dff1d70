using ComplianceRisk.Functions.Contract;
using Microsoft.AspNetCore.WebUtilities;

namespace ComplianceRisk.Functions.Runtime;

/// <summary>
/// Plays the host's part for a forwarded function (HTTP in, HTTP out, enableForwardingHttpRequest): the request is
/// rebuilt and sent to the handler at the same path, and the handler's response goes back as it is.
/// Each rule cites where the host does the same in Azure/azure-functions-host.
/// </summary>
public sealed class RequestForwarder(HttpClient handler, ServeOptions options)
{
    public async Task ForwardAsync(HttpContext context, FunctionDefinition function)
    {
        var request = context.Request;
        // DefaultHttpWorkerService.GetPathValue: with forwarding on, the handler is called at the request's own path.
        var path = request.PathBase.Add(request.Path).ToUriComponent();
        // HttpRequestExtensions.ToHttpRequestMessage: the query is rebuilt from a dictionary in which a repeated
        // parameter's values are joined by commas (GetQueryCollectionAsDictionary).
        var query = request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        // The handler's address is written out in front of the path rather than resolved against it: a path that starts
        // with // ("//elsewhere.example/page") would otherwise resolve as a scheme-relative address and send the
        // caller's request, keys and all, to another host, whose answer would then come back from serve's origin.
        var target = new Uri(handler.BaseAddress!.GetLeftPart(UriPartial.Authority) + QueryHelpers.AddQueryString(path, query), UriKind.Absolute);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), target);

        // ToHttpRequestMessage copies every header it can as a request header; content headers travel with the body.
        // Transfer-Encoding is the one exception: copied onto a request whose body is dropped, HttpClient refuses to
        // send it. The body arrives empty instead, as DESIGN §7 says it does in Azure.
        foreach (var header in request.Headers)
            if (!header.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                message.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string>)header.Value!);
        // ToHttpRequestMessage copies the body only when the request has a Content-Length greater than zero:
        // a chunked body never reaches the handler.
        if (request.ContentLength is > 0)
        {
            message.Content = new StreamContent(request.Body);
            message.Content.Headers.TryAddWithoutValidation("Content-Length", request.ContentLength.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!string.IsNullOrEmpty(request.ContentType)) message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }
        HostCall.AddHeaders(message, options, options.NewInvocationId());

        using var response = await handler.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        await HostCall.CopyResponseAsync(response, context);
    }
}

/// <summary>What every call from the host to the handler has in common.</summary>
internal static class HostCall
{
    /// <summary>DefaultHttpWorkerService.AddHeaders: host version, invocation id, and the host's user agent.</summary>
    public static void AddHeaders(HttpRequestMessage message, ServeOptions options, Guid invocationId)
    {
        message.Headers.Remove(HostHeaders.HostVersion);
        message.Headers.Remove(HostHeaders.InvocationId);
        message.Headers.TryAddWithoutValidation(HostHeaders.HostVersion, options.HostVersion);
        message.Headers.TryAddWithoutValidation(HostHeaders.InvocationId, invocationId.ToString());
        message.Headers.UserAgent.TryParseAdd($"{HostHeaders.UserAgentProduct}/{options.HostVersion}");
    }

    public static async Task CopyResponseAsync(HttpResponseMessage response, HttpContext context)
    {
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            // Framing is Kestrel's business on this side of the hop.
            if (header.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || header.Key.Equals("Connection", StringComparison.OrdinalIgnoreCase)) continue;
            context.Response.Headers[header.Key] = header.Value.ToArray();
        }
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
