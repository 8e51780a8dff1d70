using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ComplianceRisk.Engine;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Risks;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Documents.Assessments;

/// <summary>
/// The assessment's JSON form (schemas/assessment.schema.json): camelCase names, flag codes and statuses in
/// SCREAMING_SNAKE_CASE, other enums kebab-case, dates as YYYY-MM-DD, nulls omitted. Byte-identical for
/// the same assessment.
/// </summary>
public static class AssessmentJson
{
    /// <summary>
    /// The JSON form's options: <see cref="AssessmentJsonContext"/>'s (generated metadata, no reflection to build and
    /// JIT-compile on a cold start) plus what its attribute cannot say, the encoder and the enum namings.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(AssessmentJsonContext.Default.Options)
        {
            // Names and roster values are shown as written; the JSON is UTF-8, not HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = AssessmentJsonContext.Default.WithAddedModifier(WithoutEmptyRates),
        };
        options.Converters.Add(new JsonStringEnumConverter<FlagCode>(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false));
        options.Converters.Add(new JsonStringEnumConverter<CoverageStatus>(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false));
        // Ratings, statuses and response types read as registers print them: "Critical", "In progress", "Mitigate".
        options.Converters.Add(new JsonStringEnumConverter<RiskRating>(DisplayNaming.Instance, allowIntegerValues: false));
        options.Converters.Add(new JsonStringEnumConverter<RiskStatus>(DisplayNaming.Instance, allowIntegerValues: false));
        options.Converters.Add(new JsonStringEnumConverter<ResponseType>(DisplayNaming.Instance, allowIntegerValues: false));
        options.Converters.Add(new EngineJson.KebabEnumConverterFactory()); // the others kebab-case, as the engine's documents write them
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// A profile's policy without attrition rates is recorded without <c>"attritionRates": {}</c>, as the profile would be
    /// written. Here only: the assessment id hashes the profile as the engine writes it, which an unchanged id needs.
    /// </summary>
    private static void WithoutEmptyRates(JsonTypeInfo type)
    {
        if (type.Type != typeof(Engine.Organizations.ProfilePolicy)) return;
        foreach (var property in type.Properties)
            if (property.Name == "attritionRates")
                property.ShouldSerialize = (_, value) => value is System.Collections.ICollection { Count: > 0 };
    }

    public static void Write(Stream output, Assessment assessment)
    {
        JsonSerializer.Serialize(output, assessment, Options);
        output.WriteByte((byte)'\n');
    }

    /// <summary>The same bytes as <see cref="Write"/>, for streams that allow only asynchronous writes (HTTP responses).</summary>
    public static async Task WriteAsync(Stream output, Assessment assessment, CancellationToken cancellationToken = default)
    {
        await JsonSerializer.SerializeAsync(output, assessment, Options, cancellationToken);
        await output.WriteAsync("\n"u8.ToArray(), cancellationToken);
    }

    public static string ToJson(Assessment assessment) => JsonSerializer.Serialize(assessment, Options) + "\n";

    /// <summary>What changed between two assessments (<c>diff --format json</c>), in the same conventions.</summary>
    public static string ToJson(AssessmentDiff diff) => JsonSerializer.Serialize(diff, Options) + "\n";

    /// <summary>Assessment files are at most this large (a 1M-row roster's assessment is far smaller).</summary>
    public const int MaxBytes = 256 * 1024 * 1024;

    /// <summary>Reads an assessment written by <see cref="Write"/>, of this schema version or an earlier one it still reads (<see cref="Assessment.ReadableSchemaVersions"/>).</summary>
    public static ParseResult<Assessment> Read(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxBytes) return ParseResult<Assessment>.Fail("", $"the file is {utf8Json.Length:N0} bytes; the limit is {MaxBytes:N0}");
        return NotThisVersion(utf8Json) is { } refused
            ? ParseResult<Assessment>.Fail([refused])
            : JsonInput.Read(utf8Json, (JsonTypeInfo<Assessment>)Options.GetTypeInfo(typeof(Assessment)));
    }

    /// <summary>
    /// Why the document is not an assessment of this schema version, looked at before it is read as one: another version
    /// would fail on whichever member changed, which says less than the version does.
    /// </summary>
    private static InputError? NotThisVersion(ReadOnlySpan<byte> utf8Json)
    {
        utf8Json = JsonInput.WithoutByteOrderMark(utf8Json);
        try
        {
            using var probe = JsonDocument.Parse(utf8Json.ToArray());
            if (probe.RootElement.ValueKind != JsonValueKind.Object || !probe.RootElement.TryGetProperty("schemaVersion", out var version))
                return DocumentKinds.GivenInPlaceOf<Assessment>(utf8Json)
                    ?? new InputError("", "not an assessment: there is no schemaVersion (write one with assess --format json)");
            if (version.ValueKind != JsonValueKind.String)
                return new InputError("schemaVersion", $"expected a string, \"{Assessment.CurrentSchemaVersion}\"");
            if (!Assessment.ReadableSchemaVersions.Contains(version.GetString()!))
                return new InputError("schemaVersion", $"version {version} is not one this version reads ({string.Join(", ", Assessment.ReadableSchemaVersions)}); assess the roster again with this version");
            return null;
        }
        catch (JsonException e)
        {
            return JsonInput.ToError(e, utf8Json, Options);
        }
    }

    private sealed class DisplayNaming : JsonNamingPolicy
    {
        public static readonly DisplayNaming Instance = new();
        public override string ConvertName(string name) => DisplayName.Of(name);
    }
}

/// <summary>
/// Generated metadata for the assessment and the diff of two, and for every value an evidence dictionary holds (its
/// values are typed <see cref="object"/>, so each runtime type needs its own entry). The options are the JSON form's
/// that an attribute can state; <see cref="AssessmentJson.Options"/> adds the rest.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true,
    IndentSize = 2,
    NewLine = "\n",
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(Assessment))]
[JsonSerializable(typeof(AssessmentDiff))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(DateOnly))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(Dictionary<string, object>[]))]
[JsonSerializable(typeof(Assignment))]
[JsonSerializable(typeof(CertainLossKind))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class AssessmentJsonContext : JsonSerializerContext;
