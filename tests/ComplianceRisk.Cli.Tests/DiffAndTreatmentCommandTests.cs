using System.Text.Json;

namespace ComplianceRisk.Cli.Tests;

public sealed class DiffAndTreatmentCommandTests
{
    /// <summary>
    /// Files given in each other's place, as people mix them up: each refused in one line that says what the file is,
    /// where they listed every property the expected document lacks (a catalog as the profile: nine lines) or said the
    /// roster had no employee id column (an assessment as the roster).
    /// </summary>
    [Theory]
    [InlineData("roster", "error: roster assessment.json was rejected (JSON_DOCUMENT): This file is an assessment, not a CSV file or an Excel workbook (.xlsx)")]
    [InlineData("profile", "this is a catalog, not an organization profile")]
    [InlineData("treatments", "this is an assessment, not treatment records")]
    [InlineData("register", "this is a catalog, not an assessment")]
    public async Task A_document_given_in_anothers_place_is_named_for_what_it_is(string given, string expected)
    {
        var catalog = Cli.TempFile("catalog.json");
        Assert.Equal(0, (await Cli.RunAsync("catalog", "export", "--out", catalog)).ExitCode);
        var assessment = Cli.TempFile("assessment.json");
        Assert.Equal(0, (await Cli.RunAsync([.. Cli.AssessSampleAsJson, "--out", assessment])).ExitCode);
        var roster = Path.Combine(Cli.RepositoryRoot, "samples", "community-hospital-tx", "roster.csv");

        var run = await Cli.RunAsync(given switch
        {
            "roster" => ["assess", assessment],
            "profile" => ["assess", roster, "--profile", catalog],
            "treatments" => ["assess", roster, "--treatments", assessment],
            _ => ["register", catalog, "--out", Cli.TempFile("register.xlsx")],
        });

        Assert.Equal(ExitCodes.InputRejected, run.ExitCode);
        Assert.Contains(expected, run.Stderr);
        Assert.True(run.Stderr.Trim().Split('\n').Length <= 2, run.Stderr);
    }

    private const string Before = """
        employee_id,role,assignment,years_experience,competencies,certifications,last_training_date,last_exercise_date
        E1,security-official,primary,12,hipaa-security=3; risk-analysis=3; incident-response=3; communication=3; security-awareness=3,CISSP,2026-10-01,2026-10-01
        E2,security-official,backup,9,hipaa-security=3; risk-analysis=3; incident-response=3; communication=3; security-awareness=3,CISSP,2026-10-01,2026-10-01
        """;

    private static async Task<string> AssessAsync(string csv, string name, params string[] extra)
    {
        var roster = Cli.TempFile(name + ".csv", csv);
        var output = Path.ChangeExtension(roster, ".json");
        var run = await Cli.RunAsync(["assess", roster, "--org-id", "upstate", "--as-of", "2026-11-22", "--out", output, .. extra]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return output;
    }

    [Fact]
    public async Task Diff_WithItself_IsEmpty()
    {
        var a = await AssessAsync(Before, "a");
        var run = await Cli.RunAsync("diff", a, a);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("No change.", run.Stdout);
        var json = await Cli.RunAsync("diff", a, a, "--format", "json");
        using var doc = JsonDocument.Parse(json.Stdout);
        foreach (var list in new[] { "new", "closed", "escalated", "deEscalated" })
            Assert.Equal(0, doc.RootElement.GetProperty(list).GetArrayLength());
    }

    [Fact]
    public async Task Diff_BeforeAndAfterADeparture_ShowsTheRisksThatChanged()
    {
        var a = await AssessAsync(Before, "before");
        // E2, the qualified backup, gave notice and left on 2026-11-01.
        var b = await AssessAsync(Before.Replace("employee_id,role,", "employee_id,departure_date,role,").Replace("E1,security", "E1,,security").Replace("E2,security", "E2,2026-11-01,security"), "after");
        var run = await Cli.RunAsync("diff", a, b, "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        var added = doc.RootElement.GetProperty("new").EnumerateArray().Select(r => r.GetProperty("riskId").GetString()).ToList();
        Assert.Contains("ROLE:security-official", added);
        Assert.Contains("OBL:hipaa-sec-164.308a2", added);
        Assert.Empty(doc.RootElement.GetProperty("closed").EnumerateArray());
        Assert.True(doc.RootElement.GetProperty("readinessChange").GetDouble() < 0);
        var table = await Cli.RunAsync("diff", a, b);
        Assert.Contains("ROLE:security-official", table.Stdout);
        Assert.Contains("New", table.Stdout);
    }

    [Fact]
    public async Task Diff_OfDifferentOrganizations_IsRefused()
    {
        var a = await AssessAsync(Before, "a");
        var roster = Cli.TempFile("other.csv", Before);
        var other = Path.ChangeExtension(roster, ".json");
        await Cli.RunAsync("assess", roster, "--org-id", "downstate", "--out", other);
        var run = await Cli.RunAsync("diff", a, other);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("different organizations (upstate and downstate)", run.Stderr);
        Assert.Contains("the same --org-id", run.Stderr);
    }

    [Fact]
    public async Task Diff_WithAnOut_SaysWhatItWrote()
    {
        var a = await AssessAsync(Before, "a");
        var output = Path.Combine(Path.GetDirectoryName(a)!, "d.txt");
        var run = await Cli.RunAsync("diff", a, a, "--out", output);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stdout);
        Assert.Equal($"Wrote {output} (0 new, 0 closed, 0 escalated, 0 de-escalated risks).", run.Stderr.Trim());
        Assert.Contains("No change.", File.ReadAllText(output));
    }

    /// <summary>The roster <see cref="Before"/> assessed as of <paramref name="asOf"/>.</summary>
    private static async Task<string> AssessAsOfAsync(string asOf)
    {
        var roster = Cli.TempFile("roster.csv", Before);
        var output = Path.ChangeExtension(roster, ".json");
        var run = await Cli.RunAsync("assess", roster, "--org-id", "upstate", "--as-of", asOf, "--out", output);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return output;
    }

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    public async Task Diff_OfALaterBeforeThanAfter_IsMade_WithANoteOnStderrNamingBothDates(string format)
    {
        var november = await AssessAsOfAsync("2026-11-22");
        var december = await AssessAsOfAsync("2026-12-01");
        var run = await Cli.RunAsync("diff", december, november, "--format", format);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(
            "note: the before assessment (as of 2026-12-01) is later than the after one (2026-11-22); the order looks reversed, so the changes are shown from the later to the earlier (give the earlier assessment first)",
            run.Stderr.Trim());
        // The diff itself is still the one asked for, from the first to the second, and stdout holds nothing else.
        if (format == "json")
        {
            using var doc = JsonDocument.Parse(run.Stdout);
            Assert.Equal("2026-12-01", doc.RootElement.GetProperty("asOfBefore").GetString());
            Assert.Equal("2026-11-22", doc.RootElement.GetProperty("asOfAfter").GetString());
        }
        else Assert.Contains("2026-12-01 → 2026-11-22", run.Stdout);
    }

    /// <summary>The embedded catalog under another version, as an organization's edited copy would be.</summary>
    internal static async Task<string> OtherCatalogAsync()
    {
        var path = Cli.TempFile("other-catalog.json");
        Assert.Equal(0, (await Cli.RunAsync("catalog", "export", "--out", path)).ExitCode);
        var text = File.ReadAllText(path);
        Assert.Contains("\"version\": \"2026.11.0\"", text);
        File.WriteAllText(path, text.Replace("\"version\": \"2026.11.0\"", "\"version\": \"2027.1.0\"", StringComparison.Ordinal));
        return path;
    }

    [Fact]
    public async Task Diff_OfAssessmentsMadeWithDifferentCatalogs_HasANoteNamingBoth()
    {
        var before = await AssessAsync(Before, "default-catalog");
        var after = await AssessAsync(Before, "other-catalog", "--catalog", await OtherCatalogAsync());
        var run = await Cli.RunAsync("diff", before, after);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Matches(@"^note: the before assessment was made with catalog health-it-default 2026\.11\.0 \(sha256 [0-9a-f]{12}…\) and the after one with catalog health-it-default 2027\.1\.0 \(sha256 [0-9a-f]{12}…\); scores and readiness may differ by the catalogs' method and requirements, not by staffing$",
            run.Stderr.Trim());
    }

    [Theory]
    [InlineData("2026-11-22", "2026-12-01")]
    [InlineData("2026-11-22", "2026-11-22")]
    public async Task Diff_InTimeOrder_OrOfOneDate_HasNoNote(string before, string after)
    {
        var a = await AssessAsOfAsync(before);
        var b = await AssessAsOfAsync(after);
        var run = await Cli.RunAsync("diff", a, b);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stderr);
        Assert.Contains($"{before} → {after}", run.Stdout);
    }

    [Theory]
    [InlineData("table", "the diff is text, not a workbook; name it .txt")]
    [InlineData("json", "the diff is JSON, not a workbook; name it .json")]
    public async Task Diff_ToAnXlsxOut_IsRefused(string format, string message)
    {
        var a = await AssessAsync(Before, "a");
        var output = Path.Combine(Path.GetDirectoryName(a)!, "d.xlsx");
        var run = await Cli.RunAsync("diff", a, a, "--format", format, "--out", output);
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}, stderr: {run.Stderr}");
        Assert.Contains(message, run.Stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Diff_OfSomethingElse_SaysWhat()
    {
        var notJson = Cli.TempFile("x.json", "{\"hello\": 1}");
        var run = await Cli.RunAsync("diff", notJson, notJson);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not an assessment", run.Stderr);
    }

    [Theory]
    [InlineData("register {0} --out {0}.xlsx")]
    [InlineData("diff {0} {0}")]
    public async Task An_assessment_with_a_null_risk_is_refused_with_its_path(string command)
    {
        var assessed = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(await AssessAsync(Before.Replace("E2,security", "E2,dba"), "spof")))!;
        assessed["risks"]![0] = null;
        var file = Cli.TempFile("null-risk.json", assessed.ToJsonString());
        var run = await Cli.RunAsync([.. command.Split(' ').Select(word => word.Replace("{0}", file, StringComparison.Ordinal))]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("risks[0]: expected an object, not null", run.Stderr);
    }

    /// <summary>The roster given where a JSON document belongs: refused as input (exit 2) for what it is, not for its first byte.</summary>
    [Theory]
    [InlineData("register {0} --out {0}.xlsx", "assessment roster.csv cannot be read")]
    [InlineData("diff {0} {0}", "assessment roster.csv cannot be read")]
    [InlineData("assess {0} --profile {0}", "profile roster.csv is invalid")]
    [InlineData("catalog validate {0}", "catalog roster.csv is invalid")]
    public async Task A_roster_given_as_a_json_document_is_named_for_what_it_is(string command, string what)
    {
        var roster = Cli.TempFile("roster.csv", Before);
        var run = await Cli.RunAsync([.. command.Split(' ').Select(word => word.Replace("{0}", roster, StringComparison.Ordinal))]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{what}:{Environment.NewLine}  not JSON: it looks like a CSV roster", run.Stderr);
    }

    [Fact]
    public async Task Treatments_AreMergedIntoTheRisks()
    {
        var roster = Cli.TempFile("roster.csv", "employee_id,role\nE1,dba\n");
        var treatments = Cli.TempFile("treatments.json", """
            { "ROLE:security-official": { "owner": "Chief Information Officer", "status": "In progress", "note": "offer accepted, starts in January" },
              "ROLE:nonexistent": { "status": "Open" } }
            """);
        var run = await Cli.RunAsync("assess", roster, "--treatments", treatments, "--format", "json");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("the treatment for ROLE:nonexistent matches no risk", run.Stderr);
        using var doc = JsonDocument.Parse(run.Stdout);
        // Kept in the assessment too, for whoever reads the JSON, the table or the register rather than the terminal.
        var warning = Assert.Single(doc.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "TREATMENT_UNMATCHED");
        Assert.Equal("ROLE:nonexistent", warning.GetProperty("value").GetString());
        Assert.Contains("TREATMENT_UNMATCHED", (await Cli.RunAsync("assess", roster, "--treatments", treatments)).Stdout);
        var risk = doc.RootElement.GetProperty("risks").EnumerateArray().Single(r => r.GetProperty("riskId").GetString() == "ROLE:security-official");
        Assert.Equal(("Chief Information Officer", "In progress"), (risk.GetProperty("owner").GetString(), risk.GetProperty("status").GetString()));
        Assert.Equal("offer accepted, starts in January", risk.GetProperty("treatment").GetProperty("note").GetString());
    }

    [Fact]
    public async Task InvalidTreatments_AreRejectedWithThePath()
    {
        var roster = Cli.TempFile("roster.csv", "employee_id,role\nE1,dba\n");
        var treatments = Cli.TempFile("treatments.json", """{ "ROLE:dba": { "status": "Accepted" } }""");
        var run = await Cli.RunAsync("assess", roster, "--treatments", treatments);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("ROLE:dba.status: an acceptance needs an approver and an acceptedUntil date", run.Stderr);
    }

    [Fact]
    public async Task Table_ShowsReadinessRisksAndTheScopeStatement()
    {
        var roster = Cli.TempFile("roster.csv", "employee_id,role\nE1,dba\n");
        var run = await Cli.RunAsync("assess", roster);
        Assert.Contains("Readiness 0.0", run.Stdout);
        Assert.Contains("Risk register", run.Stdout);
        Assert.Contains("ROLE:security-official", run.Stdout);
        // The register's scope statement, word for word: the terminal has no wording of its own to drift.
        var text = string.Join(" ", run.Stdout.Split('\n', StringSplitOptions.TrimEntries));
        Assert.Contains("What was assessed. The staffing roster as given (1 rows, 1 people; SHA-256 ", text);
        Assert.Contains("What was not assessed. Workforce-wide training", text);
        Assert.Contains("Disclaimer. This register supports, and does not replace, legal and compliance advice.", text);
    }
}
