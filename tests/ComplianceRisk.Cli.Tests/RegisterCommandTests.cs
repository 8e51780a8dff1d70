using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ComplianceRisk.Cli.Tests;

public sealed class RegisterCommandTests
{
    private static readonly string Roster = Path.Combine(Cli.RepositoryRoot, "tests", "fixtures", "realistic-roster", "roster.csv");
    private static readonly string[] Org = ["--org-type", "hospital", "--jurisdiction", "US-TX", "--org-id", "pecan-creek", "--org-name", "Pecan Creek Regional Hospital"];

    private static string[] SheetNames(string path)
    {
        using var document = SpreadsheetDocument.Open(path, false);
        return [.. document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!)];
    }

    /// <summary>The workbook's text: the shared strings, and the text the sheets that grow with the assessment hold inline.</summary>
    private static string AllText(string path)
    {
        using var document = SpreadsheetDocument.Open(path, false);
        var shared = document.WorkbookPart!.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText);
        var inline = document.WorkbookPart.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<InlineString>()).Select(i => i.InnerText);
        return string.Join("\n", shared.Concat(inline));
    }

    [Fact]
    public async Task Assess_WithAnXlsxOut_WritesTheRegister()
    {
        var path = Cli.TempFile("register.xlsx");
        var run = await Cli.RunAsync(["assess", Roster, .. Org, "--as-of", "2026-11-22", "--out", path]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(["Summary", "Heat Map", "Risk Register", "Role Coverage", "Obligation Coverage", "Competency Matrix", "Data Quality", "Methodology"], SheetNames(path));
        var text = AllText(path);
        Assert.Contains("Pecan Creek Regional Hospital", text);
        Assert.Contains("ROLE:security-official", text);
    }

    /// <summary>A sheet's rows as text, each cell at its column (shared and inline strings, numbers as written).</summary>
    private static List<List<string>> SheetRows(string path, string sheet)
    {
        using var document = SpreadsheetDocument.Open(path, false);
        var book = document.WorkbookPart!;
        var shared = book.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        var id = book.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheet).Id!.Value!;
        return [.. ((WorksheetPart)book.GetPartById(id)).Worksheet.Descendants<Row>().Select(row => row.Elements<Cell>().Select(c =>
            c.DataType?.Value == CellValues.SharedString ? shared[int.Parse(c.CellValue!.Text)]
            : c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText
            : c.CellValue?.Text ?? "").ToList())];
    }

    /// <summary>
    /// An acceptance that gives no response type (as docs/risks.md's example of a transfer gives none either) is the decision
    /// to accept the risk: the JSON, the workbook's Risk Register and the NIST IR 8286 JSON all say Accept (Transfer for a
    /// transferred risk), where they said Mitigate: a risk accepted and being mitigated at once.
    /// </summary>
    [Fact]
    public async Task AnAcceptanceWithoutAResponseType_IsAnAcceptResponse_InEveryOutput()
    {
        var treatments = Cli.TempFile("treatments.json", """
            { "OBL:pci-12.1.3": { "status": "accepted", "approver": "Audit Committee", "acceptedUntil": "2027-06-30" },
              "ROLE:security-official": { "status": "Transferred", "note": "MSP contract signed" } }
            """);
        var sample = Path.Combine(Cli.RepositoryRoot, "samples", "community-hospital-tx");
        string[] assess = ["assess", Path.Combine(sample, "roster.csv"), "--profile", Path.Combine(sample, "profile.json"), "--as-of", "2026-11-22", "--treatments", treatments];
        var expected = new Dictionary<string, (string Status, string Response)>
        {
            ["OBL:pci-12.1.3"] = ("Accepted", "Accept"),
            ["ROLE:security-official"] = ("Transferred", "Transfer"),
        };

        var json = await Cli.RunAsync([.. assess, "--format", "json"]);
        Assert.True(json.ExitCode == 0, json.Stderr);
        using (var doc = System.Text.Json.JsonDocument.Parse(json.Stdout))
            foreach (var (id, (status, response)) in expected)
            {
                var risk = doc.RootElement.GetProperty("risks").EnumerateArray().Single(r => r.GetProperty("riskId").GetString() == id);
                Assert.Equal((status, response), (risk.GetProperty("status").GetString()!, risk.GetProperty("responseType").GetString()!));
            }

        var path = Cli.TempFile("treated.xlsx");
        var xlsx = await Cli.RunAsync([.. assess, "--out", path]);
        Assert.True(xlsx.ExitCode == 0, xlsx.Stderr);
        var rows = SheetRows(path, "Risk Register");
        var header = rows[0];
        foreach (var (id, (status, response)) in expected)
        {
            var row = rows.Single(r => r.Count > 0 && r[0] == id);
            Assert.Equal((status, response), (row[header.IndexOf("Status")], row[header.IndexOf("Response type")]));
        }

        var nist = await Cli.RunAsync([.. assess, "--format", "nist-8286-json"]);
        Assert.True(nist.ExitCode == 0, nist.Stderr);
        using (var doc = System.Text.Json.JsonDocument.Parse(nist.Stdout))
            foreach (var (id, (_, response)) in expected)
            {
                var risk = doc.RootElement.GetProperty("risks").EnumerateArray().Single(r => r.GetProperty("riskId").GetString() == id);
                Assert.Equal([response], risk.GetProperty("riskResponseType").EnumerateArray().Select(v => v.GetString()!));
            }
    }

    /// <summary>
    /// From the assessment saved as JSON too (the <c>register</c> command, the app's Board register, POST api/registers):
    /// the assessment records the profile's calibrations, where the sheet used to print the catalog's defaults.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Assess_WithACalibratedProfile_TheMethodologySheetShowsTheOrganizationsRatesAndWindows(bool fromSavedAssessment)
    {
        // The organization's own HR figures and windows: the scores come from them, so the sheet that says how every
        // score was computed must print them, not the catalog's defaults (15 % employee attrition, 90/180/90 days …).
        var profile = Cli.TempFile("calibrated.json", """
            { "id": "pecan-creek", "name": "Pecan Creek Regional Hospital", "orgTypes": ["hospital"], "jurisdictions": ["US-TX"],
              "policy": { "attritionRates": { "employee": 0.3, "vendor": 0.05 }, "trainingCadenceMonths": 24, "certExpiringDays": 30,
                          "departurePendingDays": 60, "interimMaxDays": 200, "fragileProbability": 0.5 } }
            """);
        var path = Cli.TempFile("calibrated.xlsx");
        if (fromSavedAssessment)
        {
            var saved = Cli.TempFile("calibrated-assessment.json");
            var assess = await Cli.RunAsync("assess", Roster, "--profile", profile, "--as-of", "2026-11-22", "--out", saved);
            Assert.True(assess.ExitCode == 0, assess.Stderr);
            var register = await Cli.RunAsync("register", saved, "--out", path);
            Assert.True(register.ExitCode == 0, register.Stderr);
        }
        else
        {
            var run = await Cli.RunAsync("assess", Roster, "--profile", profile, "--as-of", "2026-11-22", "--out", path);
            Assert.True(run.ExitCode == 0, run.Stderr);
        }

        var rows = SheetRows(path, "Methodology");
        List<string> Row(string label) => rows.Single(r => r.Count > 0 && r[0] == label);
        Assert.Equal("0.3", Row("Employee")[1]);
        Assert.Equal("pecan-creek organization calibration", Row("Employee")[3]);
        Assert.Equal("0.05", Row("Vendor")[1]);
        Assert.Equal("0.3", Row("Contractor")[1]); // not calibrated: the catalog's rate and source
        Assert.DoesNotContain("calibration", Row("Contractor")[3], StringComparison.Ordinal);
        Assert.Equal("30 days", Row("Certificate expiring")[1]);
        Assert.Equal("60 days", Row("Departure pending")[1]);
        Assert.Equal("200 days", Row("Interim too long")[1]);
        Assert.Equal("24 months", Row("Training cadence")[1]);
        Assert.Contains(rows, r => r.Count > 0 && r[0].Contains("reaches 50% is FRAGILE", StringComparison.Ordinal));
    }

    /// <summary>
    /// The raise for someone new in their role, calibrated by the profile: the Methodology sheet prints the value used and
    /// the organization as its source, and the probabilities are computed with it (a profile refused it as an unknown property).
    /// </summary>
    [Fact]
    public async Task Assess_WithANewInRoleCalibration_UsesItAndTheMethodologySheetShowsIt()
    {
        // Two qualified security officials: E1 in the seat for under 6 months, E2 for 17 months.
        var roster = Cli.TempFile("officials.csv", """
            employee_id,role,assignment,years_experience,competencies,certifications,last_training_date,last_exercise_date,role_start_date
            E1,security-official,primary,12,hipaa-security=3; risk-analysis=3; incident-response=3; communication=3; security-awareness=3,CISSP,2026-10-01,2026-10-01,2026-06-01
            E2,security-official,backup,9,hipaa-security=3; risk-analysis=3; incident-response=3; communication=3; security-awareness=3,CISSP,2026-10-01,2026-10-01,2025-06-01
            """);
        const string org = """ "id": "pecan-creek", "orgTypes": ["hospital"], "jurisdictions": ["US-TX"] """;
        var uncalibrated = Cli.TempFile("uncalibrated.json", $$"""{ {{org}} }""");
        var calibrated = Cli.TempFile("new-in-role.json", $$"""{ {{org}}, "policy": { "newInRoleMultiplier": 3, "newInRoleMonths": 24 } }""");
        string[] assess = ["assess", roster, "--as-of", "2026-11-22"];

        var path = Cli.TempFile("new-in-role.xlsx");
        var run = await Cli.RunAsync([.. assess, "--profile", calibrated, "--out", path]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var row = SheetRows(path, "Methodology").Single(r => r.Count > 0 && r[0] == "New in role");
        Assert.Equal(["New in role", "× 3", "< 24 months", "pecan-creek organization calibration"], row);

        // With the catalog's × 1.5 under 12 months only E1 is new; calibrated, both are, and leave three times as often:
        // the obligations the officials discharge are likelier to be uncovered within 12 months.
        static async Task<double> Uncovered(string[] args)
        {
            var json = await Cli.RunAsync([.. args, "--format", "json"]);
            Assert.True(json.ExitCode == 0, json.Stderr);
            return JsonNode.Parse(json.Stdout)!["obligations"]!.AsArray()
                .Single(o => o!["obligationId"]!.GetValue<string>() == "hipaa-sec-164.308a2")!["probabilityUncovered12m"]!.GetValue<double>();
        }
        // E1 0.15 × 1.5 = 0.225, E2 0.15 → both lost 0.03375; calibrated, each 0.45 → 0.2025.
        Assert.Equal((0.03375, 0.2025), (await Uncovered([.. assess, "--profile", uncalibrated]), await Uncovered([.. assess, "--profile", calibrated])));
    }

    /// <summary>
    /// A treatment given to <c>register</c> that matches none of the saved assessment's risks is in its Data Quality sheet,
    /// as <c>assess --treatments</c> puts it there (TREATMENT_UNMATCHED); it was noted on standard error only.
    /// </summary>
    [Fact]
    public async Task Register_FromJson_ListsATreatmentThatMatchesNoRisk_OnItsDataQualitySheet()
    {
        var saved = Cli.TempFile("saved.json");
        Assert.Equal(0, (await Cli.RunAsync(["assess", Roster, .. Org, "--as-of", "2026-11-22", "--out", saved])).ExitCode);
        var treatments = Cli.TempFile("typo.json", """{ "ROLE:security-oficial": { "owner": "Chief Information Officer", "status": "In progress" } }""");
        var path = Cli.TempFile("typo.xlsx");
        var run = await Cli.RunAsync("register", saved, "--treatments", treatments, "--out", path);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("ROLE:security-oficial matches no risk", run.Stderr);
        var rows = SheetRows(path, "Data Quality");
        var row = Assert.Single(rows, r => r.Contains("TREATMENT_UNMATCHED"));
        Assert.Contains("ROLE:security-oficial", row);
    }

    [Fact]
    public async Task Register_FromJson_WithPreviousTreatmentsAndPseudonyms()
    {
        var before = Cli.TempFile("before.json");
        var after = Cli.TempFile("after.json");
        Assert.Equal(0, (await Cli.RunAsync(["assess", Roster, .. Org, "--as-of", "2026-11-22", "--out", before])).ExitCode);
        Assert.Equal(0, (await Cli.RunAsync(["assess", Roster, .. Org, "--as-of", "2026-11-22", "--without", "E1004", "--out", after])).ExitCode);
        var treatments = Cli.TempFile("treatments.json", """{ "ROLE:security-official": { "owner": "Chief Information Officer", "status": "In progress", "responseCost": 12000.5 } }""");
        var path = Cli.TempFile("board.xlsx");
        var run = await Cli.RunAsync("register", after, "--previous", before, "--treatments", treatments, "--pseudonymize", "--out", path);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("Changes", SheetNames(path));
        var text = AllText(path);
        Assert.Contains("Chief Information Officer", text);
        Assert.Contains("In progress", text);
        Assert.Contains("Response cost: USD 12,000.5", text);
        // The roster's names never reach a board pack.
        Assert.DoesNotContain("Delgado", text);
        Assert.DoesNotContain("Kevin", text);
    }

    /// <summary>
    /// The fixture's E1003 has left: the assessment names them only in its DEPARTED warning, and a register made from the
    /// saved assessment has no roster to say the id is a person's. The warning says so itself (personId).
    /// </summary>
    [Fact]
    public async Task Register_FromJson_Pseudonymized_HidesTheIdsOfPeopleOnlyAWarningNames()
    {
        var saved = Cli.TempFile("assessment.json");
        Assert.Equal(0, (await Cli.RunAsync(["assess", Roster, .. Org, "--as-of", "2026-11-22", "--format", "json", "--out", saved])).ExitCode);
        Assert.Contains("\"E1003 left on 2026-08-14", File.ReadAllText(saved));

        var board = Cli.TempFile("board.xlsx");
        var run = await Cli.RunAsync("register", saved, "--pseudonymize", "--out", board);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var text = AllText(board);
        Assert.DoesNotMatch(@"(?<![\p{L}\p{N}])E1003(?![\p{L}\p{N}])", text);
        Assert.DoesNotContain("Haines", text);
        Assert.Matches(@"Person [0-9A-F]{4,8} left on 2026-08-14", text);

        var keep = Cli.TempFile("board-ids.xlsx");
        run = await Cli.RunAsync("register", saved, "--pseudonymize", "--keep-ids", "--out", keep);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("E1003 left on 2026-08-14", AllText(keep));
        Assert.DoesNotContain("Haines", AllText(keep));
    }

    /// <summary>
    /// E8002 has left, and their row has a stray quote in the name: the roster's reader warns with the whole row as the
    /// value, and the assessment names E8002 nowhere else. E8004 holds no catalog role and has a name in a column without
    /// a header.
    /// </summary>
    [Fact]
    public async Task Register_FromJson_Pseudonymized_HidesTheIdAndNameInARowTheReaderCouldNotRead()
    {
        var roster = Cli.TempFile("roster.csv", "employee_id,name,role,departure_date\n" +
            "E8001,Rosa Delgado,security-official,\n" +
            "E8002,Ignatius \"Iggy\" Kowalczyk,security-official,2026-09-05\n" +
            "E8004,Nora,Nurse Manager,,Nora Quillfeather\n");
        var saved = Cli.TempFile("assessment.json");
        Assert.Equal(0, (await Cli.RunAsync(["assess", roster, .. Org, "--as-of", "2026-11-22", "--format", "json", "--out", saved])).ExitCode);
        Assert.Contains("CSV_BAD_QUOTE", File.ReadAllText(saved));

        var board = Cli.TempFile("board.xlsx");
        var run = await Cli.RunAsync("register", saved, "--pseudonymize", "--out", board);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var text = AllText(board);
        foreach (var term in new[] { "E8001", "E8002", "E8004", "Rosa", "Delgado", "Ignatius", "Iggy", "Kowalczyk", "Nora", "Quillfeather" })
            Assert.DoesNotMatch($@"(?<![\p{{L}}\p{{N}}]){term}(?![\p{{L}}\p{{N}}])", text);
        Assert.Contains("Row 3 has a quote character inside an unquoted field", text);

        var keep = Cli.TempFile("board-ids.xlsx");
        run = await Cli.RunAsync("register", saved, "--pseudonymize", "--keep-ids", "--out", keep);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("E8002 left on 2026-09-05", AllText(keep));
        foreach (var term in new[] { "Ignatius", "Kowalczyk", "Quillfeather" }) Assert.DoesNotContain(term, AllText(keep));
    }

    /// <summary>The texts of a sheet's cells, shared strings and inline strings resolved, in document order.</summary>
    private static List<string> SheetTexts(string path, string sheet)
    {
        using var document = SpreadsheetDocument.Open(path, false);
        var strings = document.WorkbookPart!.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray();
        var id = document.WorkbookPart.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheet).Id!;
        var part = (WorksheetPart)document.WorkbookPart.GetPartById(id!);
        return [.. part.Worksheet.Descendants<Cell>().Select(c => c.DataType?.Value == CellValues.SharedString ? strings[int.Parse(c.CellValue!.Text)]
            : c.InlineString?.InnerText ?? c.CellValue?.Text ?? "")];
    }

    /// <summary>
    /// A saved assessment holds no person's competency levels, so the register made from it is not quite assess's: its
    /// Competency Matrix is role × required level. The sheet, register's help and README's command table say so.
    /// </summary>
    [Fact]
    public async Task Register_FromJson_SaysItsCompetencyMatrixShowsTheLevelsEachRoleRequires()
    {
        var saved = await AssessAsOfAsync("2026-11-22");
        var path = Cli.TempFile("register.xlsx");
        var run = await Cli.RunAsync("register", saved, "--out", path);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var matrix = SheetTexts(path, "Competency Matrix");
        Assert.Equal("Role", matrix[0]);
        Assert.Contains(matrix, t => t.StartsWith("Level each role requires", StringComparison.Ordinal) && t.Contains("no person's levels", StringComparison.Ordinal));

        var help = await Cli.RunAsync("register", "--help");
        Assert.Contains("Competency Matrix shows the levels each role requires", System.Text.RegularExpressions.Regex.Replace(help.Stdout, @"\s+", " "), StringComparison.Ordinal);

        var readme = File.ReadAllLines(Path.Combine(Cli.RepositoryRoot, "README.md"));
        var row = Assert.Single(readme, l => l.StartsWith("| `register <assessment.json> [--previous", StringComparison.Ordinal));
        Assert.Contains("the matrix shows the levels each role requires", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_NotesTreatmentsThatMatchNoRisk_AsAssessDoes()
    {
        var assessment = Cli.TempFile("assessment.json");
        Assert.Equal(0, (await Cli.RunAsync(["assess", Roster, .. Org, "--as-of", "2026-11-22", "--out", assessment])).ExitCode);
        var treatments = Cli.TempFile("treatments.json", """{ "ROLE:security-official": { "status": "In progress" }, "ROLE:nope": { "status": "Open" } }""");
        var run = await Cli.RunAsync("register", assessment, "--treatments", treatments, "--out", Cli.TempFile("register.xlsx"));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("note: the treatment for ROLE:nope matches no risk in this assessment", run.Stderr);
        Assert.DoesNotContain("ROLE:security-official", run.Stderr);
    }

    private static async Task<string> AssessAsOfAsync(string asOf)
    {
        var path = Cli.TempFile($"assessment-{asOf}.json");
        var run = await Cli.RunAsync(["assess", Roster, .. Org, "--as-of", asOf, "--out", path]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return path;
    }

    [Fact]
    public async Task Register_WithALaterPrevious_WritesTheChanges_WithANoteOnStderrNamingBothDates()
    {
        var november = await AssessAsOfAsync("2026-11-22");
        var december = await AssessAsOfAsync("2026-12-01");
        var path = Cli.TempFile("register.xlsx");
        var run = await Cli.RunAsync("register", november, "--previous", december, "--out", path);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(
            [
                "note: the previous assessment (as of 2026-12-01) is later than this one (2026-11-22); the order looks reversed, so the changes are shown from the later to the earlier (give the earlier assessment as --previous)",
                $"Wrote {path} ({CountRisks(november)} risks, with changes against 2026-12-01).",
            ],
            run.Stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("", run.Stdout);
        Assert.Contains("Changes", SheetNames(path));
    }

    [Fact]
    public async Task Register_WithAPreviousMadeWithAnotherCatalog_SaysSo_OnStderrAndInTheChangesSheet()
    {
        var previous = Cli.TempFile("previous.json");
        var run = await Cli.RunAsync(["assess", Roster, .. Org, "--as-of", "2026-06-01", "--catalog", await DiffAndTreatmentCommandTests.OtherCatalogAsync(), "--out", previous]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var current = await AssessAsOfAsync("2026-11-22");
        var path = Cli.TempFile("register.xlsx");
        run = await Cli.RunAsync("register", current, "--previous", previous, "--out", path);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Matches(@"^note: the previous assessment was made with catalog health-it-default 2027\.1\.0 \(sha256 [0-9a-f]{12}…\) and this one with catalog health-it-default 2026\.11\.0 \(sha256 [0-9a-f]{12}…\); scores and readiness may differ by the catalogs' method and requirements, not by staffing\r?\nWrote ",
            run.Stderr);
        Assert.Contains(SheetTexts(path, "Changes"), t => t.StartsWith("The previous assessment was made with another catalog (health-it-default 2027.1.0 (sha256 ", StringComparison.Ordinal)
            && t.Contains("this one: health-it-default 2026.11.0 (sha256 ", StringComparison.Ordinal) && t.EndsWith("not by staffing.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2026-11-22", "2026-12-01")]
    [InlineData("2026-11-22", "2026-11-22")]
    public async Task Register_WithAnEarlierOrSameDayPrevious_HasNoNote(string previous, string current)
    {
        var before = await AssessAsOfAsync(previous);
        var now = previous == current ? before : await AssessAsOfAsync(current);
        var run = await Cli.RunAsync("register", now, "--previous", before, "--out", Cli.TempFile("register.xlsx"));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.StartsWith("Wrote ", run.Stderr);
        Assert.DoesNotContain("note:", run.Stderr);
    }

    private static int CountRisks(string assessment)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(assessment));
        return doc.RootElement.GetProperty("risks").GetArrayLength();
    }

    [Fact]
    public async Task Register_RefusesMismatches()
    {
        var a = Cli.TempFile("a.json");
        await Cli.RunAsync(["assess", Roster, .. Org, "--out", a]);
        var b = Cli.TempFile("b.json");
        await Cli.RunAsync("assess", Roster, "--org-id", "other", "--out", b);
        var run = await Cli.RunAsync("register", a, "--previous", b, "--out", Cli.TempFile("r.xlsx"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--previous is an assessment of other, not pecan-creek", run.Stderr);
        Assert.Equal(1, (await Cli.RunAsync("register", a, "--out", Cli.TempFile("r.txt"))).ExitCode);
        Assert.Equal(1, (await Cli.RunAsync("register", a, "--keep-ids", "--out", Cli.TempFile("r.xlsx"))).ExitCode);
        var folder = Path.GetDirectoryName(a)!;
        var ofAFolder = await Cli.RunAsync("register", folder, "--out", Cli.TempFile("r.xlsx"));
        Assert.Equal(1, ofAFolder.ExitCode);
        Assert.Contains($"assessment {folder} is a folder, not a file", ofAFolder.Stderr);
    }
}
