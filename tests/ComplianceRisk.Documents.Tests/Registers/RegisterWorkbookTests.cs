using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using ComplianceRisk.Documents.Assessments;
using ComplianceRisk.Documents.Registers;
using ComplianceRisk.Engine.Catalogs;
using DocumentFormat.OpenXml.Spreadsheet;
using static ComplianceRisk.Documents.Tests.Registers.RegisterFixtures;

namespace ComplianceRisk.Documents.Tests.Registers;

/// <summary>The register workbook of DESIGN §6, read back cell by cell with the Open XML SDK.</summary>
public sealed class RegisterWorkbookTests
{
    private static readonly string[] BaseSheets =
        ["Summary", "Heat Map", "Risk Register", "Role Coverage", "Obligation Coverage", "Competency Matrix", "Data Quality", "Methodology"];

    private static byte[] RealisticRegister(RegisterOptions? options = null) =>
        Write(Realistic, options ?? new RegisterOptions { Roster = RealisticRoster });

    [Fact]
    public void SheetNames_AreThoseOfTheDesign_WithChangesOnlyWhenAPreviousAssessmentIsGiven()
    {
        using (var document = Open(RealisticRegister()))
            Assert.Equal(BaseSheets, SheetNames(document));

        var earlier = Assess(File.ReadAllBytes(RealisticRosterPath), asOf: new DateOnly(2026, 6, 1)).Assessment;
        using (var document = Open(RealisticRegister(new RegisterOptions { Roster = RealisticRoster, Previous = earlier })))
        {
            Assert.Equal(["Summary", "Heat Map", "Risk Register", "Role Coverage", "Obligation Coverage", "Competency Matrix", "Changes", "Data Quality", "Methodology"], SheetNames(document));
            var changes = Cells(document, "Changes");
            Assert.Contains(changes.Values, v => v.Contains("2026-06-01 → 2026-11-22", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void EveryWorkbook_PassesTheOpenXmlValidator()
    {
        var earlier = Assess(File.ReadAllBytes(RealisticRosterPath), asOf: new DateOnly(2026, 6, 1)).Assessment;
        AssertValid(RealisticRegister());
        AssertValid(RealisticRegister(new RegisterOptions { Roster = RealisticRoster, Previous = earlier, Pseudonymize = true }));
        AssertValid(Write(Realistic)); // no roster: the competency matrix shows role requirements
        var (formula, formulaRoster) = Assess(Encoding.UTF8.GetBytes(FormulaRosterCsv));
        AssertValid(Write(formula, new RegisterOptions { Roster = formulaRoster }));
    }

    [Fact]
    public void RiskRegister_HasTheNistColumns_AndAKnownRisksRow()
    {
        using var document = Open(RealisticRegister());
        var rows = Rows(document, "Risk Register");
        Assert.Equal(["ID", "Priority", "Risk", "Description", "Category", "Role", "Obligations", "Likelihood", "Impact", "Score", "Rating",
            "Residual score", "Residual rating", "Key factors", "Response type", "Actions and named candidates", "Owner", "Due date", "Status", "Treatment"],
            rows[1].Take(20));
        Assert.Equal(Realistic.Risks.Length + 1, rows.Count);

        var risk = Realistic.Risks.First(r => r.RiskId == "ROLE:security-official");
        var row = rows.Values.Single(r => r[0] == risk.RiskId);
        Assert.Equal(risk.Score.ToString(), row[9]);
        Assert.Equal(risk.Rating.ToString(), row[10]);
        Assert.Equal(risk.Residual.Rating.ToString(), row[12]);
        Assert.Contains("VACANT", row[13], StringComparison.Ordinal);
        Assert.Equal(risk.Owner, row[16]);
        Assert.Equal((risk.DueDate.DayNumber - new DateOnly(1899, 12, 30).DayNumber).ToString(), row[17]);
        Assert.Equal("Open", row[18]);

        // Priority follows the assessment's order (highest score first).
        Assert.Equal(Realistic.Risks.Select(r => r.RiskId), rows.Values.Skip(1).Select(r => r[0]));
    }

    [Theory]
    [InlineData(0, "Likelihood basis: 0 points;")]
    [InlineData(1, "Likelihood basis: 1 point;")]
    [InlineData(2, "Likelihood basis: 2 points;")]
    public void RiskRegister_KeyFactors_CountTheLikelihoodPoints_InWords(int points, string expected)
    {
        var risk = Realistic.Risks[0];
        var edited = risk with { LikelihoodBasis = risk.LikelihoodBasis with { Points = points } };
        using var document = Open(Write(Realistic with { Risks = [edited, .. Realistic.Risks[1..]] }, new RegisterOptions { Roster = RealisticRoster }));
        var row = Rows(document, "Risk Register").Values.Single(r => r[0] == risk.RiskId);
        Assert.Contains(expected, row[13], StringComparison.Ordinal);
    }

    [Fact]
    public void RiskRegister_Treatment_SaysALapsedAcceptanceOnce()
    {
        var book = ComplianceRisk.Engine.Risks.TreatmentBook.Read(Encoding.UTF8.GetBytes(
            """{ "ROLE:security-official": { "status": "Accepted", "responseType": "Accept", "approver": "CFO", "acceptedUntil": "2026-10-01", "note": "budget in 2027" } }""")).GetValueOrThrow();
        var treated = Realistic with { Risks = book.ApplyTo(Realistic.Risks, Realistic.AsOf) };
        using var document = Open(Write(treated, new RegisterOptions { Roster = RealisticRoster }));
        var rows = Rows(document, "Risk Register");
        Assert.Equal("Treatment", rows[1][19]);
        var cell = rows.Values.Single(r => r[0] == "ROLE:security-official")[19];
        Assert.Equal("Acceptance by CFO lapsed on 2026-10-01; reopened. budget in 2027\nApproved by CFO\nAccepted until 2026-10-01", cell);
    }

    [Fact]
    public void RiskRegister_IsATable_WithFrozenHeader_PrintTitles_Landscape_AndRatingColours()
    {
        using var document = Open(RealisticRegister());
        var part = SheetPart(document, "Risk Register");
        var table = Assert.Single(part.TableDefinitionParts).Table;
        Assert.Equal($"A1:T{Realistic.Risks.Length + 1}", table.Reference!.Value);
        Assert.NotNull(table.AutoFilter);
        Assert.True(table.TableStyleInfo!.ShowRowStripes!.Value);

        var pane = part.Worksheet.Descendants<Pane>().Single();
        Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal(1, pane.VerticalSplit!.Value);

        var setup = part.Worksheet.GetFirstChild<PageSetup>()!;
        Assert.Equal(OrientationValues.Landscape, setup.Orientation!.Value);
        Assert.Equal(1u, setup.FitToWidth!.Value);
        Assert.Equal(0u, setup.FitToHeight!.Value);

        var titles = document.WorkbookPart!.Workbook.DefinedNames!.Elements<DefinedName>().Single(n => n.Name == "_xlnm.Print_Titles" && n.LocalSheetId!.Value == 2);
        Assert.Equal("'Risk Register'!$1:$1", titles.Text);

        var rules = part.Worksheet.Elements<ConditionalFormatting>().SelectMany(c => c.Elements<ConditionalFormattingRule>()).ToList();
        Assert.Contains(rules, r => r.GetFirstChild<Formula>()!.Text == "\"Critical\"");
    }

    [Fact]
    public void HeatMap_CountsSumToTheNumberOfRisks_InherentAndResidual()
    {
        using var document = Open(RealisticRegister());
        var cells = Cells(document, "Heat Map");
        int Sum(char from, char to)
        {
            var total = 0;
            for (var row = 1; row <= 40; row++)
                for (var c = from; c <= to; c++)
                    if (cells.TryGetValue($"{c}{row}", out var v) && int.TryParse(v, out var n) && IsGridRow(cells, row)) total += n;
            return total;
        }
        Assert.True(Realistic.Risks.Length > 5);
        Assert.Equal(Realistic.Risks.Length, Sum('C', 'G'));
        Assert.Equal(Realistic.Risks.Length, Sum('J', 'N'));

        // The cell of a known risk counts it: likelihood row labels are "5 Almost certain" … "1 Rare".
        var risk = Realistic.Risks[0];
        var labelRow = cells.Single(c => c.Key.StartsWith('B') && c.Value.StartsWith($"{risk.Likelihood} ", StringComparison.Ordinal) && IsGridRow(cells, int.Parse(c.Key[1..]))).Key[1..];
        var column = (char)('C' + risk.Impact - 1);
        Assert.Equal(Realistic.Risks.Count(r => r.Likelihood == risk.Likelihood && r.Impact == risk.Impact).ToString(), cells[$"{column}{labelRow}"]);
    }

    [Fact]
    public void RatingBands_AreWorded_UpToTheHighestScoreThatCanOccur_OnTheHeatMapAndTheMethodology()
    {
        // Scores are likelihood × impact, each 1-5: 17-19 cannot occur, so High is 10-16 (docs/risks.md).
        using (var document = Open(RealisticRegister()))
        {
            Assert.Contains(Cells(document, "Heat Map").Values, v => v.Contains("(Low 1-4 · Moderate 5-9 · High 10-16 · Critical 20-25)", StringComparison.Ordinal));
            Assert.Equal(["Critical 20-25", "High 10-16", "Moderate 5-9", "Low 1-4"], MethodologyBands(document));
        }

        // A catalog's own bands by the same rule: 7-12 holds 8, 9, 10 and 12; nothing from 13 to 17 but 15 and 16.
        var scoring = Import.Catalog.Method.Scoring;
        RatingBand Band(RiskRating rating, int minScore) => scoring.RatingBands.Single(b => b.Rating == rating) with { MinScore = minScore };
        var custom = Import.Catalog with
        {
            Method = Import.Catalog.Method with
            {
                Scoring = scoring with { RatingBands = [Band(RiskRating.Critical, 18), Band(RiskRating.High, 13), Band(RiskRating.Moderate, 7), Band(RiskRating.Low, 1)] },
            },
        };
        using var stream = new MemoryStream();
        RegisterWorkbook.Write(stream, Realistic, custom, new RegisterOptions { Roster = RealisticRoster });
        using (var document = Open(stream.ToArray()))
        {
            Assert.Contains(Cells(document, "Heat Map").Values, v => v.Contains("(Low 1-6 · Moderate 7-12 · High 13-16 · Critical 18-25)", StringComparison.Ordinal));
            Assert.Equal(["Critical 18-25", "High 13-16", "Moderate 7-12", "Low 1-6"], MethodologyBands(document));
        }
    }

    [Fact]
    public void Scales_SayWhatReachesFive_UnderTheMethodUsed()
    {
        const string Top = "Likelihood: 5 factor points, or a 12-month probability of {0} or more. Impact: severe consequence ({1}severity-5 obligation).";
        using (var document = Open(RealisticRegister()))
            Assert.Contains(string.Format(CultureInfo.InvariantCulture, Top, "50%", "tier-1 role, "), Cells(document, "Methodology").Values);

        // Calibrated: likelihood 5 from 70 %, and no tier's impact reaches 5. The sheet said "tier-1 role" and "expected" anyway.
        var scoring = Import.Catalog.Method.Scoring;
        var custom = Import.Catalog with
        {
            Method = Import.Catalog.Method with
            {
                Scoring = scoring with
                {
                    ProbabilityBands = [.. scoring.ProbabilityBands.Select(b => b.Likelihood == 5 ? b with { AtLeast = 0.7 } : b)],
                    TierImpact = [4, 4, 2],
                },
            },
        };
        using var stream = new MemoryStream();
        RegisterWorkbook.Write(stream, Realistic, custom, new RegisterOptions { Roster = RealisticRoster });
        using (var document = Open(stream.ToArray()))
            Assert.Contains(string.Format(CultureInfo.InvariantCulture, Top, "70%", ""), Cells(document, "Methodology").Values);
    }

    [Fact]
    public void EveryFooter_KeepsWithinExcelsLimit_WithA300CharacterOrganizationName_AndLibreOfficeOpensIt()
    {
        // The profile puts no limit on the name; Excel asks to repair a file whose header or footer passes 255
        // characters. The '&' runs start one character apart, so one of the two cuts falls inside an escaped "&&".
        var clinics = string.Concat(Enumerable.Repeat("Pecan Creek Regional Hospital & Clinics of Central Texas, ", 6))[..300];
        // A literal "_x0041_" is escaped once ("_x005F_x0041_"), where the footer's length is counted.
        var escapes = string.Concat(Enumerable.Repeat("Clinic_x0041_ ", 22))[..300];
        string[] names = [clinics, new('&', 300), "x" + new string('&', 299), escapes];
        var roster = File.ReadAllBytes(RealisticRosterPath);
        foreach (var name in names)
        {
            Assert.Equal(300, name.Length);
            var (assessment, read) = Assess(roster, Profile(name: name));
            var workbook = Write(assessment, new RegisterOptions { Roster = read });
            AssertValid(workbook);
            using (var document = Open(workbook))
            {
                var footers = document.WorkbookPart!.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<HeaderFooter>())
                    .SelectMany(h => h.ChildElements).Select(e => e.InnerText).ToList();
                Assert.Equal(document.WorkbookPart.WorksheetParts.Count(), footers.Count);
                foreach (var footer in footers)
                {
                    Assert.True(footer.Length <= 255, $"a footer of {footer.Length} characters: {footer}");
                    Assert.Contains("&C&8Page &P of &N", footer, StringComparison.Ordinal);
                    // The name, shortened: every '&' of it still doubled, then the ellipsis.
                    var shown = footer[(footer.IndexOf(",Regular\"", StringComparison.Ordinal) + 9)..footer.IndexOf(" · Risk register as of", StringComparison.Ordinal)];
                    Assert.EndsWith("…", shown, StringComparison.Ordinal);
                    Assert.DoesNotContain("&", shown.Replace("&&", "", StringComparison.Ordinal), StringComparison.Ordinal);
                    Assert.StartsWith(name[..20].Replace("&", "&&", StringComparison.Ordinal).Replace("_x0041_", "_x005F_x0041_", StringComparison.Ordinal)[..20], shown, StringComparison.Ordinal);
                    Assert.DoesNotContain("_x005F_x005F_", footer, StringComparison.Ordinal);
                }
            }
            if (name == clinics) Assert.True(new FileInfo(ToPdf(workbook, "long-organization-name")).Length > 1000);
        }
    }

    [Fact]
    public void AnOrganizationNameStartingWithADigit_IsTheFootersText_NotPartOfAFontSize()
    {
        // In a header or footer "&8" sets 8-point text and its digits run on: "&8" + "1199SEIU" would be a size of 81199.
        var (assessment, read) = Assess(File.ReadAllBytes(RealisticRosterPath), Profile(name: "1199SEIU Family Health Center"));
        using var document = Open(Write(assessment, new RegisterOptions { Roster = read }));
        var footers = document.WorkbookPart!.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<HeaderFooter>())
            .SelectMany(h => h.ChildElements).Select(e => e.InnerText).ToList();
        Assert.NotEmpty(footers);
        foreach (var footer in footers)
        {
            Assert.Contains("\"1199SEIU Family Health Center · Risk register as of", footer, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"&[0-9]+1199SEIU", footer);
        }
    }

    /// <summary>The Methodology sheet's rating bands, each as "Rating from-to".</summary>
    private static List<string> MethodologyBands(DocumentFormat.OpenXml.Packaging.SpreadsheetDocument document)
    {
        var rows = Rows(document, "Methodology").Values.ToList();
        var header = rows.FindIndex(r => r.Count >= 3 && r[0] == "Rating" && r[1] == "Score from");
        Assert.True(header >= 0, "no rating band table on the Methodology sheet");
        return [.. rows.Skip(header + 1).Take(4).Select(r => $"{r[0]} {r[1]}-{r[2]}")];
    }

    private static bool IsGridRow(Dictionary<string, string> cells, int row) =>
        cells.TryGetValue($"B{row}", out var label) && label.Length > 2 && char.IsDigit(label[0]) && label[1] == ' ';

    [Fact]
    public void Summary_NamesTheOrganization_Readiness_AndTopRisks()
    {
        using var document = Open(RealisticRegister());
        var cells = Cells(document, "Summary");
        Assert.Contains(OrganizationName, cells.Values);
        Assert.Contains(Realistic.Summary.ReadinessIndex!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), cells.Values);
        Assert.Contains(Realistic.Risks[0].RiskId, cells.Values);
        Assert.Contains(cells.Values, v => v.StartsWith("Disclaimer.", StringComparison.Ordinal) && v.Contains("does not replace, legal and compliance advice", StringComparison.Ordinal));
        Assert.Contains("Approved by (risk owner)", cells.Values);
        foreach (var regime in Realistic.Summary.Regimes) Assert.Contains(regime.Name, cells.Values);
    }

    [Fact]
    public void Methodology_CarriesTheAssessmentsHashes_AndAttritionSources()
    {
        using var document = Open(RealisticRegister());
        var rows = Rows(document, "Methodology").Values.ToList();
        string Value(string label) => rows.Single(r => r[0] == label)[1];
        Assert.Equal(Realistic.Catalog.Sha256, Value("Catalog SHA-256"));
        Assert.Equal(Realistic.Roster.Sha256, Value("Roster SHA-256"));
        Assert.Equal(Realistic.Catalog.Id, Value("Catalog id"));
        Assert.Equal(Realistic.Catalog.Version, Value("Catalog version"));
        Assert.Equal(Realistic.EngineVersion, Value("Engine version"));
        Assert.Equal(Realistic.AssessmentId, Value("Assessment id"));
        var cells = Cells(document, "Methodology").Values;
        foreach (var rate in Import.Catalog.Method.Attrition.Rates.Values) Assert.Contains(rate.Source, cells);
        foreach (var note in Realistic.Obligations.SelectMany(o => o.Unconfirmed)) Assert.Contains(note, cells);
    }

    [Fact]
    public void CoverageSheets_ListEveryRole_Obligation_AndWarning()
    {
        using var document = Open(RealisticRegister());
        var roles = Rows(document, "Role Coverage");
        foreach (var role in Realistic.Roles) Assert.Contains(roles.Values, r => r[0] == role.RoleId);
        var obligations = Rows(document, "Obligation Coverage");
        Assert.Equal("12-month probability uncovered", obligations[1][11]);
        foreach (var o in Realistic.Obligations) Assert.Contains(obligations.Values, r => r[0] == o.ObligationId);
        var warnings = Rows(document, "Data Quality");
        Assert.Equal(["Sheet", "Row", "Column", "Value", "Code", "Message", "Hint"], warnings[1]);
        Assert.True(Realistic.Warnings.Length > 0);
        foreach (var w in Realistic.Warnings)
            Assert.Contains(warnings.Values, r => r[4] == w.Code && r[1] == (w.Row?.ToString() ?? "") && r[2] == (w.Column ?? ""));
        var matrix = Rows(document, "Competency Matrix");
        Assert.Equal(Import.Catalog.Competencies.Length + 3, matrix[1].Count);
        Assert.Contains(matrix.Values, r => r[1] == RealisticRoster.People[0].Id);
    }

    [Fact]
    public void CompetencyMatrix_Legend_NamesTheLevelsARosterMayUse()
    {
        // Both versions: a person's evidenced levels (with the roster) and a role's required levels (without it).
        foreach (var bytes in new[] { RealisticRegister(), Write(Realistic) })
        {
            using var document = Open(bytes);
            var rows = Rows(document, "Competency Matrix");
            var legendRow = rows.Single(r => r.Value[0] == "Levels").Key;
            var names = Regex.Matches(rows[legendRow + 1][0], @"(\d) (\p{L}+)").Select(m => (Level: int.Parse(m.Groups[1].Value), Word: m.Groups[2].Value)).ToList();
            Assert.Equal([0, 1, 2, 3, 4], names.Select(n => n.Level));
            foreach (var (level, word) in names)
            {
                // A roster that writes the legend's word is read as that level, not refused.
                var roster = Import.Roster($"employee_id,role,competencies\nE1,security-official,hipaa-security={word}\n");
                Assert.DoesNotContain(roster.Warnings, w => w.Code == "COMPETENCY_LEVEL_INVALID");
                Assert.Equal(level, roster.People.Single().Competencies.GetValueOrDefault("hipaa-security"));
            }
        }
    }

    [Fact]
    public void CompetencyMatrix_ListsThePeopleTheAssessmentCounts_NotThoseWhoLeft()
    {
        var (_, roster) = Assess(Encoding.UTF8.GetBytes(
            "employee_id,name,role,employment_type,contract_end_date,departure_date,competencies\n" +
            "E1,Here Person,security-official,employee,,,hipaa-security=3\n" +
            "E2,Left Person,security-official,employee,,2026-08-14,hipaa-security=4\n" +       // left before the as-of date
            "E3,Ended Person,privacy-official,contractor,2026-10-01,,hipaa-privacy=3\n" +     // contract ended before it
            "E4,Removed Person,privacy-official,employee,,,hipaa-privacy=2\n" +               // removed by the what-if
            "E5,Leaving Person,privacy-official,employee,,2027-01-15,hipaa-privacy=3\n" +     // leaves after it: still here
            "E6,Unknown Person,Nurse Manager,employee,,,hipaa-privacy=1\n"));                // holds no catalog role: still employed
        var assessment = new ComplianceRisk.Engine.Assessments.Assessor(Import.Catalog).Assess(Profile(), roster,
            new ComplianceRisk.Engine.Assessments.AssessmentOptions { AsOf = AsOf, Without = ["E4"] });
        Assert.Contains(assessment.Warnings, w => w.Code == "DEPARTED" && w.PersonId == "E2");
        Assert.Contains(assessment.Warnings, w => w.Code == "CONTRACT_ENDED" && w.PersonId == "E3");

        using var document = Open(Write(assessment, new RegisterOptions { Roster = roster }));
        var rows = Rows(document, "Competency Matrix");
        var people = rows.Where(r => r.Key > 1).TakeWhile(r => r.Value[0] != "" && r.Value[0] != "Levels").Select(r => r.Value[1]).ToList();
        Assert.Equal(["E1", "E5", "E6"], people); // by name
    }

    /// <summary>
    /// The ids (B) and the legend's swatches (the competencies' narrow columns) are one word each: a width that does not
    /// hold one clips it or wraps it at a hyphen. Widths are counted in characters, the unit a column's width is.
    /// </summary>
    [Fact]
    public void CompetencyMatrix_Ids_AndTheLegendsSwatches_FitTheirColumns()
    {
        var (withALongId, roster) = Assess(Encoding.UTF8.GetBytes(
            "employee_id,name,role,competencies\nE1,Short Id,security-official,hipaa-security=3\nmedical-device-contractor-0042,Long Id,privacy-official,hipaa-privacy=2\n"));
        foreach (var (bytes, ids) in new[]
        {
            (Write(Realistic), Import.Catalog.Roles.Select(r => r.Id).ToList()),              // role × required level
            (Write(withALongId, new RegisterOptions { Roster = roster }), ["E1", "medical-device-contractor-0042"]), // person × evidenced level
        })
        {
            Assert.Contains(ids, id => id.Length > 20); // medical-device-security, the contractor's id
            using var document = Open(bytes);
            var widths = SheetPart(document, "Competency Matrix").Worksheet.Descendants<Column>()
                .SelectMany(c => Enumerable.Range((int)c.Min!.Value, (int)(c.Max!.Value - c.Min.Value + 1)).Select(i => (Index: i, Width: c.Width!.Value)))
                .ToDictionary(c => c.Index, c => c.Width);
            var rows = Rows(document, "Competency Matrix");
            foreach (var id in ids)
            {
                Assert.Contains(rows.Values, r => r[1] == id);
                Assert.True(id.Length < widths[2], $"'{id}' ({id.Length} characters) is wider than its column ({widths[2]})");
            }
            var legend = rows[rows.Single(r => r.Value[0] == "Levels").Key];
            Assert.Equal(["0", "1", "2", "3", "4"], legend.Skip(3));
            for (var column = 4; column <= legend.Count; column++)
                Assert.True(legend[column - 1].Length < widths[column], $"the legend's '{legend[column - 1]}' is wider than its column ({widths[column]})");
        }
    }

    [Fact]
    public void RoleCoverage_NamesTheHighestScoredRisk_WhenARoleHasSeveral()
    {
        // The engine makes one risk per role; an assessment merged elsewhere may carry two.
        var first = Realistic.Risks.First(r => r.RoleId is not null);
        var copy = first with { RiskId = first.RiskId + "-copy", Score = first.Score - 1 };
        using var document = Open(Write(Realistic with { Risks = [.. Realistic.Risks, copy] }, new RegisterOptions { Roster = RealisticRoster }));
        var row = Rows(document, "Role Coverage").Values.Single(r => r[0] == first.RoleId);
        Assert.Equal($"{first.RiskId} ({first.Rating})", row[7]);
    }

    [Fact]
    public void DocumentProperties_AreSet_FromTheAssessment()
    {
        using var document = Open(RealisticRegister());
        Assert.Contains(OrganizationName, document.PackageProperties.Title);
        Assert.Contains("2026", document.PackageProperties.Subject);
        Assert.Equal(new DateTime(2026, 11, 22), document.PackageProperties.Created!.Value.ToUniversalTime().Date);
        Assert.Equal(OrganizationName, document.ExtendedFilePropertiesPart!.Properties.Company!.Text);
    }

    [Fact]
    public void SameInputs_GiveAByteIdenticalFile_WithFixedEntryTimes()
    {
        var first = RealisticRegister();
        Thread.Sleep(1100); // a ZIP time resolution of two seconds must not hide a clock in the file
        var second = RealisticRegister();
        Assert.Equal(first, second);
        using var zip = new ZipArchive(new MemoryStream(first));
        Assert.All(zip.Entries, e => Assert.Equal(RegisterWorkbook.EntryTime.DateTime, e.LastWriteTime.DateTime));
        Assert.DoesNotContain(zip.Entries, e => e.FullName.EndsWith(".psmdcp", StringComparison.Ordinal));
    }

    [Fact]
    public void FormulaLookingRosterValues_LandAsText_AndNoCellIsAFormula()
    {
        var (assessment, roster) = Assess(Encoding.UTF8.GetBytes(FormulaRosterCsv));
        var bytes = Write(assessment, new RegisterOptions { Roster = roster });
        using var document = Open(bytes);
        foreach (var name in SheetNames(document))
        {
            var part = SheetPart(document, name);
            Assert.Empty(part.Worksheet.Descendants<CellFormula>());
            // A string never sits in a cell without the shared-string (or inline-string) type.
            foreach (var cell in part.Worksheet.Descendants<Cell>().Where(c => c.CellValue is not null && c.DataType is null))
                Assert.True(double.TryParse(cell.CellValue!.Text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _), $"{name}!{cell.CellReference}: '{cell.CellValue.Text}' is not a number");
        }
        var all = SheetNames(document).SelectMany(n => Cells(document, n).Values).ToList();
        foreach (var value in FormulaValues)
            Assert.Contains(all, v => v.Contains(value, StringComparison.Ordinal));
        // The formula-looking names are shown exactly as written in the competency matrix.
        var matrix = Rows(document, "Competency Matrix");
        Assert.Contains(matrix.Values, r => r[0] == "=HYPERLINK(\"http://x\")");
        Assert.Contains(matrix.Values, r => r[0] == "+1+1");
        Assert.Contains(matrix.Values, r => r[0] == "-2+3");
    }

    /// <summary>
    /// The Board only ever gets pseudonymized registers (GetRegister makes them again from the stored assessment), of
    /// organizations of any size: every name and id of thousands of people is found in the text by one search for all of
    /// them (People.Scrub; a regular expression with an alternative per person took 94 s for 12,000 rows, and answered a
    /// 100,000-row organization's Board with serve's five-minute 500). Its time is measured outside the tests, in the
    /// commit that made the search; here, that none of the people is left.
    /// </summary>
    [Fact]
    public void Pseudonymized_RegisterOfALargeOrganization_NamesNoOne()
    {
        var text = new StringWriter();
        new ComplianceRisk.Documents.Rosters.SyntheticRoster(Import.Catalog, new Random(11), AsOf).WriteCsv(text, 3_000);
        var (assessment, roster) = Assess(Encoding.UTF8.GetBytes(text.ToString()));
        Assert.True(roster.People.Length > 2_000);

        var register = AllText(Write(assessment, new RegisterOptions { Pseudonymize = true }));
        Assert.Matches(@"Person [0-9A-F]{4}\b", register);
        // The synthetic names are "Person 000123" and the ids "P000123": neither may be left.
        foreach (var person in roster.People)
        {
            Assert.DoesNotMatch($@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(person.Id)}(?![\p{{L}}\p{{N}}])", register);
            if (person.Name is { } name) Assert.DoesNotContain(name, register, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Pseudonymized_ContainsNoPersonNameFromTheRoster_AndKeepsStablePseudonyms()
    {
        var options = new RegisterOptions { Roster = RealisticRoster, Pseudonymize = true };
        var bytes = RealisticRegister(options);
        var text = AllText(bytes);
        var names = RealisticRoster.People.Select(p => p.Name).OfType<string>().ToList();
        Assert.True(names.Count > 10);
        foreach (var name in names.SelectMany(NameParts).Distinct())
            Assert.False(System.Text.RegularExpressions.Regex.IsMatch(text, $@"(?<![\p{{L}}]){System.Text.RegularExpressions.Regex.Escape(name)}(?![\p{{L}}])", System.Text.RegularExpressions.RegexOptions.IgnoreCase),
                $"the pseudonymized register contains '{name}'");
        // Person ids are gone too (risk ids and role ids stay).
        foreach (var id in RealisticRoster.People.Select(p => p.Id))
            Assert.DoesNotMatch($@"(?<![\p{{L}}\p{{N}}]){System.Text.RegularExpressions.Regex.Escape(id)}(?![\p{{L}}\p{{N}}])", text);
        Assert.Contains("ROLE:security-official", text);
        Assert.Matches(@"Person [0-9A-F]{4}\b", text);
        Assert.Equal(bytes, RealisticRegister(options));

        // Same organization, same person → same pseudonym; another organization → another.
        var keep = AllText(RealisticRegister(options with { KeepIds = true }));
        var pseudonym = System.Text.RegularExpressions.Regex.Match(keep, @"(Person [0-9A-F]{4,8}) \(E1002\)").Groups[1].Value;
        Assert.NotEmpty(pseudonym);
        Assert.Contains(pseudonym, text);
        var other = Assess(File.ReadAllBytes(RealisticRosterPath), Profile("another-org", "Another Hospital")).Assessment;
        Assert.DoesNotContain(pseudonym + " (E1002)", AllText(Write(other, options with { KeepIds = true })));
    }

    [Fact]
    public void Pseudonymized_DataQuality_WithholdsANameThatOnlyAWarningCarries()
    {
        // A person's second row spells the name another way: the assessment keeps the first spelling, and the only
        // place the second one is left is the PERSON_CONFLICT warning (its value and its message). A board's register
        // is written from the stored assessment alone (GetRegister), so no roster tells the writer it is a name.
        const string csv =
            "employee_id,name,role,assignment,employment_type,role_start_date,years_experience,competencies,last_training_date\n" +
            "E1,Rosa Delgado,security-official,primary,employee,2020-01-15,12,hipaa-security=3; risk-analysis=4,2026-06-01\n" +
            "E1,Rosalind Marguerite Delgado-Quintanilla,privacy-official,backup,employee,2020-01-15,12,hipaa-privacy=3,2026-06-01\n";
        var (assessment, roster) = Assess(Encoding.UTF8.GetBytes(csv));
        var conflict = Assert.Single(assessment.Warnings, w => w.Code == "PERSON_CONFLICT");
        Assert.Equal("Rosalind Marguerite Delgado-Quintanilla", conflict.Value);

        foreach (var options in new[] { new RegisterOptions { Pseudonymize = true }, new RegisterOptions { Pseudonymize = true, Roster = roster } })
        {
            using var document = Open(Write(assessment, options));
            var row = Assert.Single(Rows(document, "Data Quality").Values, r => r.Count > 4 && r[4] == "PERSON_CONFLICT");
            foreach (var part in new[] { "Rosa", "Delgado", "Rosalind", "Marguerite", "Quintanilla" })
                Assert.DoesNotContain(part, string.Join(" | ", row), StringComparison.OrdinalIgnoreCase);
            // The row still says what is wrong and where, so the roster can be fixed.
            Assert.Equal(["3", "name"], row[1..3]);
            Assert.Contains("row 2 gives name", row[5], StringComparison.Ordinal);
            Assert.DoesNotContain("Delgado", AllText(Write(assessment, options)), StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>
    /// People the assessment names only in its warnings: E7002 left before the as-of date, E7003's vendor contract ended,
    /// E7004 holds no catalog role (their training date cannot be read, and their second row spells their name another
    /// way). The warnings quote their ids, and the PERSON_CONFLICT both spellings of E7004's name.
    /// </summary>
    private const string PeopleOnlyWarningsNameCsv =
        "employee_id,name,role,assignment,employment_type,vendor,contract_end_date,departure_date,role_start_date,years_experience,competencies,last_training_date\n" +
        "E7001,Rosa Delgado,security-official,primary,employee,,,,2020-01-15,12,hipaa-security=3; risk-analysis=4,2026-06-01\n" +
        "E7002,Ignatius Kowalczyk,security-official,backup,employee,,,2026-09-05,2021-03-01,8,hipaa-security=3,2026-06-01\n" +
        "E7003,Vera Okonkwo-Baptiste,privacy-official,primary,vendor,Acme Staffing,2026-10-31,,2022-01-10,6,hipaa-privacy=3,2026-05-01\n" +
        "E7004,Nora Quillfeather,Nurse Manager,primary,employee,,,,2019-05-01,9,,soon\n" +
        "E7004,Nora Q. Quillfeather,Patient Access Supervisor,primary,employee,,,,2019-05-01,9,,\n";

    private static readonly string[] OnlyWarningsName = ["E7002", "E7003", "E7004"];
    private static readonly string[] OnlyWarningsNameNames = ["Ignatius", "Kowalczyk", "Vera", "Okonkwo", "Baptiste", "Nora", "Quillfeather"];

    /// <summary>The assessment of <see cref="PeopleOnlyWarningsNameCsv"/> as the board's register gets it: written as JSON and read back, no roster.</summary>
    private static Engine.Assessments.Assessment SavedWithPeopleOnlyWarningsName()
    {
        var (assessment, _) = Assess(Encoding.UTF8.GetBytes(PeopleOnlyWarningsNameCsv));
        foreach (var (code, id) in new[] { ("DEPARTED", "E7002"), ("CONTRACT_ENDED", "E7003"), ("DATE_INVALID", "E7004"), ("PERSON_CONFLICT", "E7004") })
            Assert.Contains(id, Assert.Single(assessment.Warnings, w => w.Code == code).Message, StringComparison.Ordinal);
        Assert.DoesNotContain(assessment.Roles.SelectMany(r => r.Holders), h => OnlyWarningsName.Contains(h.PersonId));
        return AssessmentJson.Read(Encoding.UTF8.GetBytes(AssessmentJson.ToJson(assessment))).GetValueOrThrow();
    }

    /// <summary>Every cell's text on every sheet, opened again with the Open XML SDK, then every other part of the package.</summary>
    private static IEnumerable<string> EveryText(byte[] workbook)
    {
        using (var document = Open(workbook))
            foreach (var sheet in SheetNames(document))
                foreach (var (reference, text) in Cells(document, sheet)) yield return $"{sheet}!{reference}: {text}";
        yield return AllText(workbook);
    }

    [Fact]
    public void Pseudonymized_FromASavedAssessment_ShowsNoIdOrNameOfPeopleOnlyItsWarningsName()
    {
        var saved = SavedWithPeopleOnlyWarningsName();
        var workbook = Write(saved, new RegisterOptions { Pseudonymize = true });
        foreach (var text in EveryText(workbook))
            foreach (var term in OnlyWarningsName.Append("E7001").Concat(OnlyWarningsNameNames).Append("Rosa").Append("Delgado"))
                Assert.False(Shows(text, term), $"the register shows '{term}': {text}");
        // The warnings still say what is wrong, about whom (a pseudonym) and where.
        using var document = Open(workbook);
        var departed = Assert.Single(Rows(document, "Data Quality").Values, r => r.Count > 5 && r[4] == "DEPARTED");
        Assert.Matches(@"^Person [0-9A-F]{4,8} left on 2026-09-05", departed[5]);
        Assert.Equal("3", departed[1]);

        // The NIST IR 8286 JSON is written by the same rule.
        using var nist = new MemoryStream();
        Nist8286Json.Write(nist, saved, Import.Catalog, new RegisterOptions { Pseudonymize = true });
        foreach (var id in OnlyWarningsName.Append("E7001")) Assert.DoesNotContain(id, Utf8(nist.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void Pseudonymized_FromAnAssessmentSavedBeforeWarningsNamedTheirPerson_HidesWhoLeftAndWhoseContractEnded()
    {
        // As stored before personId: the engine's DEPARTED and CONTRACT_ENDED warnings still start with the person's id.
        var saved = SavedWithPeopleOnlyWarningsName();
        var old = saved with { Warnings = [.. saved.Warnings.Select(w => w with { PersonId = null })] };
        var workbook = Write(old, new RegisterOptions { Pseudonymize = true });
        foreach (var text in EveryText(workbook))
            foreach (var id in new[] { "E7002", "E7003" })
                Assert.False(Shows(text, id), $"the register shows '{id}': {text}");
        using var document = Open(workbook);
        var rows = Rows(document, "Data Quality").Values.Where(r => r.Count > 5 && r[4] is "DEPARTED" or "CONTRACT_ENDED").ToDictionary(r => r[4], r => r[5]);
        Assert.Matches(@"^Person [0-9A-F]{4,8} left on 2026-09-05", rows["DEPARTED"]);
        Assert.Matches(@"^Person [0-9A-F]{4,8}'s contract ended on 2026-10-31", rows["CONTRACT_ENDED"]);
    }

    [Fact]
    public void PseudonymizedKeepingIds_FromASavedAssessment_ShowsTheIdsTheWarningsQuote_AndNoName()
    {
        var workbook = Write(SavedWithPeopleOnlyWarningsName(), new RegisterOptions { Pseudonymize = true, KeepIds = true });
        foreach (var text in EveryText(workbook))
            foreach (var part in OnlyWarningsNameNames)
                Assert.False(Shows(text, part), $"the register shows '{part}': {text}");
        using var document = Open(workbook);
        var rows = Rows(document, "Data Quality").Values.Where(r => r.Count > 5 && r[4] is "DEPARTED" or "CONTRACT_ENDED" or "DATE_INVALID").ToDictionary(r => r[4], r => r[5]);
        Assert.StartsWith("E7002 left on 2026-09-05", rows["DEPARTED"], StringComparison.Ordinal);
        Assert.StartsWith("E7003's contract ended on 2026-10-31", rows["CONTRACT_ENDED"], StringComparison.Ordinal);
        Assert.StartsWith("E7004: ", rows["DATE_INVALID"], StringComparison.Ordinal);
        // With ids kept, the people the assessment names elsewhere are shown "Person 7F3A (E7001)", as without this fix.
        Assert.Matches(@"Person [0-9A-F]{4,8} \(E7001\)", string.Join("\n", EveryText(workbook)));
    }

    /// <summary>
    /// Both spellings a name conflict quotes are withheld, an apostrophe inside a name included, for a person the
    /// assessment knows by no name (they hold no catalog role, and the register is made without the roster).
    /// </summary>
    [Fact]
    public void Pseudonymized_DataQuality_WithholdsEveryNameANameConflictQuotes()
    {
        const string csv = "employee_id,name,role\nE1,Pat O'Brien,Nurse Manager\nE1,Patricia O'Brien-Day,Patient Access Supervisor\n";
        var (assessment, _) = Assess(Encoding.UTF8.GetBytes(csv));
        using var document = Open(Write(assessment, new RegisterOptions { Pseudonymize = true }));
        var message = Assert.Single(Rows(document, "Data Quality").Values, r => r.Count > 4 && r[4] == "PERSON_CONFLICT")[5];
        Assert.Matches(@"^Person [0-9A-F]{4,8}: row 2 gives name '\(name withheld\)', row 3 gives '\(name withheld\)'; kept '\(name withheld\)' \(row 2\)$", message);
    }

    /// <summary>
    /// Rows a roster's reader could not read as written, of people the assessment names nowhere else (E8002 has left, the
    /// others hold no catalog role). In a CSV: a stray quote in a name (the warning's value is the whole row), a name with
    /// bytes that are not UTF-8, a name in a column without a header. In a workbook: a name and an id computed by formulas,
    /// a role showing an error, a name in a column without a header.
    /// </summary>
    private static byte[] UnreadCellsRoster(string format) => format == "csv"
        ? [.. Encoding.UTF8.GetBytes("employee_id,name,role,departure_date\n" +
            "E8001,Rosa Delgado,security-official,\n" +
            "E8002,Ignatius \"Iggy\" Kowalczyk,security-official,2026-09-05\n" +
            "E8003,Vera Okonkw"), 0xEB, .. Encoding.UTF8.GetBytes(",Nurse Manager,\n" +
            "E8004,Nora,Nurse Manager,,Nora Quillfeather\n")]
        : Xlsx.XlsxBuilder.Roster(
            ["employee_id", "name", "role", "departure_date"],
            ["E8001", "Rosa Delgado", "security-official"],
            ["E8002", Xlsx.Cell.Formula("\"Ignatius \"&\"Kowalczyk\"", "Ignatius Kowalczyk"), "security-official", Xlsx.Cell.Date(new DateOnly(2026, 9, 5))],
            [Xlsx.Cell.Formula("\"E\"&\"8003\"", "E8003"), "Vera Okonkwo", "Nurse Manager"],
            ["E8004", "Nora", Xlsx.Cell.Error("#N/A"), null, "Nora Quillfeather"]).Build();

    private static readonly string[] UnreadCellsIds = ["E8001", "E8002", "E8003", "E8004"];
    private static readonly string[] UnreadCellsNames = ["Rosa", "Delgado", "Ignatius", "Iggy", "Kowalczyk", "Vera", "Okonkw", "Okonkwo", "Nora", "Quillfeather"];

    [Theory]
    [InlineData("csv", new[] { "CSV_BAD_QUOTE", "INVALID_TEXT", "CELL_OUTSIDE_HEADER" })]
    [InlineData("xlsx", new[] { "FORMULA", "CELL_ERROR", "CELL_OUTSIDE_HEADER" })]
    public void Pseudonymized_FromASavedAssessment_ShowsNoIdOrNameOfACellItsRosterCouldNotRead(string format, string[] codes)
    {
        var (assessment, _) = Assess(UnreadCellsRoster(format));
        Assert.Equal(codes, assessment.Warnings.Select(w => w.Code).Where(codes.Contains).Distinct());
        Assert.DoesNotContain(assessment.Roles.SelectMany(r => r.Holders), h => h.PersonId is "E8002" or "E8003" or "E8004");
        var saved = AssessmentJson.Read(Encoding.UTF8.GetBytes(AssessmentJson.ToJson(assessment))).GetValueOrThrow();

        var workbook = Write(saved, new RegisterOptions { Pseudonymize = true });
        foreach (var text in EveryText(workbook))
            foreach (var term in UnreadCellsIds.Concat(UnreadCellsNames))
                Assert.False(Shows(text, term), $"the register shows '{term}': {text}");
        // The warnings still say what is wrong and where, so the roster can be fixed.
        using (var document = Open(workbook))
        {
            var rows = Rows(document, "Data Quality").Values.Where(r => r.Count > 4 && codes.Contains(r[4])).ToList();
            Assert.Equal(codes, rows.Select(r => r[4]).Distinct());
            Assert.All(rows, r => Assert.Matches(@"^[3-5]$", r[1]));
        }
        using var nist = new MemoryStream();
        Nist8286Json.Write(nist, saved, Import.Catalog, new RegisterOptions { Pseudonymize = true });
        foreach (var term in UnreadCellsIds.Concat(UnreadCellsNames))
            Assert.False(Shows(Utf8(nist.ToArray()), term), $"the NIST JSON shows '{term}'");

        // Ids kept, names still withheld; a register that is not pseudonymized shows the warnings as the roster gave them.
        foreach (var text in EveryText(Write(saved, new RegisterOptions { Pseudonymize = true, KeepIds = true })))
            foreach (var term in UnreadCellsNames)
                Assert.False(Shows(text, term), $"the register with ids shows '{term}': {text}");
        Assert.True(Shows(string.Join("\n", EveryText(Write(saved))), "Kowalczyk"));
    }

    /// <summary>Whether the text shows the term as a word of its own ("Vera", not the "vera" of "coverage").</summary>
    private static bool Shows(string text, string term) =>
        Regex.IsMatch(text, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(term)}(?![\p{{L}}\p{{N}}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>"Delgado, Maria" → "Delgado", "Maria": every name part of three letters or more.</summary>
    private static IEnumerable<string> NameParts(string name) =>
        name.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(p => p.Length >= 3).Append(name);

    /// <summary>The text of every XML part of the package (shared strings, sheets, properties).</summary>
    private static string AllText(byte[] bytes)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes));
        var text = new StringBuilder();
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open());
            text.Append(System.Net.WebUtility.HtmlDecode(reader.ReadToEnd())).Append('\n');
        }
        return text.ToString();
    }
}
