using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComplianceRisk.Functions.Contract;

/// <summary>
/// The <c>Outputs</c> of an answer, by binding name in the order they were first given. The handler keeps a blob
/// output's content as bytes until the answer is written (<see cref="EnvelopeAnswer"/> encodes its base64 into the
/// response as it goes): a roster's assessment is over a hundred megabytes, and its base64 string would be one more
/// copy, held until the whole answer is out. Read from the wire, every value is JSON (a blob's its base64 string); a
/// blob kept as bytes reads as that string too.
/// </summary>
[JsonConverter(typeof(OutputValuesConverter))]
public sealed class OutputValues : IReadOnlyDictionary<string, JsonElement>
{
    private readonly Dictionary<string, (JsonElement Json, byte[]? Blob)> _values;

    public OutputValues(IEnumerable<KeyValuePair<string, JsonElement>> json)
        : this(json.Select(v => (v.Key, (v.Value, (byte[]?)null))))
    {
    }

    internal OutputValues(IEnumerable<(string Name, (JsonElement Json, byte[]? Blob) Value)> values)
    {
        _values = new(StringComparer.Ordinal);
        foreach (var (name, value) in values) _values[name] = value;
    }

    /// <summary>Each output as the answer carries it: JSON, or a blob's content still to be encoded.</summary>
    internal IEnumerable<(string Name, JsonElement Json, byte[]? Blob)> Entries => _values.Select(v => (v.Key, v.Value.Json, v.Value.Blob));

    public JsonElement this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"no output '{key}'");

    public IReadOnlyCollection<string> Keys => _values.Keys;
    IEnumerable<string> IReadOnlyDictionary<string, JsonElement>.Keys => Keys;
    public IEnumerable<JsonElement> Values => _values.Keys.Select(key => this[key]);
    public int Count => _values.Count;

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value)
    {
        if (!_values.TryGetValue(key, out var found))
        {
            value = default;
            return false;
        }
        // Encoded on demand: only a caller in the handler's own process (a test) looks at a blob output this way.
        value = found.Blob is { } bytes ? Base64Json.Element(bytes) : found.Json;
        return true;
    }

    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator() =>
        _values.Keys.Select(key => new KeyValuePair<string, JsonElement>(key, this[key])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Reads <c>Outputs</c> as the map of JSON values it is on the wire; writes it as such, a blob as its base64 string.</summary>
internal sealed class OutputValuesConverter : JsonConverter<OutputValues>
{
    public override OutputValues Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(ref reader, options) ?? throw new JsonException("Outputs is not an object"));

    public override void Write(Utf8JsonWriter writer, OutputValues value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, json, blob) in value.Entries)
        {
            writer.WritePropertyName(options.DictionaryKeyPolicy?.ConvertName(name) ?? name);
            if (blob is not null) Base64Json.Write(writer, blob);
            else JsonSerializer.Serialize(writer, json, options);
        }
        writer.WriteEndObject();
    }
}
