using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ComplianceRisk.Documents.Registers;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Risks;
using static ComplianceRisk.Documents.Tests.Registers.RegisterFixtures;

namespace ComplianceRisk.Documents.Tests.Registers;

/// <summary>
/// The register as NIST IR 8286 JSON (schemas/nist-8286-risk-register.schema.json), written from the realistic
/// fixture's assessment and read back; the workbook's Risk Register sheet is the reference for rows and order.
/// </summary>
public sealed class Nist8286JsonTests
{
    /// <summary>The NIST IR 8286r1 record fields in NIST's order, each scale value followed by its word.</summary>
    private static readonly string[] RecordFields =
    [
        "riskId", "riskDescription", "riskCategory", "riskLikelihood", "riskLikelihoodLabel", "riskImpact", "riskImpactLabel",
        "exposureRating", "exposureRatingLabel", "riskResponseType", "riskResponseCost", "riskResponseDescription",
        "riskOwnerPointOfContact", "status",
    ];

    /// <summary>Two decisions: one risk in progress under a named owner at a cost, one accepted by the audit committee.</summary>
    private const string TreatmentsJson = """
        {
          "ROLE:security-official": { "owner": "Chief Information Officer", "status": "In progress", "note": "offer made to Maria Delgado", "responseCost": 18500 },
          "OBL:pci-12.1.3": { "status": "Accepted", "responseType": "Accept", "approver": "Audit Committee", "acceptedUntil": "2027-06-30" }
        }
        """;

    private static Assessment Treated()
    {
        var book = TreatmentBook.Read(Encoding.UTF8.GetBytes(TreatmentsJson));
        Assert.True(book.Success, string.Join("; ", book.Errors));
        return Realistic with { Risks = book.Value.ApplyTo(Realistic.Risks, Realistic.AsOf) };
    }

    private static byte[] WriteJson(Assessment assessment, RegisterOptions? options = null)
    {
        using var stream = new MemoryStream();
        Nist8286Json.Write(stream, assessment, Import.Catalog, options ?? new RegisterOptions { Roster = RealisticRoster });
        return stream.ToArray();
    }

    private static JsonElement[] Records(JsonDocument document) => [.. document.RootElement.GetProperty("risks").EnumerateArray()];

    private static JsonElement Record(JsonDocument document, string riskId) =>
        Records(document).Single(r => r.GetProperty("riskId").GetString() == riskId);

    [Fact]
    public void Envelope_NamesTheOrganizationDateCatalogAndEngine()
    {
        using var document = JsonDocument.Parse(WriteJson(Realistic));
        var root = document.RootElement;
        Assert.Equal(["organization", "asOf", "catalog", "engineVersion", "risks"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("pecan-creek", OrganizationName),
            (root.GetProperty("organization").GetProperty("id").GetString(), root.GetProperty("organization").GetProperty("name").GetString()));
        Assert.Equal("2026-11-22", root.GetProperty("asOf").GetString());
        Assert.Equal((Realistic.Catalog.Id, Realistic.Catalog.Version),
            (root.GetProperty("catalog").GetProperty("id").GetString(), root.GetProperty("catalog").GetProperty("version").GetString()));
        Assert.Equal(Realistic.EngineVersion, root.GetProperty("engineVersion").GetString());
    }

    [Fact]
    public void EveryRecord_HasTheNistFieldsInOrder_WithTheirJsonTypes()
    {
        using var document = JsonDocument.Parse(WriteJson(Treated()));
        var records = Records(document);
        Assert.Equal(Realistic.Risks.Length, records.Length);
        Assert.True(records.Length > 5);
        foreach (var record in records)
        {
            var id = record.GetProperty("riskId").GetString();
            Assert.Equal(RecordFields, record.EnumerateObject().Select(p => p.Name));
            foreach (var field in new[] { "riskId", "riskDescription", "riskCategory", "riskLikelihoodLabel", "riskImpactLabel", "exposureRatingLabel", "riskResponseDescription", "riskOwnerPointOfContact", "status" })
                Assert.True(record.GetProperty(field) is { ValueKind: JsonValueKind.String } s && s.GetString()!.Length > 0, $"{id}.{field} should be a non-empty string");
            foreach (var (field, max) in new[] { ("riskLikelihood", 5), ("riskImpact", 5), ("exposureRating", 25) })
                Assert.True(record.GetProperty(field) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt32(out var v) && v >= 1 && v <= max, $"{id}.{field} should be an integer 1-{max}");
            var response = record.GetProperty("riskResponseType");
            Assert.Equal(JsonValueKind.Array, response.ValueKind);
            Assert.Single(response.EnumerateArray());
            // The engine estimates no cost: the treatment record's number where it gives one, else null, never a made-up number.
            if (id == "ROLE:security-official") Assert.Equal(18500m, record.GetProperty("riskResponseCost").GetDecimal());
            else Assert.Equal(JsonValueKind.Null, record.GetProperty("riskResponseCost").ValueKind);
        }
    }

    [Fact]
    public void KnownRisk_CarriesItsScaleValuesLabelsAndScore()
    {
        using var document = JsonDocument.Parse(WriteJson(Realistic));
        foreach (var risk in Realistic.Risks)
        {
            var record = Record(document, risk.RiskId);
            Assert.Equal(risk.Likelihood, record.GetProperty("riskLikelihood").GetInt32());
            Assert.Equal(risk.Impact, record.GetProperty("riskImpact").GetInt32());
            Assert.Equal(risk.Score, record.GetProperty("exposureRating").GetInt32());
            Assert.Equal(risk.Rating.ToString(), record.GetProperty("exposureRatingLabel").GetString());
            Assert.Equal(risk.Category, record.GetProperty("riskCategory").GetString());
        }
        var vacant = Record(document, "ROLE:security-official");
        Assert.Equal((5, "Almost certain", 5, "Severe", 25, "Critical"),
            (vacant.GetProperty("riskLikelihood").GetInt32(), vacant.GetProperty("riskLikelihoodLabel").GetString(),
             vacant.GetProperty("riskImpact").GetInt32(), vacant.GetProperty("riskImpactLabel").GetString(),
             vacant.GetProperty("exposureRating").GetInt32(), vacant.GetProperty("exposureRatingLabel").GetString()));
        Assert.StartsWith("Information Security Officer: vacant. ", vacant.GetProperty("riskDescription").GetString());
        Assert.Equal(["Mitigate"], vacant.GetProperty("riskResponseType").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(("Information Security Officer", "Open"),
            (vacant.GetProperty("riskOwnerPointOfContact").GetString(), vacant.GetProperty("status").GetString()));
    }

    [Theory]
    [InlineData(1, "Rare", "Minimal")]
    [InlineData(2, "Unlikely", "Minor")]
    [InlineData(3, "Possible", "Moderate")]
    [InlineData(4, "Likely", "Major")]
    [InlineData(5, "Almost certain", "Severe")]
    public void ScaleWords(int value, string likelihood, string impact) =>
        Assert.Equal((likelihood, impact), (RiskScales.Likelihood(value), RiskScales.Impact(value)));

    /// <summary>Every response type of ours maps to the NIST IR 8286 response of the same name (docs/risks.md).</summary>
    [Theory]
    [InlineData(ResponseType.Accept, "Accept")]
    [InlineData(ResponseType.Avoid, "Avoid")]
    [InlineData(ResponseType.Mitigate, "Mitigate")]
    [InlineData(ResponseType.Transfer, "Transfer")]
    [InlineData(ResponseType.Share, "Share")]
    public void ResponseTypes_MapToNistResponses(ResponseType type, string nist) => Assert.Equal(nist, Nist8286Json.ResponseTypeName(type));

    [Fact]
    public void ResponseTypeMapping_CoversEveryResponseType() =>
        Assert.All(Enum.GetValues<ResponseType>(), t => Assert.Contains(Nist8286Json.ResponseTypeName(t), new[] { "Accept", "Avoid", "Transfer", "Mitigate", "Share" }));

    [Fact]
    public void Treatments_GiveTheOwnerStatusResponseAndDecision()
    {
        using var document = JsonDocument.Parse(WriteJson(Treated()));
        var inProgress = Record(document, "ROLE:security-official");
        Assert.Equal(("Chief Information Officer", "In progress"),
            (inProgress.GetProperty("riskOwnerPointOfContact").GetString(), inProgress.GetProperty("status").GetString()));
        Assert.EndsWith("\noffer made to Maria Delgado\nResponse cost: USD 18,500", inProgress.GetProperty("riskResponseDescription").GetString());
        Assert.Equal(JsonValueKind.Number, inProgress.GetProperty("riskResponseCost").ValueKind);
        Assert.Equal("18500", inProgress.GetProperty("riskResponseCost").GetRawText());

        var accepted = Record(document, "OBL:pci-12.1.3");
        Assert.Equal("Accepted", accepted.GetProperty("status").GetString());
        Assert.Equal(["Accept"], accepted.GetProperty("riskResponseType").EnumerateArray().Select(e => e.GetString()));
        var description = accepted.GetProperty("riskResponseDescription").GetString()!;
        Assert.Contains("Approved by Audit Committee", description);
        Assert.Contains("Accepted until 2027-06-30", description);
    }

    [Fact]
    public void Pseudonymized_ContainsNoNameOrPersonIdFromTheRoster()
    {
        var options = new RegisterOptions { Roster = RealisticRoster, Pseudonymize = true };
        var bytes = WriteJson(Treated(), options);
        var text = Utf8(bytes);
        var names = RealisticRoster.People.Select(p => p.Name).OfType<string>().ToList();
        Assert.True(names.Count > 10);
        foreach (var part in names.SelectMany(n => n.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Where(p => p.Length >= 3).Distinct())
            Assert.False(Regex.IsMatch(text, $@"(?<![\p{{L}}]){Regex.Escape(part)}(?![\p{{L}}])", RegexOptions.IgnoreCase), $"the pseudonymized register contains '{part}'");
        foreach (var id in RealisticRoster.People.Select(p => p.Id))
            Assert.DoesNotMatch($@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(id)}(?![\p{{L}}\p{{N}}])", text);
        Assert.Matches(@"Person [0-9A-F]{4}\b", text);
        // Risk ids, treated owners and the organization stay.
        Assert.Contains("ROLE:security-official", text);
        Assert.Contains("Chief Information Officer", text);
        Assert.Contains(OrganizationName, text);
        Assert.Equal(bytes, WriteJson(Treated(), options));
    }

    [Fact]
    public void PseudonymKey_GivesOtherPseudonyms_StableForTheKey_AndStillPerOrganization()
    {
        static string[] Pseudonyms(string text) => [.. Regex.Matches(text, @"Person [0-9A-F]{4,8}\b").Select(m => m.Value).Distinct().Order()];
        var secret = Encoding.UTF8.GetBytes("a secret the organization keeps");
        var keyless = Pseudonyms(Utf8(WriteJson(Treated(), new RegisterOptions { Roster = RealisticRoster, Pseudonymize = true })));
        var keyed = Pseudonyms(Utf8(WriteJson(Treated(), new RegisterOptions { Roster = RealisticRoster, Pseudonymize = true, PseudonymKey = secret })));
        Assert.True(keyless.Length > 5);
        Assert.Equal(keyless.Length, keyed.Length);
        // Someone who knows the organization id cannot recompute the keyed ones.
        Assert.Empty(keyless.Intersect(keyed));
        Assert.Equal(keyed, Pseudonyms(Utf8(WriteJson(Treated(), new RegisterOptions { Roster = RealisticRoster, Pseudonymize = true, PseudonymKey = secret }))));
        // The same secret, another organization: other pseudonyms for the same person ids.
        var other = Treated() with { Organization = Treated().Organization with { Id = "another-hospital" } };
        Assert.Empty(keyed.Intersect(Pseudonyms(Utf8(WriteJson(other, new RegisterOptions { Roster = RealisticRoster, Pseudonymize = true, PseudonymKey = secret })))));
    }

    /// <summary>The JSON and the workbook's Risk Register sheet are one register: same rows, same order, same words.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Records_AreTheRiskRegisterSheetRows_InTheSameOrder(bool pseudonymize)
    {
        var treated = Treated();
        var options = new RegisterOptions { Roster = RealisticRoster, Pseudonymize = pseudonymize };
        using var json = JsonDocument.Parse(WriteJson(treated, options));
        using var workbook = Open(Write(treated, options));
        var rows = Rows(workbook, "Risk Register").Values.Skip(1).ToList();
        var records = Records(json);
        Assert.Equal(treated.Risks.Length, rows.Count);
        Assert.Equal(rows.Select(r => r[0]), records.Select(r => r.GetProperty("riskId").GetString()));
        for (var i = 0; i < rows.Count; i++)
        {
            var (row, record) = (rows[i], records[i]);
            // Columns: 2 Risk, 3 Description, 4 Category, 7 Likelihood, 8 Impact, 9 Score, 10 Rating, 14 Response type, 15 Actions, 16 Owner, 18 Status, 19 Treatment.
            Assert.Equal($"{row[2]}. {row[3]}", record.GetProperty("riskDescription").GetString());
            Assert.Equal(row[4], record.GetProperty("riskCategory").GetString());
            Assert.Equal(row[7], record.GetProperty("riskLikelihood").GetRawText());
            Assert.Equal(row[8], record.GetProperty("riskImpact").GetRawText());
            Assert.Equal(row[9], record.GetProperty("exposureRating").GetRawText());
            Assert.Equal(row[10], record.GetProperty("exposureRatingLabel").GetString());
            Assert.Equal(row[14], record.GetProperty("riskResponseType")[0].GetString());
            var treatment = row.Count > 19 && row[19].Length > 0 ? "\n" + row[19] : "";
            Assert.Equal(row[15] + treatment, record.GetProperty("riskResponseDescription").GetString());
            Assert.Equal(row[16], record.GetProperty("riskOwnerPointOfContact").GetString());
            Assert.Equal(row[18], record.GetProperty("status").GetString());
        }
    }

    [Fact]
    public void SameInputs_GiveTheSameBytes_EndingInANewline()
    {
        var first = WriteJson(Realistic);
        Assert.Equal(first, WriteJson(Realistic));
        Assert.Equal((byte)'\n', first[^1]);
        Assert.DoesNotContain("\r", Utf8(first));
    }

    [Fact]
    public void NoRisks_GiveAnEmptyArray()
    {
        using var document = JsonDocument.Parse(WriteJson(Realistic with { Risks = [] }));
        Assert.Empty(Records(document));
    }
}
