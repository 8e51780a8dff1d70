using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComplianceRisk.Engine;

/// <summary>JSON conventions shared by every document the engine reads: camelCase names, kebab-case enum values, strict members.</summary>
public static class EngineJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = 32,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Turns the serializer's <c>$.roles[3].id</c> path into <c>roles[3].id</c>.</summary>
    internal static string ToPath(string? jsonPath) =>
        jsonPath is null or "$" ? "" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');

    internal static InputError ToError(JsonException e)
    {
        // The serializer's message repeats the path and internal type names; keep what a person can act on.
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        message = message.Replace("ComplianceRisk.Engine.Catalogs.", "").Replace("ComplianceRisk.Engine.Organizations.", "");
        return new InputError(ToPath(e.Path), message);
    }
}
