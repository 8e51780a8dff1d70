using System.Text.Json;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Runtime.Storage;

namespace ComplianceRisk.Functions.Runtime;

/// <summary>
/// Invokes a queue-triggered function on one message: Data holds the message text; Metadata the trigger's binding data
/// (QueueTriggerBindingDataProvider in the WebJobs storage extension: Id, DequeueCount, InsertionTime, ExpirationTime,
/// NextVisibleTime, PopReceipt, the top-level properties of a JSON message, and sys). The same properties fill
/// binding expressions such as <c>{org}</c>.
/// </summary>
public sealed class QueueTriggers(EnvelopeInvoker invoker, ServeOptions options)
{
    public async Task<bool> HandleAsync(FunctionDefinition function, QueueMessage message, CancellationToken cancellationToken) =>
        await InvokeAsync(function, message.Body, message, cancellationToken) is not null;

    /// <summary>One invocation; <paramref name="message"/> is null when the admin endpoint runs the function on a text of its own.</summary>
    public async Task<InvocationResponse?> InvokeAsync(FunctionDefinition function, string body, QueueMessage? message, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var metadata = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
                foreach (var property in json.RootElement.EnumerateObject())
                {
                    metadata[property.Name] = property.Value.Clone();
                    if (property.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null))
                        values[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                }
        }
        catch (JsonException)
        {
            // A plain text message has no properties to bind.
        }
        var now = options.Clock.GetUtcNow();
        metadata["Id"] = JsonSerializer.SerializeToElement(message?.Id ?? options.NewInvocationId().ToString("N"));
        metadata["DequeueCount"] = JsonSerializer.SerializeToElement(message?.DequeueCount ?? 1);
        metadata["InsertionTime"] = JsonSerializer.SerializeToElement(message?.InsertedAt ?? now);
        metadata["ExpirationTime"] = JsonSerializer.SerializeToElement((message?.InsertedAt ?? now).AddDays(7));
        metadata["NextVisibleTime"] = JsonSerializer.SerializeToElement(now + options.VisibilityTimeout);
        metadata["PopReceipt"] = JsonSerializer.SerializeToElement(message?.PopReceipt ?? "");
        metadata["sys"] = invoker.Sys(function.Name);
        var trigger = function.Trigger!;
        return await invoker.InvokeAsync(function, trigger.Name, JsonSerializer.SerializeToElement(body), values, metadata, cancellationToken);
    }
}
