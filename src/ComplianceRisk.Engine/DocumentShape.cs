using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ComplianceRisk.Engine;

/// <summary>
/// Every place a JSON document does not fit the type it is read as (unknown or repeated properties, missing required
/// ones, values of the wrong kind, nulls where none is allowed), where the serializer stops at the first. Each is said
/// as <see cref="JsonInput"/> says it, and the document is mended as it is walked: what was unknown or repeated left out,
/// a value of the wrong kind (or a missing one) replaced by a stand-in of the right kind, so that the checks a reader
/// makes on the value read can still run; their errors about a stand-in say nothing and are dropped
/// (<see cref="IsMended"/>). A value of the wrong kind is not looked into: its own members are not checked.
/// </summary>
public sealed class DocumentShape
{
    /// <summary>Enough to mend a document by; a document of another kind altogether gets no longer a list.</summary>
    private const int MaxErrors = 50;

    private readonly List<InputError> _errors = [];
    private readonly List<string> _mended = [];
    private readonly JsonSerializerOptions _options;
    private readonly Utf8JsonWriter _writer;

    private DocumentShape(JsonSerializerOptions options, Utf8JsonWriter writer) => (_options, _writer) = (options, writer);

    /// <summary>How a property the type does not have is said (<see cref="JsonInput"/> says the serializer's own so too).</summary>
    public const string UnknownProperty = "unknown property (check its spelling against the schema)";

    /// <summary>How a property written twice in one object is said (<see cref="JsonInput"/> says the serializer's own so too).</summary>
    public const string DuplicateProperty = "written more than once in the same object; write it once";

    /// <summary>What was wrong, in the order the document has it.</summary>
    public IReadOnlyList<InputError> Errors => _errors;

    /// <summary>The document with what was wrong mended, to read for the checks that follow.</summary>
    public byte[] Mended { get; private set; } = [];

    /// <summary>Whether the list stopped at its limit: the rest of the document was not looked at.</summary>
    public bool Truncated => _errors.Count >= MaxErrors;

    /// <summary>
    /// Walks the document; null when it is not JSON at all or is null (the serializer's one error says what it is instead).
    /// <paramref name="typeInfo"/> is the metadata it is read with.
    /// </summary>
    public static DocumentShape? Check(ReadOnlySpan<byte> utf8Json, JsonTypeInfo typeInfo)
    {
        var options = typeInfo.Options;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(JsonInput.WithoutByteOrderMark(utf8Json).ToArray(), new JsonDocumentOptions
            {
                AllowTrailingCommas = options.AllowTrailingCommas,
                CommentHandling = options.ReadCommentHandling,
                MaxDepth = options.MaxDepth,
            });
        }
        catch (JsonException)
        {
            return null;
        }
        using (document)
        {
            if (document.RootElement.ValueKind == JsonValueKind.Null) return null;
            var buffer = new ArrayBufferWriter<byte>();
            DocumentShape shape;
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
            {
                shape = new DocumentShape(options, writer);
                shape.Value("", document.RootElement, typeInfo, nullable: false);
            }
            shape.Mended = buffer.WrittenSpan.ToArray();
            return shape;
        }
    }

    /// <summary>Whether an error at <paramref name="path"/> is about a stand-in this walk wrote or a value written twice, or lies within one.</summary>
    public bool IsMended(string path) => _mended.Any(m => path == m
        || (path.StartsWith(m, StringComparison.Ordinal) && path.Length > m.Length && path[m.Length] is '.' or '['));

    private void Value(string path, JsonElement element, JsonTypeInfo info, bool nullable)
    {
        if (element.ValueKind == JsonValueKind.Null && !nullable && !IsNullableValueType(info.Type))
        {
            Mend(path, info, JsonInput.Expected(info.Type.ToString()) + ", not null");
            return;
        }
        if (Truncated || element.ValueKind == JsonValueKind.Null)
        {
            element.WriteTo(_writer);
            return;
        }
        // A value that may be left out (ImmutableArray<T>?): its metadata names the type, not what a list or an object holds.
        if (Nullable.GetUnderlyingType(info.Type) is { } underlying) info = _options.GetTypeInfo(underlying);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when element.ValueKind == JsonValueKind.Object:
                Object(path, element, info);
                break;
            case JsonTypeInfoKind.Enumerable when element.ValueKind == JsonValueKind.Array:
                _writer.WriteStartArray();
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    Value($"{path}[{(index++).ToString(CultureInfo.InvariantCulture)}]", item, _options.GetTypeInfo(info.ElementType!), nullable: false);
                _writer.WriteEndArray();
                break;
            case JsonTypeInfoKind.Dictionary when element.ValueKind == JsonValueKind.Object:
                // A map keyed by strings or enums is looked into entry by entry; one keyed otherwise is read whole.
                if (info.KeyType == typeof(string) || info.KeyType!.IsEnum) Map(path, element, info);
                else Leaf(path, element, info);
                break;
            case JsonTypeInfoKind.Object or JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary:
                Mend(path, info, JsonInput.Expected(info.Type.ToString()));
                break;
            default:
                Leaf(path, element, info);
                break;
        }
    }

    private void Object(string path, JsonElement element, JsonTypeInfo info)
    {
        var members = info.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var strict = (info.UnmappedMemberHandling ?? _options.UnmappedMemberHandling) == JsonUnmappedMemberHandling.Disallow;
        _writer.WriteStartObject();
        foreach (var property in element.EnumerateObject())
        {
            var at = Member(path, property.Name);
            if (!seen.Add(property.Name))
            {
                if (!_options.AllowDuplicateProperties) Duplicate(at);
                continue;
            }
            if (!members.TryGetValue(property.Name, out var member))
            {
                if (strict) Error(at, UnknownProperty);
                continue;
            }
            _writer.WritePropertyName(property.Name);
            // A member that is only written (no setter, no constructor parameter) is skipped by the serializer too.
            if (member.Set is null && member.AssociatedParameter is null) property.Value.WriteTo(_writer);
            else Value(at, property.Value, _options.GetTypeInfo(member.PropertyType), AcceptsNull(member));
        }
        var missing = info.Properties.Where(p => IsRequired(p) && !seen.Contains(p.Name)).ToList();
        if (missing.Count > 0)
        {
            Error(path, $"missing required properties: {string.Join(", ", missing.Select(p => $"'{p.Name}'"))}");
            foreach (var member in missing)
            {
                _writer.WritePropertyName(member.Name);
                WriteStandIn(Member(path, member.Name), _options.GetTypeInfo(member.PropertyType));
            }
        }
        _writer.WriteEndObject();
    }

    private void Map(string path, JsonElement element, JsonTypeInfo info)
    {
        var keys = info.KeyType == typeof(string) ? null : _options.GetTypeInfo(info.KeyType!);
        var values = _options.GetTypeInfo(info.ElementType!);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        _writer.WriteStartObject();
        foreach (var entry in element.EnumerateObject())
        {
            var at = Member(path, entry.Name);
            if (!seen.Add(entry.Name))
            {
                if (!_options.AllowDuplicateProperties) Duplicate(at);
                continue;
            }
            if (keys is not null && Problem(JsonSerializer.SerializeToUtf8Bytes(entry.Name), keys) is { } wrongKey)
            {
                Error(at, wrongKey.Message);
                continue;
            }
            _writer.WritePropertyName(entry.Name);
            Value(at, entry.Value, values, nullable: false);
        }
        _writer.WriteEndObject();
    }

    /// <summary>A value the serializer reads whole (a number, a string, a date, an enum): read it so, and say why it fails.</summary>
    private void Leaf(string path, JsonElement element, JsonTypeInfo info)
    {
        if (Problem(Encoding.UTF8.GetBytes(element.GetRawText()), info) is not { } problem)
        {
            element.WriteTo(_writer);
            return;
        }
        Mend(problem.Path.Length == 0 ? path : Member(path, problem.Path), info, problem.Message, at: path);
    }

    private InputError? Problem(byte[] json, JsonTypeInfo info)
    {
        try
        {
            JsonSerializer.Deserialize(json, info);
            return null;
        }
        catch (JsonException e)
        {
            return JsonInput.ToError(e, json, _options);
        }
    }

    /// <summary>
    /// A property written twice: the first value is kept to read by, but which of the two was meant is not known, so the
    /// checks' errors about it say nothing and are dropped, as a stand-in's are.
    /// </summary>
    private void Duplicate(string path)
    {
        Error(path, DuplicateProperty);
        _mended.Add(path);
    }

    private void Mend(string errorPath, JsonTypeInfo info, string message, string? at = null)
    {
        Error(errorPath, message);
        WriteStandIn(at ?? errorPath, info);
    }

    /// <summary>
    /// A value of the type at <paramref name="path"/> that reads: the first of a few plain ones that does. None may
    /// (an object with required members); the original or nothing then stays, and the mended document fails to read.
    /// </summary>
    private void WriteStandIn(string path, JsonTypeInfo info)
    {
        _mended.Add(path);
        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        IEnumerable<string> candidates = type.IsEnum
            ? [JsonSerializer.Serialize(JsonNamingPolicy.KebabCaseLower.ConvertName(Enum.GetNames(type)[0]))]
            : ["1", "\"\"", "false", "\"2000-01-01\"", "[]", "{}"];
        var standIn = candidates.FirstOrDefault(c => Problem(Encoding.UTF8.GetBytes(c), info) is null) ?? "null";
        _writer.WriteRawValue(standIn, skipInputValidation: true);
    }

    private void Error(string path, string message)
    {
        if (!Truncated) _errors.Add(new InputError(path, message));
    }

    private static string Member(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static bool IsNullableValueType(Type type) => Nullable.GetUnderlyingType(type) is not null;

    /// <summary>Whether the member may be null, as the serializer holds it to its annotation (RespectNullableAnnotations).</summary>
    private bool AcceptsNull(JsonPropertyInfo member) =>
        !_options.RespectNullableAnnotations || (member.AssociatedParameter?.IsNullable ?? member.IsSetNullable);

    private bool IsRequired(JsonPropertyInfo member) => member.IsRequired
        || (_options.RespectRequiredConstructorParameters && member.AssociatedParameter is { HasDefaultValue: false, IsMemberInitializer: false });
}
