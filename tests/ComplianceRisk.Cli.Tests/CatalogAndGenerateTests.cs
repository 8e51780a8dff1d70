using System.Text;
using System.Text.Json.Nodes;
using ComplianceRisk.Engine.Catalogs;

namespace ComplianceRisk.Cli.Tests;

public sealed class CatalogAndGenerateTests
{
    [Fact]
    public async Task CatalogExport_WritesTheEmbeddedCatalogByteForByte()
    {
        var path = Cli.TempFile("catalog.json");
        var run = await Cli.RunAsync("catalog", "export", "--out", path);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(DefaultCatalog.GetBytes(), File.ReadAllBytes(path));
        var validate = await Cli.RunAsync("catalog", "validate", path);
        Assert.Equal(0, validate.ExitCode);
        Assert.Contains("health-it-default", validate.Stdout);
        Assert.Contains("19 roles", validate.Stdout);
    }

    [Fact]
    public async Task CatalogExport_ToAnXlsxOut_IsRefused()
    {
        var path = Cli.TempFile("catalog.xlsx");
        var run = await Cli.RunAsync("catalog", "export", "--out", path);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--out: the catalog is JSON, not a workbook; name it .json", run.Stderr);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task CatalogValidate_ListsEveryErrorWithItsPath()
    {
        var exported = Encoding.UTF8.GetString(DefaultCatalog.GetBytes());
        var broken = exported.Replace("\"competency\": \"fhir\"", "\"competency\": \"fhirr\"");
        Assert.NotEqual(exported, broken);
        var path = Cli.TempFile("custom.json", broken);
        var run = await Cli.RunAsync("catalog", "validate", path);
        Assert.Equal(2, run.ExitCode);
        Assert.Matches(@"roles\[\d+\]\.requires\[\d+\]\.competency: unknown id 'fhirr'", run.Stderr);
    }

    /// <summary>
    /// Two currency rules of one id in a role passed `catalog validate`, and CURRENCY_LAPSED flags naming that id could not
    /// say which rule lapsed: refused with the path, as a duplicate role or obligation id is.
    /// </summary>
    [Fact]
    public async Task CatalogValidate_ACurrencyRuleIdTwiceInARole_IsRefusedWithThePath()
    {
        var catalog = JsonNode.Parse(DefaultCatalog.GetBytes())!.AsObject();
        var roles = catalog["roles"]!.AsArray();
        var index = roles.Select((role, i) => (role, i)).First(r => r.role!["currency"] is JsonArray { Count: > 0 }).i;
        var rules = roles[index]!["currency"]!.AsArray();
        var copy = rules[0]!.DeepClone();
        copy["withinMonths"] = 6;
        rules.Add(copy);
        var run = await Cli.RunAsync("catalog", "validate", Cli.TempFile("custom.json", catalog.ToJsonString()));
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Join(Environment.NewLine,
            "error: catalog custom.json is invalid:",
            $"  roles[{index}].currency[{rules.Count - 1}].id: duplicate id '{rules[0]!["id"]}' (also roles[{index}].currency[0])"), run.Stderr.TrimEnd());
    }

    [Fact]
    public async Task CatalogValidate_AnUnknownPropertyOrAValueOfTheWrongKind_HidesNoOtherError()
    {
        var catalog = JsonNode.Parse(DefaultCatalog.GetBytes())!.AsObject();
        catalog["roles"]![0]!["tiers"] = 1;
        catalog["roles"]![1]!["tier"] = 9;
        catalog["roles"]![3]!["requires"]![0]!["competency"] = "nope";
        catalog["obligations"]![0]!["severity"] = "high";
        var text = catalog.ToJsonString().Replace("\"version\":\"2026.11.0\"", "\"version\":\"2026.11.0\",\"version\":\"2\"", StringComparison.Ordinal);
        var path = Cli.TempFile("custom.json", text);
        var run = await Cli.RunAsync("catalog", "validate", path);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Join(Environment.NewLine,
            "error: catalog custom.json is invalid:",
            "  version: written more than once in the same object; write it once",
            "  roles[0].tiers: unknown property (check its spelling against the schema)",
            "  obligations[0].severity: expected a whole number",
            "  roles[1].tier: 9 is outside 1-3",
            "  roles[3].requires[0].competency: unknown id 'nope'"), run.Stderr.Trim());
    }

    [Fact]
    public async Task CatalogValidate_OfAFolder_SaysItIsAFolder()
    {
        var dir = Path.GetDirectoryName(Cli.TempFile("x"))!;
        var run = await Cli.RunAsync("catalog", "validate", dir);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: catalog {dir} is a folder, not a file", run.Stderr.Trim());
    }

    [Fact]
    public async Task CatalogValidate_RefusesANullRoleWithItsPath()
    {
        var exported = Encoding.UTF8.GetString(DefaultCatalog.GetBytes());
        var broken = exported.Replace("\"roles\": [", "\"roles\": [null,", StringComparison.Ordinal);
        Assert.NotEqual(exported, broken);
        var run = await Cli.RunAsync("catalog", "validate", Cli.TempFile("custom.json", broken));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("roles[0]: expected an object, not null", run.Stderr);
    }

    [Fact]
    public async Task CustomCatalog_ThatRequiresACompetencyTwice_IsRefusedWithItsPath_NotAnInternalError()
    {
        // An organization raising a requirement adds a second entry instead of editing the first: the assessment kept a
        // role's requirements in a map by competency and stopped with an internal error (exit 3) on the second one.
        var catalog = JsonNode.Parse(DefaultCatalog.GetBytes())!.AsObject();
        var security = catalog["roles"]!.AsArray().Single(r => (string?)r!["id"] == "security-official")!;
        var index = catalog["roles"]!.AsArray().IndexOf(security);
        var first = security["requires"]!.AsArray().Select(r => (string?)r!["competency"]).ToList().IndexOf("hipaa-security");
        security["requires"]!.AsArray().Add(new JsonObject { ["competency"] = "hipaa-security", ["level"] = 4, ["critical"] = true });
        var path = Cli.TempFile("twice.json", catalog.ToJsonString());
        var roster = Cli.TempFile("roster.csv", "employee_id,role,competencies\nE1,security-official,hipaa-security=4; risk-analysis=3\n");

        var expected = $"roles[{index}].requires[{security["requires"]!.AsArray().Count - 1}].competency: 'hipaa-security' is already required by roles[{index}].requires[{first}]";
        foreach (var run in new[] { await Cli.RunAsync("assess", roster, "--catalog", path), await Cli.RunAsync("catalog", "validate", path) })
        {
            Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Stderr}");
            Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CustomCatalog_IsUsedForTheAssessment()
    {
        var custom = Encoding.UTF8.GetString(DefaultCatalog.GetBytes()).Replace("\"version\": \"2026.11.0\"", "\"version\": \"org-1\"");
        var catalog = Cli.TempFile("custom.json", custom);
        var roster = Cli.TempFile("roster.csv", "employee_id,role\nE1,dba\n");
        var run = await Cli.RunAsync("assess", roster, "--catalog", catalog, "--format", "json");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"version\": \"org-1\"", run.Stdout);
    }

    [Fact]
    public async Task Generate_IsDeterministic_AndAssessable()
    {
        var a = Cli.TempFile("a.csv");
        var b = Cli.TempFile("b.csv");
        Assert.Equal(0, (await Cli.RunAsync("generate", "--rows", "250", "--seed", "9", "--out", a)).ExitCode);
        Assert.Equal(0, (await Cli.RunAsync("generate", "--rows", "250", "--seed", "9", "--out", b)).ExitCode);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.Equal(251, File.ReadAllLines(a).Length);
        var run = await Cli.RunAsync("assess", a, "--format", "json");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"rows\": 250", run.Stdout);
        Assert.DoesNotContain("ROLE_UNKNOWN", run.Stdout);
    }

    [Fact]
    public async Task Generate_Xlsx_IsARealWorkbook_ThatAssessesLikeTheCsv()
    {
        var csv = Cli.TempFile("r.csv");
        var xlsx = Cli.TempFile("r.xlsx");
        Assert.Equal(0, (await Cli.RunAsync("generate", "--rows", "300", "--seed", "4", "--out", csv)).ExitCode);
        Assert.Equal(0, (await Cli.RunAsync("generate", "--rows", "300", "--seed", "4", "--out", xlsx)).ExitCode);
        Assert.Equal("PK"u8.ToArray(), File.ReadAllBytes(xlsx)[..2]);
        // The same seed gives the same bytes, as the CSV does (README): no random relationship ids, no ZIP times of the run.
        var again = Cli.TempFile("again.xlsx");
        Assert.Equal(0, (await Cli.RunAsync("generate", "--rows", "300", "--seed", "4", "--out", again)).ExitCode);
        Assert.Equal(File.ReadAllBytes(xlsx), File.ReadAllBytes(again));
        var a = await Cli.RunAsync("assess", csv, "--format", "json");
        var b = await Cli.RunAsync("assess", xlsx, "--format", "json");
        using var ja = System.Text.Json.JsonDocument.Parse(a.Stdout);
        using var jb = System.Text.Json.JsonDocument.Parse(b.Stdout);
        Assert.Equal("Roster", jb.RootElement.GetProperty("roster").GetProperty("sheet").GetString());
        foreach (var part in new[] { "summary", "roles", "obligations", "risks" })
            Assert.Equal(ja.RootElement.GetProperty(part).GetRawText(), jb.RootElement.GetProperty(part).GetRawText());
    }

    [Fact]
    public async Task Generate_RejectsNonsense()
    {
        var run = await Cli.RunAsync("generate", "--rows", "0");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--rows must be between 1 and 1,048,575", run.Stderr);
    }

    /// <summary>
    /// More rows than a worksheet holds under its header would be an XLSX no spreadsheet opens and a CSV past the roster
    /// limit assess reads; a negative seed gave the roster of its absolute value (System.Random's rule).
    /// </summary>
    [Theory]
    [InlineData("--rows must be between 1 and 1,048,575 (a worksheet's rows under its header).", "--rows", "1048576")]
    [InlineData("--seed must be between 0 and 2,147,483,647.", "--seed", "-9")]
    public async Task Generate_RefusesRowsPastAWorksheet_AndANegativeSeed_BeforeWritingAnything(string message, params string[] args)
    {
        var out_ = Cli.TempFile("never.csv");
        File.Delete(out_);
        var run = await Cli.RunAsync(["generate", .. args, "--out", out_]);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.Stderr);
        Assert.False(File.Exists(out_));
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("1899-12-31")]
    public async Task Generate_RefusesAnAsOfOutsideTheSupportedDates_BeforeWritingAnything(string asOf)
    {
        var run = await Cli.RunAsync("generate", "--rows", "3", "--as-of", asOf);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"--as-of: {asOf} is outside the dates assessments are made as of (1900-01-01 to 2200-12-31)", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    /// <summary>
    /// A roster generated around a date near either end of the supported dates held dates its own assessment refused:
    /// around 2200-12-31, certificates expiring in 2203 (CERT_EXPIRY_INVALID) and contracts ending in 2202 (DATE_INVALID).
    /// </summary>
    [Theory]
    [InlineData("1909-12-29", "1909-12-28")]
    [InlineData("2197-12-27", "2197-12-28")]
    public async Task Generate_AroundTheFirstOrLastDateItTakes_WritesOnlyDatesARosterMayHave(string asOf, string outside)
    {
        var roster = Cli.TempFile("edge.csv");
        Assert.Equal(0, (await Cli.RunAsync("generate", "--rows", "3000", "--seed", "3", "--as-of", asOf, "--out", roster)).ExitCode);
        var run = await Cli.RunAsync("assess", roster, "--as-of", asOf, "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(run.Stdout);
        var codes = json.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()).ToHashSet();
        Assert.DoesNotContain("DATE_INVALID", codes);
        Assert.DoesNotContain("CERT_EXPIRY_INVALID", codes);

        var refused = await Cli.RunAsync("generate", "--rows", "3", "--as-of", outside);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"--as-of: {outside} is outside the dates a roster is generated around (1909-12-29 to 2197-12-27)", refused.Stderr);
        Assert.Equal("", refused.Stdout);
    }

    [Theory]
    [InlineData("--rows", "abc", "--rows: 'abc' is not a whole number.")]
    [InlineData("--rows", "1.5", "--rows: '1.5' is not a whole number.")]
    [InlineData("--seed", "1.5", "--seed: '1.5' is not a whole number.")]
    [InlineData("--rows", "99999999999", "--rows must be between 1 and 1,048,575 (a worksheet's rows under its header).")]
    [InlineData("--seed", "99999999999", "--seed must be between 0 and 2,147,483,647.")]
    public async Task Generate_NumbersThatAreNotAWholeNumberInRange_AreAUsageErrorInWords(string option, string value, string expected)
    {
        var run = await Cli.RunAsync("generate", option, value);
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}, stderr: {run.Stderr}");
        // In words, not the parser's "Cannot parse argument … as expected type 'System.Int32'".
        Assert.Equal(expected, run.Stderr.Split('\n')[0].Trim());
        Assert.DoesNotContain("System.", run.Stderr);
        Assert.DoesNotContain("internal error", run.Stderr);
    }
}

public sealed class TemplateCommandTests
{
    [Fact]
    public async Task Template_IsWritten_AndRefusesOtherExtensions()
    {
        var path = Cli.TempFile("roster-template.xlsx");
        var run = await Cli.RunAsync("template", "--out", path);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("PK"u8.ToArray(), File.ReadAllBytes(path)[..2]);
        // An empty template is a roster with a header and no people.
        var assess = await Cli.RunAsync("assess", path);
        Assert.Equal(2, assess.ExitCode);
        Assert.Contains("no people", assess.Stderr);
        var wrong = await Cli.RunAsync("template", "--out", Cli.TempFile("template.csv"));
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("name it .xlsx", wrong.Stderr);
    }
}
