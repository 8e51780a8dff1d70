using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ComplianceRisk.Engine.Assessments;

namespace ComplianceRisk.Documents.Assessments;

/// <summary>
/// The assessment's JSON form (schemas/assessment.schema.json): camelCase names, flag codes and statuses in
/// SCREAMING_SNAKE_CASE, other enums kebab-case, dates as YYYY-MM-DD, nulls omitted. Byte-identical for
/// the same assessment.
/// </summary>
public static class AssessmentJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = true,
            IndentSize = 2,
            NewLine = "\n",
            // Names and roster values are shown as written; the JSON is UTF-8, not HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            RespectNullableAnnotations = true,
        };
        options.Converters.Add(new JsonStringEnumConverter<FlagCode>(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false));
        options.Converters.Add(new JsonStringEnumConverter<CoverageStatus>(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false));
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static void Write(Stream output, Assessment assessment)
    {
        JsonSerializer.Serialize(output, assessment, Options);
        output.WriteByte((byte)'\n');
    }

    public static string ToJson(Assessment assessment) => JsonSerializer.Serialize(assessment, Options) + "\n";
}
