using System.Collections.Concurrent;
using System.Text.Json;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;
using ComplianceRisk.Functions.Handler.Authorization;
using Microsoft.AspNetCore.Http.Features;

namespace ComplianceRisk.Functions.Runtime;

/// <summary>
/// The host's <c>POST /admin/functions/{name}</c> with <c>{"input": "…"}</c>: runs a non-HTTP function now and answers
/// 202 before it finishes (FunctionsController.Invoke in Azure/azure-functions-host). A blob trigger's input is the blob
/// path, a queue trigger's the message text; a timer trigger takes none. Like the host's, such a run bypasses receipts and the queue: it is not
/// retried, and running a blob again is how a person asks for it to be reprocessed. Only an operator's key reaches it
/// (<see cref="ServeGuard"/>), as only the master key reaches the host's.
/// </summary>
public sealed class AdminEndpoint(FunctionApp app, BlobTriggers blobs, QueueTriggers queues, TimerTriggers timers, Runtime.Storage.LocalStorage storage, ILogger logger)
{
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    public void Map(IEndpointRouteBuilder routes, CancellationToken stopping) =>
        routes.MapPost("/admin/functions/{name}", (HttpContext context, string name) => InvokeAsync(context, name, stopping))
            // Before any function's route: a catch-all route must not take the host's own paths.
            .WithOrder(int.MinValue).WithDisplayName("admin");

    /// <summary>Waits for the runs still going (serve's stop cancels them first).</summary>
    public Task DrainAsync() => Task.WhenAll(_running.Keys);

    private async Task<IResult> InvokeAsync(HttpContext context, string name, CancellationToken stopping)
    {
        if (app.Find(name) is not { } function)
            return Problems.Create(StatusCodes.Status404NotFound, "No such function", $"the app has no function named '{name}'");
        var trigger = function.Trigger!;
        if (StorageBindings.Is(trigger.Type, BindingTypes.HttpTrigger))
            return Problems.Create(StatusCodes.Status400BadRequest, "An HTTP function", $"{function.Name} is HTTP-triggered: call its route instead");

        string? input = null;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("input", out var value))
                input = value.ValueKind == JsonValueKind.String ? value.GetString() : value.ValueKind == JsonValueKind.Null ? null : value.GetRawText();
        }
        catch (JsonException e)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Not a JSON body", $"send {{\"input\": \"…\"}} ({e.Message})");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit)
        {
            // Kestrel's own limit, met while reading: without this it answers an empty 413.
            return BodyLimit.Exceeded(context.Request.ContentLength, limit, "An admin request carries only {\"input\": \"…\"}: a blob's path or a queue message's text.");
        }

        Func<Task<InvocationResponse?>> run;
        if (StorageBindings.Is(trigger.Type, BindingTypes.BlobTrigger))
        {
            var blob = input is null ? null : TryFind(input);
            if (blob is null || BindingPaths.Match(trigger.Path!, blob.Path) is null)
                return Problems.Create(StatusCodes.Status400BadRequest, "No such blob",
                    $"input must be the path of an existing blob that matches {trigger.Path}");
            run = async () => await blobs.InvokeAsync(function, trigger, blob, await storage.Blobs.ReadAsync(blob.Path, stopping) ?? [], stopping);
        }
        else if (StorageBindings.Is(trigger.Type, BindingTypes.QueueTrigger))
        {
            if (input is null)
                return Problems.Create(StatusCodes.Status400BadRequest, "No message", "input must be the queue message's text");
            run = () => queues.InvokeAsync(function, input, null, stopping);
        }
        else
        {
            // A timer trigger (CheckSupported refused any other kind at start): run now, not past due, as the host does.
            run = () => timers.InvokeAsync(function, isPastDue: false, null, null, stopping);
        }

        // ServeGuard let only an operator's key through, and wrote the principal for it: the log names the key, never holds it.
        var operatorKey = ClientPrincipal.Parse(context.Request.Headers[ClientPrincipal.Header])?.Name;
        logger.LogInformation("admin: {Function} asked for with key '{KeyName}'", function.Name, operatorKey);
        var task = Task.Run(async () =>
        {
            try
            {
                var answer = await run();
                logger.LogInformation("admin: {Function} {Outcome}", function.Name, answer is null ? "failed" : "succeeded");
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                logger.LogError("admin: {Function} failed ({Message})", function.Name, e.Message);
            }
        }, CancellationToken.None);
        _running[task] = 0;
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private Runtime.Storage.BlobItem? TryFind(string path)
    {
        try
        {
            return storage.Blobs.Find(path);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
