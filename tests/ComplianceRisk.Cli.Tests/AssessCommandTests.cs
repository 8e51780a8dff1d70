using System.Text.Json;
using System.Text.RegularExpressions;

namespace ComplianceRisk.Cli.Tests;

public sealed class AssessCommandTests
{
    private const string Roster = """
        employee_id,name,role,assignment,years_experience,competencies,certifications,last_training_date,last_exercise_date
        E1,Ada,EHR Application Analyst,primary,6,ehr-config=3; clinical-workflow=3,,2026-10-01,
        E2,Bob,Nurse Manager,primary,10,,,2026-10-01,
        E3,Cy,Integration Engineer,primary,4,hl7v2=3; fhir=3,,2026-10-01,
        """;

    [Fact]
    public async Task Table_ShowsRolesFlagsObligationsAndWarnings()
    {
        var path = Cli.TempFile("roster.csv", Roster);
        var run = await Cli.RunAsync("assess", path, "--org-type", "hospital", "--jurisdiction", "US-TX");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("As of 2026-11-22", run.Stdout);
        Assert.Contains("Information Security Officer", run.Stdout);
        Assert.Contains("VACANT", run.Stdout);
        Assert.Contains("Designated security official", DefaultTitles(run.Stdout));
        Assert.Contains("UNCOVERED", run.Stdout);
        Assert.Contains("ROLE_UNKNOWN", run.Stdout);
        Assert.Contains("'Nurse Manager' is not a critical IT role", run.Stdout);
    }

    /// <summary>
    /// Beyond the 10,000 warnings an import keeps in detail, the rest are one TOO_MANY_WARNINGS summary per code: the
    /// table counts the warnings it has, says more were found, and does not promise that the JSON lists them all.
    /// </summary>
    [Fact]
    public async Task Table_CountsTheWarningsKept_AndSaysMoreWereFound()
    {
        var rows = string.Concat(Enumerable.Range(1, 10_005).Select(i => $"E{i},Nurse Manager\n"));
        var path = Cli.TempFile("roster.csv", "employee_id,role\n" + rows);
        var run = await Cli.RunAsync("assess", path, "--as-of", "2026-11-22");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("10000 data-quality warnings and more not listed (see TOO_MANY_WARNINGS)", run.Stdout);
        Assert.Contains("Data quality (10000 data-quality warnings and more not listed", run.Stdout);
        Assert.Contains("… 9951 more rows; --format json lists every row.", run.Stdout);
        Assert.DoesNotContain("10001 data-quality warnings", run.Stdout);
    }

    // The default catalog's wording for 164.308(a)(2) may change; the citation may not.
    private static string DefaultTitles(string stdout) => stdout.Contains("45 CFR 164.308(a)(2)") ? "Designated security official" : stdout;

    /// <summary>
    /// The profile's calibrations are recorded as the profile gives them (organization.policy): the Texas sample's one
    /// setting, not an empty attritionRates beside it. Without a policy nothing is recorded.
    /// </summary>
    [Fact]
    public async Task Json_RecordsTheProfilesPolicy_AsTheProfileGivesIt()
    {
        var sample = Path.Combine(Cli.RepositoryRoot, "samples", "community-hospital-tx");
        var run = await Cli.RunAsync("assess", Path.Combine(sample, "roster.csv"), "--profile", Path.Combine(sample, "profile.json"), "--as-of", "2026-11-22", "--format", "json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        using (var doc = JsonDocument.Parse(run.Stdout))
            Assert.Equal("""{"trainingCadenceMonths":12}""",
                System.Text.Json.Nodes.JsonNode.Parse(doc.RootElement.GetProperty("organization").GetProperty("policy").GetRawText())!.ToJsonString());

        var plain = await Cli.RunAsync("assess", Cli.TempFile("roster.csv", Roster), "--format", "json", "--as-of", "2026-11-22");
        using (var doc = JsonDocument.Parse(plain.Stdout))
            Assert.False(doc.RootElement.GetProperty("organization").TryGetProperty("policy", out _));
    }

    [Fact]
    public async Task Json_FollowsTheContract_AndIsIdenticalForTheSameInputs()
    {
        var path = Cli.TempFile("roster.csv", Roster);
        var first = await Cli.RunAsync("assess", path, "--format", "json", "--as-of", "2026-11-22");
        var second = await Cli.RunAsync("assess", path, "--format", "json", "--as-of", "2026-11-22");
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.Stdout, second.Stdout);
        using var doc = JsonDocument.Parse(first.Stdout);
        var root = doc.RootElement;
        Assert.Equal("1.1", root.GetProperty("schemaVersion").GetString());
        Assert.Equal("2026-11-22", root.GetProperty("asOf").GetString());
        Assert.Equal("health-it-default", root.GetProperty("catalog").GetProperty("id").GetString());
        Assert.Equal(3, root.GetProperty("roster").GetProperty("rows").GetInt32());
        var security = root.GetProperty("roles").EnumerateArray().Single(r => r.GetProperty("roleId").GetString() == "security-official");
        Assert.Equal("VACANT", security.GetProperty("flags")[0].GetProperty("code").GetString());
        var designation = root.GetProperty("obligations").EnumerateArray().Single(o => o.GetProperty("obligationId").GetString() == "hipaa-sec-164.308a2");
        Assert.Equal("UNCOVERED", designation.GetProperty("status").GetString());
        Assert.Equal(1.0, designation.GetProperty("probabilityUncovered12m").GetDouble());
        var warning = root.GetProperty("warnings").EnumerateArray().Single(w => w.GetProperty("code").GetString() == "ROLE_UNKNOWN");
        Assert.Equal(3, warning.GetProperty("row").GetInt32());
        Assert.Equal("role", warning.GetProperty("column").GetString());
    }

    [Fact]
    public async Task Out_WritesTheFile_FormatFromTheExtension()
    {
        var roster = Cli.TempFile("roster.csv", Roster);
        var output = Cli.TempFile("result.json");
        var run = await Cli.RunAsync("assess", roster, "--out", output);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("Wrote", run.Stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal(32, doc.RootElement.GetProperty("assessmentId").GetString()!.Length);
    }

    [Fact]
    public async Task Json_OnStandardOutput_IsTheFileByteForByte()
    {
        // A name of one-, two- and three-byte characters in UTF-8: the JSON goes to standard output in pieces.
        var roster = Cli.TempFile("roster.csv", Roster.Replace("Ada", "李雷 Zoë Ñúñez"));
        var file = Cli.TempFile("result.json");
        var toFile = await Cli.RunAsync("assess", roster, "--as-of", "2026-11-22", "--out", file);
        var toStdout = await Cli.RunAsync("assess", roster, "--as-of", "2026-11-22", "--format", "json");
        Assert.Equal(0, toFile.ExitCode);
        Assert.Equal(0, toStdout.ExitCode);
        Assert.Contains("李雷 Zoë Ñúñez", toStdout.Stdout);
        Assert.Equal(File.ReadAllText(file), toStdout.Stdout);
    }

    [Fact]
    public async Task WhatIf_Without_RemovesThePerson()
    {
        var path = Cli.TempFile("roster.csv", Roster);
        var run = await Cli.RunAsync("assess", path, "--format", "json", "--without", "E3");
        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal(["E3"], doc.RootElement.GetProperty("options").GetProperty("without").EnumerateArray().Select(e => e.GetString()));
        var integration = doc.RootElement.GetProperty("roles").EnumerateArray().Single(r => r.GetProperty("roleId").GetString() == "integration-engineer");
        Assert.Equal("VACANT", integration.GetProperty("flags")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Profile_IsReadFromAFile()
    {
        var roster = Cli.TempFile("roster.csv", Roster);
        var profile = Cli.TempFile("profile.json", """{ "id": "upstate", "name": "Upstate Health", "orgTypes": ["health-system"], "jurisdictions": ["US-NY"] }""");
        var run = await Cli.RunAsync("assess", roster, "--profile", profile, "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal("Upstate Health", doc.RootElement.GetProperty("organization").GetProperty("name").GetString());
        Assert.Contains(doc.RootElement.GetProperty("obligations").EnumerateArray(), o => o.GetProperty("obligationId").GetString() == "ny-405.46-program");
    }

    [Fact]
    public async Task Attributes_DecideApplicability()
    {
        var roster = Cli.TempFile("roster.csv", Roster);
        var run = await Cli.RunAsync("assess", roster, "--org-type", "payer", "--attribute", "impactedPayer=true", "--format", "json");
        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Contains(doc.RootElement.GetProperty("obligations").EnumerateArray(), o => o.GetProperty("obligationId").GetString() == "cms-0057f-apis");
    }

    /// <summary>
    /// The organization id a roster's file name gives is the one README's examples say (Commands: "so `Hôpital Saint-Jean
    /// (2026).csv` gives `h-pital-saint-jean-2026`"): each example named there is a roster assessed under that name.
    /// </summary>
    [Fact]
    public async Task TheDefaultOrgId_IsWhatReadmeSays()
    {
        var readme = File.ReadAllText(Path.Combine(Cli.RepositoryRoot, "README.md")).ReplaceLineEndings(" ");
        var examples = Regex.Matches(readme, @"`(?<file>[^`]+\.csv)` gives `(?<id>[^`]+)`");
        Assert.True(examples.Count >= 2, "README gives no examples of the organization id a roster's file name gives");
        foreach (Match example in examples)
        {
            var run = await Cli.RunAsync("assess", Cli.TempFile(example.Groups["file"].Value, Roster), "--format", "json");
            Assert.True(run.ExitCode == 0, run.Stderr);
            using var doc = JsonDocument.Parse(run.Stdout);
            Assert.Equal(example.Groups["id"].Value, doc.RootElement.GetProperty("organization").GetProperty("id").GetString());
        }
    }

    /// <summary>
    /// --attribute takes one value per token, however often it is repeated: the roster after it is the roster, not a
    /// second attribute (README: `--attribute name=true`, several separated by commas or by repeating the option).
    /// </summary>
    [Theory]
    [InlineData("--attribute", "hitrust=true", "{roster}")]
    [InlineData("--attribute", "hitrust=true", "--attribute", "part2Program=true", "{roster}")]
    [InlineData("--attribute", "hitrust=true,part2Program=true", "{roster}")]
    [InlineData("{roster}", "--attribute", "hitrust=true")]
    public async Task Attributes_BeforeTheRoster_LeaveTheRosterToIt(params string[] args)
    {
        var roster = Cli.TempFile("roster.csv", Roster);
        var run = await Cli.RunAsync(["assess", .. args.Select(a => a.Replace("{roster}", roster)), "--format", "json"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var doc = JsonDocument.Parse(run.Stdout);
        var attributes = doc.RootElement.GetProperty("organization").GetProperty("attributes");
        Assert.True(attributes.GetProperty("hitrust").GetBoolean());
        Assert.Equal(args.Any(a => a.Contains("part2Program")), attributes.GetProperty("part2Program").GetBoolean());
    }

    /// <summary>Usage errors exit 1, rejected input 2; each message says what is wrong.</summary>
    public static TheoryData<string[], int, string> Failures => new()
    {
        { ["assess"], 1, "roster" },
        { ["assess", "{roster}", "--format", "xml"], 1, "xml" },
        { ["assess", "{roster}", "--as-of", "22/11/2026"], 1, "--as-of: '22/11/2026' is not a date" },
        // Years the calendar holds but the engine's windows would step out of: refused before any work, not an internal error.
        { ["assess", "{roster}", "--as-of", "9999-12-31"], 1, "--as-of: 9999-12-31 is outside the dates assessments are made as of (1900-01-01 to 2200-12-31)" },
        { ["assess", "{roster}", "--as-of", "0001-01-01"], 1, "--as-of: 0001-01-01 is outside the dates assessments are made as of" },
        { ["assess", "{roster}", "--org-type", "hospitals"], 1, "--org-type: unknown organization type 'hospitals'" },
        { ["assess", "{roster}", "--jurisdiction", "US-FL"], 1, "--jurisdiction: unknown jurisdiction 'US-FL'" },
        { ["assess", "{roster}", "--attribute", "impactedPayer=maybe"], 1, "--attribute: 'impactedPayer=maybe'" },
        { ["assess", "{roster}", "--org-id", ""], 1, "error: --org-id: an organization id is required" },
        { ["assess", "{roster}", "--without", "E9"], 1, "--without: no person with id E9" },
        { ["assess", "{roster}", "--out", "{dir}/r.pdf"], 1, "--out: cannot tell the format from '.pdf'" },
        { ["assess", "{roster}", "--format", "xlsx"], 1, "--format xlsx writes a workbook: give --out register.xlsx" },
        { ["assess", "{roster}", "--profile", "{profile}", "--org-type", "clinic"], 1, "--profile already describes the organization; drop --org-type" },
        { ["assess", "{roster}", "--pseudonymize"], 1, "--pseudonymize applies to registers (xlsx, nist-8286-json) only, not to table output" },
        { ["assess", "{roster}", "--format", "json", "--pseudonymize"], 1, "--pseudonymize applies to registers (xlsx, nist-8286-json) only, not to json output" },
        { ["assess", "{roster}", "--out", "{dir}/result.json", "--pseudonymize"], 1, "--pseudonymize applies to registers" },
        { ["assess", "{dir}/missing.csv"], 1, "roster file not found" },
        { ["assess", "{dir}"], 1, "roster {dir} is a folder, not a file" },
        { ["assess", "{roster}", "--profile", "{dir}"], 1, "profile {dir} is a folder, not a file" },
        { ["assess", "{roster}", "--catalog", "{dir}"], 1, "catalog {dir} is a folder, not a file" },
        { ["assess", "{roster}", "--treatments", "{dir}"], 1, "treatments {dir} is a folder, not a file" },
        { ["assess", "{empty}"], 2, "roster empty.csv was rejected (EMPTY): The roster is empty" },
        { ["assess", "{roster}", "--catalog", "{badCatalog}"], 2, "catalog catalog.json is invalid:" },
        { ["assess", "{roster}", "--profile", "{badProfile}"], 2, "orgTypes[0]: unknown organization type 'hospitle'" },
        // The catalog check is listed beside an unknown property, not one run later (as the app's profile PUT lists them).
        { ["assess", "{roster}", "--profile", "{aliasProfile}"], 2, "profile alias-profile.json is invalid:\n  colour: unknown property (check its spelling against the schema)\n  roleAliases.Wizard: unknown role id 'no-such-role'" },
        { ["nonsense"], 1, "nonsense" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Failure_ExitCodeAndMessage(string[] args, int exitCode, string message)
    {
        var roster = Cli.TempFile("roster.csv", Roster);
        var dir = Path.GetDirectoryName(roster)!;
        File.WriteAllText(Path.Combine(dir, "empty.csv"), "");
        File.WriteAllText(Path.Combine(dir, "catalog.json"), """{ "id": "x" }""");
        File.WriteAllText(Path.Combine(dir, "profile.json"), """{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"] }""");
        File.WriteAllText(Path.Combine(dir, "bad-profile.json"), """{ "id": "x", "orgTypes": ["hospitle"], "jurisdictions": ["US"] }""");
        File.WriteAllText(Path.Combine(dir, "alias-profile.json"), """{ "id": "x", "orgTypes": ["clinic"], "jurisdictions": ["US"], "colour": "red", "roleAliases": { "Wizard": "no-such-role" } }""");
        var resolved = args.Select(a => a.Replace("{roster}", roster).Replace("{dir}", dir).Replace("{empty}", Path.Combine(dir, "empty.csv"))
            .Replace("{badCatalog}", Path.Combine(dir, "catalog.json")).Replace("{profile}", Path.Combine(dir, "profile.json"))
            .Replace("{badProfile}", Path.Combine(dir, "bad-profile.json")).Replace("{aliasProfile}", Path.Combine(dir, "alias-profile.json"))).ToArray();
        var run = await Cli.RunAsync(resolved);
        Assert.True(exitCode == run.ExitCode, $"exit {run.ExitCode}, stderr: {run.Stderr}");
        Assert.Contains(message.Replace("{dir}", dir), run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    /// <summary>
    /// The options and the small inputs are checked before the roster is read, so a mistake in them is said at once, not
    /// after a long import and assessment: here before a roster that is itself rejected.
    /// </summary>
    [Theory]
    [InlineData(1, "error: --format xlsx writes a workbook: give --out register.xlsx", "--format", "xlsx")]
    [InlineData(2, "error: treatments treatments.json are invalid:", "--treatments", "{treatments}")]
    [InlineData(2, "error: catalog catalog.json is invalid:", "--catalog", "{catalog}")]
    public async Task OptionsAndSmallInputs_AreCheckedBeforeTheRoster(int exitCode, string message, params string[] options)
    {
        var roster = Cli.TempFile("empty.csv", "");
        var dir = Path.GetDirectoryName(roster)!;
        File.WriteAllText(Path.Combine(dir, "treatments.json"), "[]");
        File.WriteAllText(Path.Combine(dir, "catalog.json"), """{ "id": "x" }""");
        var run = await Cli.RunAsync(["assess", roster, .. options.Select(o => o.Replace("{treatments}", Path.Combine(dir, "treatments.json")).Replace("{catalog}", Path.Combine(dir, "catalog.json")))]);
        Assert.True(exitCode == run.ExitCode, $"exit {run.ExitCode}, stderr: {run.Stderr}");
        Assert.StartsWith(message, run.Stderr);
    }

    [Theory]
    [InlineData("json", "writes JSON, not a workbook; name it .json")]
    [InlineData("table", "writes text, not a workbook; name it .txt")]
    public async Task AFormatThatIsNotAWorkbook_IsRefused_ForAnXlsxOut(string format, string message)
    {
        var roster = Cli.TempFile("roster.csv", Roster);
        var output = Path.Combine(Path.GetDirectoryName(roster)!, "q2.xlsx");
        var run = await Cli.RunAsync("assess", roster, "--format", format, "--out", output);
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}, stderr: {run.Stderr}");
        Assert.Contains($"--out: --format {format} {message}", run.Stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Warnings_NeverChangeTheExitCode()
    {
        var roster = Cli.TempFile("roster.csv", "employee_id,role,last_training_date\nE1,Nurse,31/02/2026\nE2,dba,soon\n");
        Assert.Equal(0, (await Cli.RunAsync("assess", roster)).ExitCode);
    }

    [Theory]
    [InlineData("assess")]
    [InlineData("catalog")]
    [InlineData("generate")]
    public async Task Help_IsAvailableEverywhere(string command)
    {
        var run = await Cli.RunAsync(command, "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:", run.Stdout);
    }

    /// <summary>Help points to documents a user has: the repository's schemas and docs, never the project's design notes.</summary>
    [Theory]
    [InlineData("assess")]
    [InlineData("register")]
    [InlineData("diff")]
    [InlineData("template")]
    [InlineData("catalog", "export")]
    [InlineData("catalog", "validate")]
    [InlineData("generate")]
    [InlineData("serve")]
    public async Task Help_CitesOnlyDocumentsInTheRepository(params string[] command)
    {
        var run = await Cli.RunAsync([.. command, "--help"]);
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("DESIGN", run.Stdout);
        Assert.DoesNotContain("§", run.Stdout);
        foreach (var path in Regex.Matches(run.Stdout, @"(?:schemas|docs)/[\w./-]*\w").Select(m => m.Value))
            Assert.True(File.Exists(Path.Combine(Cli.RepositoryRoot, path)), $"{string.Join(" ", command)} --help cites {path}, which is not in the repository");
    }

    [Fact]
    public async Task Help_NamesTheAssessmentSchema()
    {
        var run = await Cli.RunAsync("assess", "--help");
        Assert.Contains("schemas/assessment.schema.json", run.Stdout);
    }

    [Fact]
    public async Task RosterValues_AreNotMarkup()
    {
        var roster = Cli.TempFile("roster.csv", "employee_id,name,role\n[red]E1[/],x,Nurse [bold]\n");
        var run = await Cli.RunAsync("assess", roster);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("'Nurse [bold]' is not a critical IT role", run.Stdout);
    }
}
