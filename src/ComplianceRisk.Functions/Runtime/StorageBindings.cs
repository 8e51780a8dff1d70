using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Runtime.Storage;

namespace ComplianceRisk.Functions.Runtime;

/// <summary>Told when serve's own bindings write, so blob triggers and queue triggers need not wait for their next poll.</summary>
public sealed class StorageEvents
{
    public event Action<string>? BlobWritten;
    public event Action<string>? MessageQueued;

    public void OnBlobWritten(string path) => BlobWritten?.Invoke(path);
    public void OnMessageQueued(string queue) => MessageQueued?.Invoke(queue);
}

/// <summary>
/// The host's blob, table and queue bindings over <see cref="LocalStorage"/>, and the SendGrid output into the outbox
/// (<see cref="SendGridOutbox"/>): the input values put in the envelope's
/// <c>Data</c> before a call, and the handler's <c>Outputs</c> carried out after it. Each rule cites the file of
/// Azure/azure-functions-host it comes from.
/// </summary>
public sealed class StorageBindings(LocalStorage storage, BindingPaths paths, TimeProvider clock, StorageEvents events, SendGridOutbox outbox)
{
    /// <summary>
    /// Refuses at start what this runtime does not carry out, naming the function and binding (the host also fails a
    /// function whose bindings it cannot bind, at start).
    /// </summary>
    public static IEnumerable<string> Unsupported(FunctionDefinition function)
    {
        foreach (var binding in function.Bindings)
        {
            var type = binding.Type;
            string? problem = null;
            if (binding.Direction == BindingDirection.InOut) problem = "direction inout is not supported; declare an in and an out binding";
            else if (Is(type, BindingTypes.HttpTrigger) || Is(type, BindingTypes.Http)) problem = null;
            else if (Is(type, BindingTypes.TimerTrigger)) problem = ScheduleProblem(function);
            else if (Is(type, BindingTypes.Blob) || Is(type, BindingTypes.BlobTrigger)) problem = binding.Path is null ? "\"path\" is required" : null;
            else if (Is(type, BindingTypes.Queue) || Is(type, BindingTypes.QueueTrigger)) problem = Text(binding, "queueName") is null ? "\"queueName\" is required" : null;
            else if (Is(type, BindingTypes.Table))
                problem = Text(binding, "tableName") is null ? "\"tableName\" is required"
                    : binding.Direction == BindingDirection.In && Text(binding, "filter") is not null ? "\"filter\" is not supported by serve (use partitionKey, rowKey and take)"
                    : binding.Direction == BindingDirection.In && Text(binding, "partitionKey") is null ? "a table input needs \"partitionKey\" in serve"
                    : null;
            else if (Is(type, BindingTypes.SendGrid))
                problem = binding.Direction == BindingDirection.Out ? null : "a sendGrid binding is an output (direction out)";
            else problem = $"serve cannot run {type} bindings";
            if (problem is not null) yield return $"{function.Name} ({type} '{binding.Name}'): {problem}";
        }
    }

    private static string? ScheduleProblem(FunctionDefinition function)
    {
        try
        {
            TimerTriggers.Schedule(function);
            return null;
        }
        catch (BindingException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// The values of a function's input bindings other than its trigger (ScriptInvocationContextExtensions.ToHttpScriptInvocationContext
    /// puts each under its binding name in Data). A blob is base64 with <c>dataType: binary</c>, UTF-8 text otherwise,
    /// and null when it does not exist; a table binding with a row key is that entity or null, with a partition key only
    /// the partition's entities as an array (at most <c>take</c>).
    /// </summary>
    public async Task<Dictionary<string, JsonElement>> ReadInputsAsync(FunctionDefinition function, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, JsonElement>();
        foreach (var binding in function.Inputs.Where(b => !b.IsTrigger))
        {
            if (Is(binding.Type, BindingTypes.Blob))
            {
                var content = await storage.Blobs.ReadAsync(paths.Resolve(binding.Path!, values), cancellationToken);
                data[binding.Name] = content is null ? JsonSerializer.SerializeToElement<string?>(null)
                    : IsBinary(binding) ? Base64Json.Element(content) : JsonSerializer.SerializeToElement(Encoding.UTF8.GetString(content));
            }
            else if (Is(binding.Type, BindingTypes.Table))
            {
                var table = paths.Resolve(Text(binding, "tableName")!, values);
                var partition = ValidKey(binding, "partitionKey", paths.Resolve(Text(binding, "partitionKey")!, values));
                if (Text(binding, "rowKey") is { } rowKeyTemplate)
                {
                    var entity = storage.Tables.Get(table, partition, ValidKey(binding, "rowKey", paths.Resolve(rowKeyTemplate, values)));
                    data[binding.Name] = entity is null ? JsonSerializer.SerializeToElement<object?>(null) : JsonSerializer.SerializeToElement(EntityJson(entity));
                }
                else
                {
                    IEnumerable<TableEntity> rows = storage.Tables.Partition(table, partition);
                    if (binding.Raw["take"] is { } take) rows = rows.Take(take.GetValueKind() == JsonValueKind.Number ? take.GetValue<int>() : int.Parse(take.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
                    data[binding.Name] = JsonSerializer.SerializeToElement(new JsonArray([.. rows.Select(r => (JsonNode)EntityJson(r))]));
                }
            }
        }
        return data;
    }

    /// <summary>
    /// A table input's key as the binding resolved it, refused as the host's table extension refuses it
    /// (TableClient.ValidateAzureTableKeyValue, before the function runs): a key Azure Table Storage does not take fails the invocation.
    /// </summary>
    private static string ValidKey(BindingDefinition binding, string property, string key) => Handler.TableKeys.IsValid(key) ? key
        : throw new BindingException($"input '{binding.Name}': '{key}' is not a valid {property} (Azure Table Storage refuses / \\ # ? and control characters in keys)");

    /// <summary>
    /// Carries out every output binding but HTTP, in the order blobs, queues, mail, tables (so a function's table row
    /// saying "done" is written last, after the mail; Azure promises no order). Rules from HttpScriptInvocationResultExtensions.cs
    /// (GetOutputValue, GetBindingValue): an absent or null output is not written; with <c>dataType: binary</c> the value
    /// is taken as it is, otherwise a string that decodes as base64 becomes those bytes and anything else stays as it is.
    /// Mail is checked before anything is written. A failure (a malformed mail, a table row that exists) throws
    /// <see cref="BindingException"/>: the invocation failed.
    /// </summary>
    public async Task WriteOutputsAsync(FunctionDefinition function, InvocationResponse answer, IReadOnlyDictionary<string, string> values, Guid invocationId, CancellationToken cancellationToken)
    {
        var outputs = function.Outputs.Where(b => !Is(b.Type, BindingTypes.Http))
            .Select(b => (Binding: b, Value: answer.Outputs.TryGetValue(b.Name, out var v) ? Decode(b, v) : null))
            .Where(o => o.Value is not null)
            .OrderBy(o => Is(o.Binding.Type, BindingTypes.Blob) ? 0 : Is(o.Binding.Type, BindingTypes.Queue) ? 1 : Is(o.Binding.Type, BindingTypes.SendGrid) ? 2 : 3)
            .ToList();
        var mail = outputs.Where(o => Is(o.Binding.Type, BindingTypes.SendGrid))
            .SelectMany(o => SendGridOutbox.Read(function.Name, o.Binding, o.Value!.Bytes, o.Value.Json, template => paths.Resolve(template, values)))
            .ToList();
        var rows = new List<(string Table, TableEntity Entity)>();
        foreach (var (binding, value) in outputs)
        {
            if (Is(binding.Type, BindingTypes.Blob))
            {
                var path = paths.Resolve(binding.Path!, values);
                await storage.Blobs.WriteAsync(path, value!.Bytes ?? Encoding.UTF8.GetBytes(TextOf(value.Json!.Value)), cancellationToken);
                events.OnBlobWritten(path);
            }
            else if (Is(binding.Type, BindingTypes.Queue))
            {
                var queue = paths.Resolve(Text(binding, "queueName")!, values);
                // An array on a queue output is several messages (DESIGN §7); anything else is one.
                var messages = value!.Bytes is { } bytes ? [Encoding.UTF8.GetString(bytes)]
                    : value.Json!.Value.ValueKind == JsonValueKind.Array ? value.Json.Value.EnumerateArray().Select(TextOf).ToList()
                    : [TextOf(value.Json.Value)];
                foreach (var message in messages) storage.Queues.Enqueue(queue, message);
                events.OnMessageQueued(queue);
            }
            else if (Is(binding.Type, BindingTypes.SendGrid) && mail.Count > 0)
            {
                // Every message of the invocation at once, when the first mail output comes in the order.
                await outbox.WriteAsync(function.Name, invocationId, mail, values.TryGetValue("org", out var org) ? org : null, cancellationToken);
                mail = [];
            }
            else if (Is(binding.Type, BindingTypes.Table))
            {
                var table = paths.Resolve(Text(binding, "tableName")!, values);
                rows.AddRange(TableRows(binding, value!, values).Select(row => (table, row)));
            }
        }
        if (rows.Count == 0) return;
        try
        {
            // All the rows of one invocation in one transaction (stricter than Azure, where each output is its own
            // write): the row that says "done" never lands without the rows written beside it.
            storage.Tables.InsertAll(rows);
        }
        catch (TableConflictException e)
        {
            // The table output binding inserts; an existing row fails the invocation (HTTP 500, trigger retried).
            throw new BindingException($"{function.Name}: {e.Message}");
        }
    }

    /// <summary>An output's value after the host's decoding: bytes, or a JSON value.</summary>
    private sealed record OutputValue(byte[]? Bytes, JsonElement? Json);

    private static OutputValue? Decode(BindingDefinition binding, JsonElement value)
    {
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return null;
        // Not base64: the host keeps the string as it is.
        if (!IsBinary(binding) && Base64Json.Bytes(value) is { } bytes) return new OutputValue(bytes, null);
        return new OutputValue(null, value);
    }

    private IEnumerable<TableEntity> TableRows(BindingDefinition binding, OutputValue value, IReadOnlyDictionary<string, string> values)
    {
        JsonElement json;
        try
        {
            json = value.Bytes is { } bytes ? JsonDocument.Parse(bytes).RootElement : value.Json!.Value;
        }
        catch (JsonException)
        {
            throw new BindingException($"output '{binding.Name}': a table row is a JSON object, not bytes");
        }
        var rows = json.ValueKind == JsonValueKind.Array ? json.EnumerateArray().ToList() : [json];
        foreach (var row in rows)
        {
            if (row.ValueKind != JsonValueKind.Object || JsonNode.Parse(row.GetRawText()) is not JsonObject entity)
                throw new BindingException($"output '{binding.Name}': a table row is a JSON object, not {row.ValueKind}");
            // Keys the binding declares fill in the ones the row leaves out.
            if (!entity.ContainsKey("PartitionKey") && Text(binding, "partitionKey") is { } partition) entity["PartitionKey"] = paths.Resolve(partition, values);
            if (!entity.ContainsKey("RowKey") && Text(binding, "rowKey") is { } rowKey) entity["RowKey"] = paths.Resolve(rowKey, values);
            entity.Remove("Timestamp");
            TableEntity parsed;
            try
            {
                parsed = TableStore.FromJson(JsonSerializer.SerializeToElement(entity), clock.GetUtcNow());
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                throw new BindingException($"output '{binding.Name}': {e.Message}");
            }
            yield return parsed;
        }
    }

    /// <summary>An entity as a table input gives it: its keys, its timestamp and its properties in one object.</summary>
    internal static JsonObject EntityJson(TableEntity entity)
    {
        var json = new JsonObject
        {
            ["PartitionKey"] = entity.PartitionKey,
            ["RowKey"] = entity.RowKey,
            ["Timestamp"] = entity.Timestamp.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (name, property) in entity.Properties) json[name] = property?.DeepClone();
        return json;
    }

    private static string TextOf(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static bool IsBinary(BindingDefinition binding) => string.Equals(binding.DataType, "binary", StringComparison.OrdinalIgnoreCase);

    internal static bool Is(string type, string expected) => type.Equals(expected, StringComparison.OrdinalIgnoreCase);

    internal static string? Text(BindingDefinition binding, string property) =>
        binding.Raw[property] is { } node && node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
}
