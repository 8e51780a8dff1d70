using System.Text;
using System.Text.Json.Nodes;
using ComplianceRisk.Documents.Assessments;
using ComplianceRisk.Documents.Tests.Registers;

namespace ComplianceRisk.Documents.Tests.Assessments;

/// <summary>Reading an assessment back (<c>register</c>, <c>diff</c> and the HTTP API): what is accepted, and how the rest is refused.</summary>
public sealed class AssessmentJsonReadTests
{
    /// <summary>The realistic fixture's assessment as <c>assess --format json</c> writes it.</summary>
    private static readonly Lazy<string> Written = new(() => AssessmentJson.ToJson(RegisterFixtures.Realistic));

    private static byte[] Edited(Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(Written.Value)!.AsObject();
        edit(json);
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_accepted()
    {
        var read = AssessmentJson.Read([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(Written.Value)]);
        Assert.True(read.Success, string.Join("; ", read.Errors));
        Assert.Equal(RegisterFixtures.Realistic.AssessmentId, read.Value.AssessmentId);
    }

    /// <summary>
    /// Warnings say which person they are about (personId) and read back with it; an assessment saved before they did has
    /// none, and still reads.
    /// </summary>
    [Fact]
    public void Warnings_keep_their_personId_and_an_assessment_written_without_it_still_reads()
    {
        var written = JsonNode.Parse(Written.Value)!["warnings"]!.AsArray();
        Assert.Contains(written, w => w!["code"]!.GetValue<string>() == "DEPARTED" && w["personId"]?.GetValue<string>() == "E1003");
        var read = AssessmentJson.Read(Encoding.UTF8.GetBytes(Written.Value));
        Assert.True(read.Success, string.Join("; ", read.Errors));
        Assert.Equal(RegisterFixtures.Realistic.Warnings, read.Value.Warnings);

        var before = AssessmentJson.Read(Edited(json => { foreach (var w in json["warnings"]!.AsArray()) w!.AsObject().Remove("personId"); }));
        Assert.True(before.Success, string.Join("; ", before.Errors));
        Assert.Equal(RegisterFixtures.Realistic.Warnings.Select(w => w with { PersonId = null }), before.Value.Warnings);
        Assert.NotEmpty(RegisterFixtures.Write(before.Value, new ComplianceRisk.Documents.Registers.RegisterOptions { Pseudonymize = true }));
    }

    /// <summary>
    /// Format 1.1 added the warnings' personId and the mentions of people. The app keeps 1.0 assessments (the Board's
    /// register is made from the latest one, the next report compares with the last), so a 1.0 document, which has
    /// neither, still reads, and gives the register it gave.
    /// </summary>
    [Fact]
    public void An_assessment_of_format_1_0_still_reads()
    {
        Assert.Equal("1.1", JsonNode.Parse(Written.Value)!["schemaVersion"]!.GetValue<string>());
        var old = AssessmentJson.Read(Edited(json =>
        {
            json["schemaVersion"] = "1.0";
            foreach (var w in json["warnings"]!.AsArray()) w!.AsObject().Remove("personId");
            foreach (var part in new[] { "roles", "obligations", "risks" })
                foreach (var item in json[part]!.AsArray()) item!.AsObject().Remove("mentions");
        }));
        Assert.True(old.Success, string.Join("; ", old.Errors));
        Assert.Equal("1.0", old.Value.SchemaVersion);
        Assert.Equal(RegisterFixtures.Realistic.Risks.Length, old.Value.Risks.Length);
        Assert.All(old.Value.Risks, r => Assert.Null(r.Mentions));
        Assert.NotEmpty(RegisterFixtures.Write(old.Value, new ComplianceRisk.Documents.Registers.RegisterOptions { Pseudonymize = true }));
    }

    /// <summary>Documents that are not a readable assessment, and the error each must produce (path: message).</summary>
    public static TheoryData<string, Func<byte[]>, string> Unreadable => new()
    {
        { "the roster", () => File.ReadAllBytes(RegisterFixtures.RealisticRosterPath), "not JSON: it looks like a CSV roster" },
        { "the register workbook", () => RegisterFixtures.Write(RegisterFixtures.Realistic), "not JSON: it is a ZIP file, such as an Excel workbook (.xlsx)" },
        { "cut short", () => Encoding.UTF8.GetBytes(Written.Value[..200]), "line " },
        { "a version number", () => Edited(a => a["schemaVersion"] = 1), "schemaVersion: expected a string, \"1.1\"" },
        { "another version", () => Edited(a => a["schemaVersion"] = "0.9"), "schemaVersion: version 0.9 is not one this version reads (1.0, 1.1)" },
        { "only a version", () => Encoding.UTF8.GetBytes("""{ "schemaVersion": "1.0" }"""), "missing required properties: 'assessmentId'" },
        { "null risks", () => Edited(a => a["risks"] = null), "risks: expected a list" },
        { "null summary", () => Edited(a => a["summary"] = null), "summary: expected an object, not null" },
        { "null member of a record", () => Edited(a => a["catalog"]!["id"] = null), "catalog.id: expected a string, not null" },
        // null in a list or map: the serializer checks members for null, not the elements of a collection.
        { "a null risk", () => Edited(a => a["risks"]![0] = null), "risks[0]: expected an object, not null" },
        { "a null role", () => Edited(a => a["roles"]![0] = null), "roles[0]: expected an object, not null" },
        { "a null warning", () => Edited(a => a["warnings"]![0] = null), "warnings[0]: expected an object, not null" },
        { "a null holder", () => Edited(a => a["roles"]![1]!["holders"]![0] = null), "roles[1].holders[0]: expected an object, not null" },
        { "a null person of a risk's action", () => Edited(a => a["risks"]![0]!["actions"]![0]!["people"] = new JsonArray((JsonNode?)null)), "risks[0].actions[0].people[0]: expected an object, not null" },
        { "a null evidence value", () => Edited(a => a["risks"]![0]!["factors"]![0]!["evidence"]!["x"] = null), "risks[0].factors[0].evidence.x: expected a value, not null" },
        { "a list a record was not given", () => Edited(a => a["organization"]!.AsObject().Remove("orgTypes")), "organization.orgTypes: missing: expected a list" },
        { "a date not ISO", () => Edited(a => a["asOf"] = "22/11/2026"), "asOf: expected a date written YYYY-MM-DD" },
        { "a rating the scale does not have", () => Edited(a => a["risks"]![0]!["rating"] = "Very high"), "risks[0].rating: expected one of the values the schema lists" },
        { "a number as text", () => Edited(a => a["risks"]![0]!["score"] = "25"), "risks[0].score: expected a whole number" },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public void An_unreadable_document_is_refused_with_the_path_and_no_dotnet_names(string name, Func<byte[]> document, string expected)
    {
        var read = AssessmentJson.Read(document());
        Assert.False(read.Success, name);
        var error = Assert.Single(read.Errors).ToString();
        Assert.True(error.StartsWith(expected, StringComparison.Ordinal), $"{name}: {error}");
        Assert.DoesNotContain("System.", error);
        Assert.DoesNotContain("ComplianceRisk.", error);
    }
}
