using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Risks;

namespace ComplianceRisk.Documents.Registers;

/// <summary>
/// The risk register as JSON whose risk records take the field names and types of the risk register schema
/// NIST published with IR 8286r1 (risk_register_schema.json, linked from https://csrc.nist.gov/pubs/ir/8286/r1/final),
/// so they can be loaded into enterprise risk tools; contract in schemas/nist-8286-risk-register.schema.json.
/// The records are the rows of the workbook's Risk Register sheet (<see cref="RegisterRow"/>): same order,
/// same treated owner and status, same pseudonyms. Streamed with <see cref="Utf8JsonWriter"/>; the same inputs
/// give the same bytes.
/// </summary>
public static class Nist8286Json
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        // Names and titles are shown as written; the file is UTF-8, not HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(Stream output, Assessment assessment, Catalog catalog, RegisterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= RegisterOptions.Default;
        var people = new People(assessment, options);

        using (var w = new Utf8JsonWriter(output, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteStartObject("organization");
            w.WriteString("id", assessment.Organization.Id);
            if (!string.IsNullOrWhiteSpace(assessment.Organization.Name)) w.WriteString("name", assessment.Organization.Name);
            w.WriteEndObject();
            w.WriteString("asOf", assessment.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteStartObject("catalog");
            w.WriteString("id", assessment.Catalog.Id);
            w.WriteString("version", assessment.Catalog.Version);
            w.WriteEndObject();
            w.WriteString("engineVersion", assessment.EngineVersion);
            w.WriteStartArray("risks");
            foreach (var row in RegisterRow.Of(assessment, catalog, people)) WriteRisk(w, row);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        output.WriteByte((byte)'\n');
    }

    /// <summary>
    /// The NIST fields in NIST's order, each scale value followed by its word. NIST types likelihood, impact and
    /// exposure as numbers; ours are the 1-5 scale values and their product (the score), not percentages or dollars.
    /// </summary>
    private static void WriteRisk(Utf8JsonWriter w, RegisterRow row)
    {
        w.WriteStartObject();
        w.WriteString("riskId", row.RiskId);
        w.WriteString("riskDescription", $"{row.Title}. {row.Description}");
        w.WriteString("riskCategory", row.Category);
        w.WriteNumber("riskLikelihood", row.Likelihood);
        w.WriteString("riskLikelihoodLabel", RiskScales.Likelihood(row.Likelihood));
        w.WriteNumber("riskImpact", row.Impact);
        w.WriteString("riskImpactLabel", RiskScales.Impact(row.Impact));
        w.WriteNumber("exposureRating", row.Score);
        w.WriteString("exposureRatingLabel", DisplayName.Of(row.Rating));
        w.WriteStartArray("riskResponseType");
        w.WriteStringValue(ResponseTypeName(row.ResponseType));
        w.WriteEndArray();
        // The cost comes only from the organization's treatment record: the engine cannot estimate it, and without one
        // null says "not estimated", where 0 would claim the response is free.
        if (row.ResponseCost is { } cost) w.WriteNumber("riskResponseCost", cost);
        else w.WriteNull("riskResponseCost");
        w.WriteString("riskResponseDescription", row.Treatment is null ? row.Actions : $"{row.Actions}\n{row.Treatment}");
        w.WriteString("riskOwnerPointOfContact", row.Owner);
        w.WriteString("status", DisplayName.Of(row.Status));
        w.WriteEndObject();
    }

    /// <summary>
    /// Our response types are NIST IR 8286 negative-risk responses under the same names (NIST's Realize and Enhance
    /// are for opportunities, which we never record). Spelled out so a new <see cref="ResponseType"/> member fails
    /// here instead of leaking a name the NIST schema does not allow.
    /// </summary>
    internal static string ResponseTypeName(ResponseType type) => type switch
    {
        ResponseType.Accept => "Accept",
        ResponseType.Avoid => "Avoid",
        ResponseType.Mitigate => "Mitigate",
        ResponseType.Transfer => "Transfer",
        ResponseType.Share => "Share",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no NIST IR 8286 response type for this value"),
    };
}
