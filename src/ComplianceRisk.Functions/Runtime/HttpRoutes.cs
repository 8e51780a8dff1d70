using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;
using Microsoft.AspNetCore.Routing.Patterns;

namespace ComplianceRisk.Functions.Runtime;

/// <summary>
/// The host's HTTP routing, from the function.json files: each HTTP trigger's route (after host.json's route prefix),
/// restricted to its methods. Anything else is a 404, as in Azure; the handler's own paths (such as the envelope
/// endpoints) cannot be reached from outside.
/// </summary>
public static class HttpRoutes
{
    public static void Map(IEndpointRouteBuilder routes, FunctionApp app, ServeOptions options, RequestForwarder forwarder, EnvelopeInvoker envelopes, ILogger logger)
    {
        // The host tries routes in the order of the function names (Azure/azure-functions-host issue 9876), not by
        // ASP.NET Core's precedence: the order here makes serve do the same.
        var order = 0;
        foreach (var function in app.Functions.Where(f => f.HttpTrigger is not null).OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase))
        {
            var template = function.RouteTemplate(app.Host)!;
            var methods = function.HttpTrigger!.Methods;
            // DefaultHttpWorkerService.InvokeAsync: forwarded only when the function is HTTP in and out and
            // host.json turns forwarding on; otherwise the handler gets the envelope.
            var forwarded = app.Host.EnableForwardingHttpRequest && function.IsHttpInAndOut;
            routes.Map(RoutePatternFactory.Parse("/" + template), async context =>
            {
                // A method the function does not list is no match: the host answers 404, not 405.
                if (!methods.Contains(context.Request.Method.ToLowerInvariant()))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }
                // Refused by its length before a byte is read; Kestrel would refuse it only on reading, with an empty answer.
                if (context.Request.ContentLength is { } length && length > options.MaxRequestBodyBytes)
                {
                    await BodyLimit.Exceeded(length, options.MaxRequestBodyBytes, RequestBody.LargeRosterAdvice).ExecuteAsync(context);
                    return;
                }
                var started = options.Clock.GetTimestamp();
                try
                {
                    if (forwarded) await forwarder.ForwardAsync(context, function);
                    else await envelopes.InvokeHttpAsync(context, function);
                }
                catch (Exception e) when (CallerBodyFailure(e) is { } failure && !context.Response.HasStarted)
                {
                    await CallerBodyProblem(failure, context.Request.ContentLength).ExecuteAsync(context);
                }
                // Paths and ids only: query strings can carry person ids but never names.
                logger.LogInformation("{Function} {Method} {Path} → {Status} in {Milliseconds:0} ms", function.Name, context.Request.Method,
                    context.Request.Path.Value, context.Response.StatusCode, options.Clock.GetElapsedTime(started).TotalMilliseconds);
            }).WithDisplayName(function.Name).WithOrder(order++);
        }
    }

    /// <summary>
    /// Kestrel's word that the caller's body failed while serve read it: it stopped arriving (MinRequestBodyDataRate, 408)
    /// or ended before its Content-Length (400). Serve reads it itself for an envelope, and through the HttpClient that
    /// copies it to the handler for a forwarded function, which wraps the failure in an HttpRequestException.
    /// </summary>
    private static BadHttpRequestException? CallerBodyFailure(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is BadHttpRequestException failure) return failure;
        return null;
    }

    /// <summary>The caller's fault, said as a problem like every other error, rather than the 500 an unhandled failure would be.</summary>
    private static IResult CallerBodyProblem(BadHttpRequestException failure, long? length) =>
        failure.StatusCode == StatusCodes.Status408RequestTimeout
            ? Problems.Create(failure.StatusCode, "Request body timed out",
                $"The body stopped arriving before the {length:N0} bytes its Content-Length announced. Send the whole file at once, with a Content-Length that matches it.")
            : Problems.Create(failure.StatusCode, "Incomplete request body",
                $"{failure.Message} Send the whole file, with a Content-Length that matches it.");
}
