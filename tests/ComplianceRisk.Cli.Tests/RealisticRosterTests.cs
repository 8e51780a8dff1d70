using System.Text.Json;

namespace ComplianceRisk.Cli.Tests;

/// <summary>
/// tests/fixtures/realistic-roster: an HR export written, with its expected findings, by hand from DESIGN.md,
/// docs/ and the catalog by someone who never read this code (see its README). The tool must list
/// exactly what the expert listed: every flag, every obligation's status and every warning.
/// </summary>
public sealed class RealisticRosterTests
{
    private static readonly string Folder = Path.Combine(Cli.RepositoryRoot, "tests", "fixtures", "realistic-roster");

    /// <summary>The fixture's file assessed as the expert assessed it: a Texas hospital, with the whole assessment as JSON.</summary>
    private static string[] Assess(string file, string asOf = "2026-11-22") =>
        ["assess", Path.Combine(Folder, file), "--org-type", "hospital", "--jurisdiction", "US-TX", "--as-of", asOf, "--format", "json"];

    private static async Task<(JsonElement Expected, JsonElement Actual)> AssessAsync()
    {
        using var expectedDoc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json")));
        var expected = expectedDoc.RootElement.Clone();
        var run = await Cli.RunAsync(Assess("roster.csv", expected.GetProperty("asOf").GetString()!));
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var actualDoc = JsonDocument.Parse(run.Stdout);
        return (expected, actualDoc.RootElement.Clone());
    }

    private static void AssertSameSet(string what, IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var e = expected.ToHashSet();
        var a = actual.ToHashSet();
        var missing = e.Except(a).Order().ToList();
        var extra = a.Except(e).Order().ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{what}: missing [{string.Join("; ", missing)}], unexpected [{string.Join("; ", extra)}]");
    }

    [Fact]
    public async Task Flags_AreTheOnesTheExpertListed()
    {
        var (expected, actual) = await AssessAsync();
        AssertSameSet("flags",
            expected.GetProperty("roleFlags").EnumerateArray().Select(f => $"{f.GetProperty("roleId").GetString()} {f.GetProperty("code").GetString()} {f.GetProperty("personId").GetString()}"),
            actual.GetProperty("roles").EnumerateArray().SelectMany(r => r.GetProperty("flags").EnumerateArray().Select(f =>
                $"{r.GetProperty("roleId").GetString()} {f.GetProperty("code").GetString()} {(f.TryGetProperty("personId", out var p) ? p.GetString() : null)}")));
    }

    [Fact]
    public async Task ObligationStatuses_AreTheOnesTheExpertListed()
    {
        var (expected, actual) = await AssessAsync();
        AssertSameSet("obligations",
            expected.GetProperty("obligations").EnumerateArray().Select(o => $"{o.GetProperty("obligationId").GetString()} {o.GetProperty("status").GetString()}"),
            actual.GetProperty("obligations").EnumerateArray().Select(o => $"{o.GetProperty("obligationId").GetString()} {o.GetProperty("status").GetString()}"));
    }

    [Fact]
    public async Task Warnings_AreTheOnesTheExpertListed()
    {
        var (expected, actual) = await AssessAsync();
        AssertSameSet("warnings",
            expected.GetProperty("warnings").EnumerateArray().Select(w => $"row {w.GetProperty("row").GetInt32()} {w.GetProperty("code").GetString()}"),
            actual.GetProperty("warnings").EnumerateArray().Select(w => $"row {w.GetProperty("row").GetInt32()} {w.GetProperty("code").GetString()}"));
    }

    [Fact]
    public async Task Scope_IsWhatTheExpertListed()
    {
        var (expected, actual) = await AssessAsync();
        AssertSameSet("roles not in scope", expected.GetProperty("rolesNotInScope").EnumerateArray().Select(x => x.GetString()!),
            actual.GetProperty("rolesNotInScope").EnumerateArray().Select(x => x.GetString()!));
        AssertSameSet("obligations not applicable", expected.GetProperty("obligationsNotApplicable").EnumerateArray().Select(x => x.GetString()!),
            actual.GetProperty("obligationsNotApplicable").EnumerateArray().Select(x => x.GetString()!));
    }

    [Fact]
    public async Task VacantSecurityOfficial_IsCriticalOrHigh_WithAnActionToFillIt()
    {
        var (_, actual) = await AssessAsync();
        var risk = actual.GetProperty("risks").EnumerateArray().Single(r => r.GetProperty("riskId").GetString() == "ROLE:security-official");
        Assert.Contains(risk.GetProperty("rating").GetString(), new[] { "Critical", "High" });
        var first = risk.GetProperty("actions")[0];
        Assert.Equal("fill-vacancy", first.GetProperty("kind").GetString());
        Assert.StartsWith("Appoint a qualified Information Security Officer", first.GetProperty("description").GetString());
    }

    [Fact]
    public async Task EveryRisk_HasAnAction_AndAResidualNoWorseThanItsScore()
    {
        var (_, actual) = await AssessAsync();
        var risks = actual.GetProperty("risks").EnumerateArray().ToList();
        Assert.NotEmpty(risks);
        Assert.All(risks, r =>
        {
            Assert.True(r.GetProperty("actions").GetArrayLength() > 0, r.GetProperty("riskId").GetString());
            Assert.True(r.GetProperty("residual").GetProperty("score").GetInt32() <= r.GetProperty("score").GetInt32());
        });
        // One risk per role with flags and per obligation not covered.
        var flagged = actual.GetProperty("roles").EnumerateArray().Count(r => r.GetProperty("flags").GetArrayLength() > 0);
        var notCovered = actual.GetProperty("obligations").EnumerateArray().Count(o => (o.TryGetProperty("statusWhenInForce", out var w) ? w : o.GetProperty("status")).GetString() != "COVERED");
        Assert.Equal(flagged + notCovered, risks.Count);
    }

    [Fact]
    public async Task SavedAsXlsxByASpreadsheetProgram_GivesTheSameAssessment()
    {
        static async Task<JsonElement> AssessFile(string file)
        {
            var run = await Cli.RunAsync(Assess(file));
            Assert.True(run.ExitCode == 0, run.Stderr);
            using var doc = JsonDocument.Parse(run.Stdout);
            return doc.RootElement.Clone();
        }
        var csv = await AssessFile("roster.csv");
        var xlsx = await AssessFile("roster.xlsx");
        Assert.Equal("roster", xlsx.GetProperty("roster").GetProperty("sheet").GetString());
        // Everything but where it came from (file hash, sheet name, and so the id) must be the same.
        foreach (var part in new[] { "summary", "roles", "obligations", "risks" })
            Assert.Equal(csv.GetProperty(part).GetRawText(), xlsx.GetProperty(part).GetRawText());
        static IEnumerable<string> Warnings(JsonElement a) => a.GetProperty("warnings").EnumerateArray()
            .Select(w => $"{w.GetProperty("row")} {w.GetProperty("column")} {w.GetProperty("code")} {w.GetProperty("message")}");
        Assert.Equal(Warnings(csv), Warnings(xlsx));
    }

    [Theory]
    [InlineData(";")]
    [InlineData("\t")]
    [InlineData("|")]
    public async Task SavedWithAnotherSeparatorUnderABareTitle_GivesTheSameAssessment(string separator)
    {
        // The export re-written with another separator, its title row left as a person types it: no separators at all.
        var lines = File.ReadAllLines(Path.Combine(Folder, "roster.csv"));
        using var parser = new CsvHelper.CsvParser(new StringReader(string.Join("\n", lines.Skip(1))), System.Globalization.CultureInfo.InvariantCulture);
        var rows = new List<string>();
        while (parser.Read())
            rows.Add(string.Join(separator, parser.Record!.Select(f => f.Contains(separator, StringComparison.Ordinal) || f.Contains('"') ? $"\"{f.Replace("\"", "\"\"")}\"" : f)));
        var file = Path.Combine(TestTemp.Folder("compliancerisk-separator-"), "roster.csv");
        File.WriteAllLines(file, [lines[0].TrimEnd(','), .. rows]);

        var original = await Cli.RunAsync(Assess("roster.csv"));
        var resaved = await Cli.RunAsync(Assess(file));
        Assert.True(resaved.ExitCode == 0, resaved.Stderr);
        using var a = JsonDocument.Parse(original.Stdout);
        using var b = JsonDocument.Parse(resaved.Stdout);
        foreach (var part in new[] { "summary", "roles", "obligations", "risks", "warnings" })
            Assert.Equal(a.RootElement.GetProperty(part).GetRawText(), b.RootElement.GetProperty(part).GetRawText());
    }

    [Fact]
    public async Task SavedAsOpenDocumentByASpreadsheetProgram_IsRefusedWithTheWayToXlsx()
    {
        var run = await Cli.RunAsync(Assess("roster.ods"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("OpenDocument spreadsheet (.ods)", run.Stderr);
        Assert.Contains("save it as an Excel workbook (.xlsx) or CSV UTF-8", run.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SameInputsTwice_GiveIdenticalJson()
    {
        Assert.Equal((await Cli.RunAsync(Assess("roster.csv"))).Stdout, (await Cli.RunAsync(Assess("roster.csv"))).Stdout);
    }
}
