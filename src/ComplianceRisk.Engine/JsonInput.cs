using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace ComplianceRisk.Engine;

/// <summary>
/// How every reader of a JSON document (catalog, profile, treatments, subscription, assessment) gets from bytes to a value,
/// or to errors a person can act on: one home for what all of them accept and how they word what they refuse.
/// </summary>
public static partial class JsonInput
{
    /// <summary>Reads the document with the type's generated metadata and options; problems are errors with their path, never exceptions.</summary>
    public static ParseResult<T> Read<T>(ReadOnlySpan<byte> utf8Json, JsonTypeInfo<T> typeInfo) where T : class
    {
        utf8Json = WithoutByteOrderMark(utf8Json);
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(utf8Json, typeInfo);
        }
        catch (JsonException e)
        {
            return ParseResult<T>.Fail([ToError(e, typeInfo.Options)]);
        }
        return value is null ? ParseResult<T>.Fail("", "the document is empty (null)") : ParseResult<T>.Ok(value);
    }

    /// <summary>
    /// The document without a leading UTF-8 byte-order mark. Windows editors and PowerShell write one; the serializer
    /// skips it in a stream but refuses it in bytes.
    /// </summary>
    public static ReadOnlySpan<byte> WithoutByteOrderMark(ReadOnlySpan<byte> utf8Json) =>
        utf8Json.StartsWith(Encoding.UTF8.Preamble) ? utf8Json[Encoding.UTF8.Preamble.Length..] : utf8Json;

    /// <summary>Turns the serializer's <c>$.roles[3].id</c> path into <c>roles[3].id</c>.</summary>
    internal static string ToPath(string? jsonPath) =>
        jsonPath is null or "$" ? "" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');

    [GeneratedRegex(@"^JSON deserialization for type '[^']+' was missing required properties including: (?<names>.*?)\.?$")]
    private static partial Regex MissingRequired();

    [GeneratedRegex(@"^The JSON value could not be converted to (?<type>[\w.`\[\], +]+)\.$")]
    private static partial Regex NotConvertible();

    /// <summary>The serializer's exception as an error at its path; <paramref name="options"/> are those it read with.</summary>
    public static InputError ToError(JsonException e, JsonSerializerOptions options)
    {
        // The serializer's messages repeat the path and name internal types; keep what a person can act on.
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        if (MissingRequired().Match(message) is { Success: true } missing) message = $"missing required properties: {missing.Groups["names"].Value}";
        else if (NotConvertible().Match(message) is { Success: true } wrong) message = ValueType(wrong.Groups["type"].Value, e.Path, options) switch
        {
            "System.Int32" or "System.Int64" => "expected a whole number",
            "System.Double" or "System.Decimal" => "expected a number",
            "System.String" => "expected a string",
            "System.Boolean" => "expected true or false",
            "System.DateOnly" or "System.Nullable`1[System.DateOnly]" => "expected a date written YYYY-MM-DD",
            var type when type.Contains("ImmutableArray", StringComparison.Ordinal) => "expected a list",
            _ => "expected an object",
        };
        else if (message.StartsWith("The JSON property '", StringComparison.Ordinal) && message.Contains("could not be mapped", StringComparison.Ordinal))
            message = "unknown property (check its spelling against the schema)";
        return new InputError(ToPath(e.Path), message);
    }

    /// <summary>
    /// The type of the value that could not be read. The serializer names the type it was reading; for a member read as a
    /// constructor argument (generated metadata reads init-only members so too) that is the declaring type, so the
    /// member's own type is looked up by the last name in the path.
    /// </summary>
    private static string ValueType(string typeName, string? path, JsonSerializerOptions options)
    {
        var member = path?[(path.LastIndexOf('.') + 1)..];
        if (member is null || member.EndsWith(']') || typeof(JsonInput).Assembly.GetType(typeName) is not { } declaring
            || !options.TryGetTypeInfo(declaring, out var declaringInfo)) return typeName;
        var property = declaringInfo.Properties.FirstOrDefault(p => p.Name == member);
        return property?.PropertyType.ToString() ?? typeName;
    }
}
