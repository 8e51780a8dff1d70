using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace ComplianceRisk.Engine;

/// <summary>
/// How every reader of a JSON document (catalog, profile, treatments, subscription, assessment) gets from bytes to a value,
/// or to errors a person can act on: one home for what all of them accept and how they word what they refuse.
/// </summary>
public static partial class JsonInput
{
    /// <summary>
    /// Reads the document with the type's generated metadata and options; problems are errors with their path, never
    /// exceptions. A value read has no null in any of its lists or maps.
    /// </summary>
    public static ParseResult<T> Read<T>(ReadOnlySpan<byte> utf8Json, JsonTypeInfo<T> typeInfo) where T : class =>
        Read(utf8Json, typeInfo, ParseResult<T>.Ok);

    /// <summary>
    /// Reads the document as <see cref="Read{T}"/> does, then makes the value of it with <paramref name="check"/>, which
    /// checks what the type alone cannot (a known organization type, a time zone). A fault of the document's shape (an
    /// unknown property, a value of the wrong kind, a missing one) is an error but not the end: every one is listed, and
    /// the document with them mended is still read and checked, so one answer lists every error to mend, as the documents'
    /// readers promise ("errors lists each with its path").
    /// </summary>
    public static ParseResult<TResult> Read<TDocument, TResult>(ReadOnlySpan<byte> utf8Json, JsonTypeInfo<TDocument> typeInfo, Func<TDocument, ParseResult<TResult>> check)
        where TDocument : class
        where TResult : class
    {
        var read = ReadAndCheck(utf8Json, typeInfo, check);
        return !read.Success && DocumentKinds.GivenInPlaceOf<TDocument>(utf8Json) is { } misplaced ? ParseResult<TResult>.Fail([misplaced]) : read;
    }

    private static ParseResult<TResult> ReadAndCheck<TDocument, TResult>(ReadOnlySpan<byte> utf8Json, JsonTypeInfo<TDocument> typeInfo, Func<TDocument, ParseResult<TResult>> check)
        where TDocument : class
        where TResult : class
    {
        utf8Json = WithoutByteOrderMark(utf8Json);
        TDocument? value;
        try
        {
            value = JsonSerializer.Deserialize(utf8Json, typeInfo);
        }
        catch (JsonException e)
        {
            // The serializer stops at the first fault; the walk finds every one, and mends them so the checks still run.
            // Not JSON at all, or a fault the walk does not see: the serializer's word stands.
            if (DocumentShape.Check(utf8Json, typeInfo) is not { Errors.Count: > 0 } shape) return ParseResult<TResult>.Fail([ToError(e, utf8Json, typeInfo.Options)]);
            var errors = shape.Errors.ToList();
            if (shape.Truncated) errors.Add(new InputError("", "and more: the list stops here; fix these and check again"));
            else if (Mended(shape, typeInfo) is { } mended)
                errors.AddRange(Checked(mended, typeInfo, check).Errors.Where(error => !shape.IsMended(error.Path)));
            // A stand-in could not be made (an object left out whole): the checks wait for the fixes.
            else errors.Add(new InputError("", "ids, references and values are checked once the errors above are fixed"));
            return ParseResult<TResult>.Fail(errors);
        }
        return Checked(value, typeInfo, check);
    }

    private static TDocument? Mended<TDocument>(DocumentShape shape, JsonTypeInfo<TDocument> typeInfo) where TDocument : class
    {
        try
        {
            return JsonSerializer.Deserialize(shape.Mended, typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ParseResult<TResult> Checked<TDocument, TResult>(TDocument? value, JsonTypeInfo<TDocument> typeInfo, Func<TDocument, ParseResult<TResult>> check)
        where TDocument : class
        where TResult : class
    {
        if (value is null) return ParseResult<TResult>.Fail("", "the document is empty (null)");
        var nulls = NullElements.Find(value, typeInfo);
        return nulls.Count > 0 ? ParseResult<TResult>.Fail(nulls) : check(value);
    }

    private static bool IsUnknownProperty(string message) =>
        message.StartsWith("The JSON property '", StringComparison.Ordinal) && message.Contains("could not be mapped", StringComparison.Ordinal);

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

    [GeneratedRegex(@"^The (?:property or field|constructor parameter) '[^']+' on type '(?<type>[^']+)' doesn't allow (?:setting )?null values\.")]
    private static partial Regex NullNotAllowed();

    /// <summary>
    /// The serializer's exception as an error at its path, in words a person can act on: the serializer's own messages
    /// repeat the path and name .NET types. <paramref name="utf8Json"/> is the document read, <paramref name="options"/> the
    /// options it was read with.
    /// </summary>
    public static InputError ToError(JsonException e, ReadOnlySpan<byte> utf8Json, JsonSerializerOptions options)
    {
        if (NotJson(WithoutByteOrderMark(utf8Json)) is { } what) return new InputError("", what);
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal) is > 0 and var path ? path : message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        // The serializer ends its own messages with where it failed; a converter's message is already the words to show.
        var located = cut > 0;
        if (located) message = message[..cut];
        if (MissingRequired().Match(message) is { Success: true } missing) message = $"missing required properties: {missing.Groups["names"].Value}";
        else if (NotConvertible().Match(message) is { Success: true } wrong) message = Expected(ValueType(wrong.Groups["type"].Value, e.Path, options));
        else if (NullNotAllowed().Match(message) is { Success: true } isNull) message = Expected(ValueType(isNull.Groups["type"].Value, e.Path, options)) + ", not null";
        else if (IsUnknownProperty(message))
            message = DocumentShape.UnknownProperty;
        // AllowDuplicateProperties = false: "Duplicate property 'x' encountered …" on an object, "Duplicate properties not allowed …" on a map.
        else if (message.StartsWith("Duplicate propert", StringComparison.Ordinal))
            message = DocumentShape.DuplicateProperty;
        // Text that is not JSON, such as a missing comma: the line, as an editor numbers it, says where better than the path.
        else if (located && e.LineNumber is { } line) message = $"line {line + 1}: {message}";
        return new InputError(ToPath(e.Path), message);
    }

    /// <summary>What a value of the type is, in a person's words; the name is as <see cref="Type.ToString"/> writes it.</summary>
    internal static string Expected(string typeName)
    {
        const string nullable = "System.Nullable`1[";
        if (typeName.StartsWith(nullable, StringComparison.Ordinal)) typeName = typeName[nullable.Length..^1];
        return typeName switch
        {
            "System.Int32" or "System.Int64" => "expected a whole number",
            "System.Double" or "System.Decimal" => "expected a number",
            "System.String" => "expected a string",
            "System.Boolean" => "expected true or false",
            "System.DateOnly" => "expected a date written YYYY-MM-DD",
            "System.Object" => "expected a value",
            _ when typeName.Contains("ImmutableArray`1[", StringComparison.Ordinal) || typeName.EndsWith("[]", StringComparison.Ordinal) => "expected a list",
            _ when typeof(JsonInput).Assembly.GetType(typeName) is { IsEnum: true } => "expected one of the values the schema lists",
            _ => "expected an object",
        };
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

    /// <summary>
    /// What a document that failed to read is when it is plainly not JSON: another input given in the wrong place (the
    /// roster for the profile, the register workbook for the assessment) says so rather than how its first byte fails.
    /// </summary>
    private static string? NotJson(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> compoundFile = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], utf16LittleEndian = [0xFF, 0xFE], utf16BigEndian = [0xFE, 0xFF];
        if (bytes.StartsWith("PK\x03\x04"u8)) return "not JSON: it is a ZIP file, such as an Excel workbook (.xlsx)";
        if (bytes.StartsWith(compoundFile)) return "not JSON: it is an Excel 97-2003 workbook (.xls) or other old Office file";
        if (bytes.StartsWith("%PDF"u8)) return "not JSON: it is a PDF";
        if (bytes.StartsWith(utf16LittleEndian) || bytes.StartsWith(utf16BigEndian)) return "not JSON in UTF-8: it is UTF-16 text (as Windows PowerShell 5 writes); save it as UTF-8";
        var text = bytes.TrimStart(" \t\r\n"u8);
        if (text.IsEmpty) return "the document is empty";
        if (text[0] == (byte)'<') return "not JSON: it looks like HTML or XML";
        var firstLine = text[..(text.IndexOfAny("\r\n"u8) is >= 0 and var end ? end : text.Length)];
        if (text[0] is not ((byte)'{' or (byte)'[' or (byte)'"') && firstLine.IndexOfAny(",;\t"u8) >= 0) return "not JSON: it looks like a CSV roster";
        return null;
    }
}
