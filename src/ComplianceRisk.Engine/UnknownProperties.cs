using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ComplianceRisk.Engine;

/// <summary>
/// Finds every property of a document that its type does not have. The serializer stops at the first one; a person
/// mending the document wants them all at once, and the reader still reads and checks the document without them.
/// </summary>
internal static class UnknownProperties
{
    public const string Message = "unknown property (check its spelling against the schema)";

    /// <summary>Enough to mend a document by, as for nulls (<see cref="NullElements"/>).</summary>
    private const int MaxErrors = 20;

    /// <summary>
    /// The unknown properties at their paths (<c>roles[3].extra</c>), in document order; null when the text is not JSON
    /// the type's options read, whose error then says more.
    /// </summary>
    public static List<InputError>? Find(ReadOnlySpan<byte> utf8Json, JsonTypeInfo typeInfo)
    {
        var options = typeInfo.Options;
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions
        {
            CommentHandling = options.ReadCommentHandling,
            AllowTrailingCommas = options.AllowTrailingCommas,
            MaxDepth = options.MaxDepth,
        });
        JsonDocument document;
        try
        {
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            return null;
        }
        using (document)
        {
            var found = new List<InputError>();
            Visit(document.RootElement, typeInfo, "", found);
            return found;
        }
    }

    private static void Visit(JsonElement element, JsonTypeInfo info, string path, List<InputError> found)
    {
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when element.ValueKind == JsonValueKind.Object:
                var strict = (info.UnmappedMemberHandling ?? info.Options.UnmappedMemberHandling) == JsonUnmappedMemberHandling.Disallow
                    && !info.Properties.Any(p => p.IsExtensionData);
                var names = info.Options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
                foreach (var property in element.EnumerateObject())
                {
                    var at = Member(path, property.Name);
                    if (info.Properties.FirstOrDefault(p => string.Equals(p.Name, property.Name, names)) is { } member)
                        Visit(property.Value, info.Options.GetTypeInfo(member.PropertyType), at, found);
                    else if (strict && found.Count < MaxErrors)
                        found.Add(new InputError(at, Message));
                }
                break;
            case JsonTypeInfoKind.Enumerable when element.ValueKind == JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    Visit(item, info.Options.GetTypeInfo(info.ElementType!), $"{path}[{index++}]", found);
                break;
            case JsonTypeInfoKind.Dictionary when element.ValueKind == JsonValueKind.Object:
                foreach (var entry in element.EnumerateObject())
                    Visit(entry.Value, info.Options.GetTypeInfo(info.ElementType!), Member(path, entry.Name), found);
                break;
        }
    }

    private static string Member(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
