using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Organizations;
using ComplianceRisk.Engine.Reports;
using ComplianceRisk.Engine.Risks;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Engine;

/// <summary>JSON conventions shared by every document the engine reads: camelCase names, kebab-case enum values, strict members.</summary>
public static class EngineJson
{
    /// <summary>
    /// The conventions with generated (de)serialization code for the engine's documents (<see cref="EngineJsonContext"/>):
    /// no reflection-based metadata to build and JIT-compile on a cold start. A type missing from the context fails loudly.
    /// </summary>
    public static JsonSerializerOptions Options => EngineJsonContext.Default.Options;

    /// <summary>
    /// Enum values as kebab-case strings; an unknown value names the values allowed. The engine's enums are listed rather
    /// than their converters made with <c>MakeGenericType</c>: a native (ahead-of-time) build has code only for the generic
    /// instantiations it can see, so a made one fails there at run time. A test checks that every public enum is listed.
    /// </summary>
    public sealed class KebabEnumConverterFactory : JsonConverterFactory
    {
        private static readonly FrozenDictionary<Type, JsonConverter> Listed = new JsonConverter[]
        {
            new KebabEnumConverter<Assignment>(), new KebabEnumConverter<EmploymentType>(),
            new KebabEnumConverter<CertificationPolicyMode>(), new KebabEnumConverter<CurrencyEvidence>(),
            new KebabEnumConverter<ObligationLifecycle>(), new KebabEnumConverter<RiskRating>(),
            new KebabEnumConverter<FlagCode>(), new KebabEnumConverter<CoverageStatus>(), new KebabEnumConverter<CertainLossKind>(),
            new KebabEnumConverter<RiskStatus>(), new KebabEnumConverter<ResponseType>(), new KebabEnumConverter<ActionKind>(),
            new KebabEnumConverter<DateOrder>(), new KebabEnumConverter<ReportCadence>(),
        }.ToFrozenDictionary(converter => converter.Type!);

        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            Listed.GetValueOrDefault(typeToConvert)
            ?? throw new NotSupportedException($"{typeToConvert} is not among the enums {nameof(KebabEnumConverterFactory)} lists; add it there");
    }

    private sealed class KebabEnumConverter<T> : JsonConverter<T> where T : struct, Enum
    {
        private static readonly Dictionary<string, T> ByName = Enum.GetValues<T>().ToDictionary(v => Name(v), StringComparer.Ordinal);

        private static string Name(T value) => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

        private static T Parse(string? text) => text is not null && ByName.TryGetValue(text, out var value)
            ? value
            : throw new JsonException($"'{text}' is not one of: {string.Join(", ", ByName.Keys)}");

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? Parse(reader.GetString()) : throw new JsonException($"expected one of: {string.Join(", ", ByName.Keys)}");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(Name(value));

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Parse(reader.GetString());

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(Name(value));
    }
}

/// <summary>
/// Generated metadata for every document the engine reads or hashes: the catalog, the organization profile (read, and
/// written into the assessment id's hash), treatments (read, and written into the hash), report subscriptions. The options are the engine's
/// JSON conventions (<see cref="EngineJson"/>).
/// </summary>
/// <remarks>
/// A property written twice is refused (<c>AllowDuplicateProperties = false</c>) rather than read as its last value: the
/// functions keep a document exactly as it was sent, and a reader that takes the first value would see another one.
/// Generated metadata sets every init-only property a document leaves out to its type's default (dotnet/runtime#84484),
/// so the optional ones of the documents read keep their defaults in their init accessors (<c>value.IsDefault ? [] : value</c>)
/// or as constructor parameter defaults.
/// </remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    AllowDuplicateProperties = false,
    MaxDepth = 32,
    Converters = [typeof(EngineJson.KebabEnumConverterFactory)])]
[JsonSerializable(typeof(Catalogs.Catalog))]
[JsonSerializable(typeof(Organizations.ProfileReader.ProfileDocument))]
[JsonSerializable(typeof(Organizations.OrganizationProfile))]
[JsonSerializable(typeof(Reports.SubscriptionReader.SubscriptionDocument))]
[JsonSerializable(typeof(Dictionary<string, Risks.TreatmentBook.Document>))]
[JsonSerializable(typeof(ImmutableSortedDictionary<string, Risks.Treatment>))]
internal sealed partial class EngineJsonContext : JsonSerializerContext;
