using System.Text.Json;
using System.Text.Json.Nodes;

namespace ComplianceRisk.Functions.Contract;

/// <summary>
/// Reads the non-HTTP values of an envelope as the host writes them
/// (ScriptInvocationContextExtensions.GetHttpScriptInvocationContextValue in Azure/azure-functions-host):
/// a byte array (a blob declared <c>dataType: binary</c>) arrives as base64; anything that serializes to a JSON object
/// arrives as that object; anything else (a string, an array, a missing blob or row) arrives as the *JSON text* of the
/// value, so a binding-data string <c>acme</c> comes as <c>"\"acme\""</c> and a missing value as the string <c>"null"</c>.
/// These readers accept both that and the plain form, so they read the host and <c>serve</c> alike.
/// </summary>
public static class BindingValues
{
    /// <summary>A blob input or trigger declared <c>dataType: binary</c>; null when the blob does not exist.</summary>
    public static byte[]? Bytes(this InvocationRequest request, string binding)
    {
        if (!request.Data.TryGetValue(binding, out var value)) return null;
        if (value.ValueKind != JsonValueKind.String) return null;
        // A missing blob is a null input, which the host writes as the JSON text "null" (itself valid base64).
        if (value.ValueEquals("") || value.ValueEquals("null")) return null;
        return Base64Json.Bytes(value) ?? throw new FormatException($"the input '{binding}' is not base64");
    }

    /// <summary>A table input (one entity, or a partition's entities): the JSON value, or null when there is none.</summary>
    public static JsonNode? Json(this InvocationRequest request, string binding) =>
        request.Data.TryGetValue(binding, out var value) ? Unwrap(value) : null;

    /// <summary>A table input of a partition: its entities (one entity alone, or none when the value is missing).</summary>
    public static IEnumerable<JsonObject> Rows(this InvocationRequest request, string binding) => request.Json(binding) switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject one => [one],
        _ => [],
    };

    /// <summary>
    /// A table entity's property as text, whether the store gives it as a JSON string, number or boolean (a row written
    /// with <c>"Hour": 8</c> may come back either way); null when absent or of another kind.
    /// </summary>
    public static string? PropertyText(this JsonObject entity, string name) => entity[name] switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
        _ => null,
    };

    /// <summary>A table entity's property as a number, given as a JSON number or as its text; null when it is neither.</summary>
    public static double? PropertyNumber(this JsonObject entity, string name) =>
        double.TryParse(entity.PropertyText(name), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>A trigger's binding-data value as text (<c>org</c>, <c>name</c>), unquoted; null when absent.</summary>
    public static string? MetadataText(this InvocationRequest request, string key)
    {
        var found = request.Metadata.FirstOrDefault(m => string.Equals(m.Key, key, StringComparison.OrdinalIgnoreCase));
        if (found.Key is null) return null;
        return Unwrap(found.Value) switch
        {
            JsonValue text when text.TryGetValue<string>(out var s) => s,
            null => null,
            var other => other.ToJsonString(),
        };
    }

    /// <summary>Undoes the host's serialization of non-object values: a string holding JSON text is parsed, as often as it was wrapped.</summary>
    private static JsonNode? Unwrap(JsonElement value)
    {
        var node = JsonSerializer.SerializeToNode(value);
        for (var depth = 0; depth < 3 && node is JsonValue text && text.TryGetValue<string>(out var s); depth++)
        {
            try
            {
                node = JsonNode.Parse(s);
            }
            catch (JsonException)
            {
                break; // plain text, not JSON text: it is the value itself
            }
        }
        return node;
    }
}

/// <summary>
/// The outputs of one invocation, shaped as the host applies them (HttpScriptInvocationResultExtensions.GetOutputValue):
/// a blob output is a base64 string the host decodes to bytes (its binding declares no <c>dataType</c>); table and
/// queue outputs are JSON objects or arrays, never bare strings, since a string that happens to be base64 would be
/// decoded; an output left out is not written.
/// </summary>
public sealed class InvocationOutputs
{
    private readonly Dictionary<string, (JsonElement Json, byte[]? Blob)> _outputs = new(StringComparer.Ordinal);
    private readonly List<string> _logs = [];

    /// <summary>A blob output: its content, kept as it is until the answer is written (as base64). It is not changed after.</summary>
    public InvocationOutputs Blob(string binding, byte[] content)
    {
        _outputs[binding] = (default, content);
        return this;
    }

    /// <summary>A table row or queue message (or an array of them): written as a JSON object, never as a string.</summary>
    public InvocationOutputs Json(string binding, JsonNode value)
    {
        if (value is not (JsonObject or JsonArray)) throw new ArgumentException("a table or queue output is a JSON object or array", nameof(value));
        _outputs[binding] = (JsonSerializer.SerializeToElement(value), null);
        return this;
    }

    public InvocationOutputs Http(string binding, HttpOutput output)
    {
        _outputs[binding] = (JsonSerializer.SerializeToElement(output), null);
        return this;
    }

    /// <summary>A line the host writes to the invocation's log: ids and paths, never people's names.</summary>
    public InvocationOutputs Log(string line)
    {
        _logs.Add(line);
        return this;
    }

    /// <summary>
    /// The log line of a failure in the app itself: what failed, and the exception's type and stack for whoever fixes it.
    /// Not its message, which may quote the roster (logs carry ids, never names).
    /// </summary>
    public InvocationOutputs LogFailure(string what, Exception failure) =>
        Log($"{what}: {failure.GetType().FullName} (its message is left out: it may quote the roster){Environment.NewLine}{failure.StackTrace}");

    public InvocationResponse ToResponse() => new(new OutputValues(_outputs.Select(o => (o.Key, o.Value))), [.. _logs], null);
}
