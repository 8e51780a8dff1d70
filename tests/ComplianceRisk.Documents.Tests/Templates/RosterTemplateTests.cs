using System.Diagnostics;
using System.Globalization;
using ComplianceRisk.Documents.Rosters;
using ComplianceRisk.Documents.Templates;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Organizations;
using ComplianceRisk.Engine.Rosters;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using CellValue = DocumentFormat.OpenXml.Spreadsheet.CellValue;

namespace ComplianceRisk.Documents.Tests.Templates;

public sealed class RosterTemplateTests
{
    private static readonly Catalog Catalog = DefaultCatalog.Load();
    private static readonly Lazy<byte[]> Template = new(() => Write(Catalog));

    private static readonly string[] SheetNames = ["Roster", "How to fill", "Roles", "Competencies", "Certifications"];
    private static readonly RosterColumn[] DateColumns =
        [RosterColumns.ContractEnd, RosterColumns.RoleStart, RosterColumns.LastTraining, RosterColumns.LastExercise, RosterColumns.Departure];
    private const int LastInputRow = 1001;

    private static byte[] Write(Catalog catalog)
    {
        using var output = new MemoryStream();
        RosterTemplate.Write(output, catalog);
        return output.ToArray();
    }

    [Fact]
    public void Sheets_are_the_roster_then_how_to_fill_then_the_reference_sheets_and_the_roster_is_active()
    {
        using var document = Open(Template.Value);
        var workbook = document.WorkbookPart!.Workbook;
        Assert.Equal(SheetNames, workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!));
        Assert.Equal(0U, workbook.BookViews!.Elements<WorkbookView>().Single().ActiveTab?.Value ?? 0U);
        var view = Worksheet(document, "Roster").Worksheet.GetFirstChild<SheetViews>()!.Elements<SheetView>().Single();
        Assert.True(view.TabSelected?.Value);
        foreach (var name in SheetNames.Skip(1))
            Assert.NotEqual(true, Worksheet(document, name).Worksheet.GetFirstChild<SheetViews>()!.Elements<SheetView>().Single().TabSelected?.Value);
    }

    [Fact]
    public void Header_row_is_the_canonical_columns_and_is_frozen()
    {
        using var document = Open(Template.Value);
        var sheet = Worksheet(document, "Roster");
        var header = sheet.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().First();
        Assert.Equal(1U, header.RowIndex!.Value);
        Assert.Equal(RosterColumns.All.Select(c => c.Name), header.Elements<Cell>().Select(c => Text(document, c)));
        Assert.Equal(RosterColumns.All.Select((_, i) => Letters(i) + "1"), header.Elements<Cell>().Select(c => c.CellReference!.Value!));

        var pane = sheet.Worksheet.GetFirstChild<SheetViews>()!.Descendants<Pane>().Single();
        Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal(1D, pane.VerticalSplit!.Value);
        Assert.Equal("A2", pane.TopLeftCell!.Value);

        var widths = sheet.Worksheet.GetFirstChild<Columns>()!.Elements<Column>().ToList();
        Assert.Equal(RosterColumns.All.Length, widths.Count);
        Assert.All(widths, w => Assert.InRange(w.Width!.Value, 8, 50));
    }

    [Fact]
    public void Roster_sheet_has_no_data_rows_and_reads_as_a_header_with_no_people()
    {
        using (var document = Open(Template.Value))
        {
            var rows = Worksheet(document, "Roster").Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().Skip(1).ToList();
            Assert.All(rows, row => Assert.All(row.Elements<Cell>(), c =>
            {
                Assert.Null(c.CellValue);
                Assert.Null(c.InlineString);
                Assert.Null(c.CellFormula);
            }));
        }

        var read = RosterDocument.Read(new MemoryStream(Template.Value), Catalog, Profile());
        Assert.False(read.Success);
        Assert.Equal("NO_DATA_ROWS", read.Rejection!.Code);
    }

    [Fact]
    public void Every_column_has_an_input_prompt_from_its_meaning_on_the_header_and_the_input_rows()
    {
        using var document = Open(Template.Value);
        var validations = Validations(document);
        for (var i = 0; i < RosterColumns.All.Length; i++)
        {
            var column = RosterColumns.All[i];
            foreach (var range in new[] { $"{Letters(i)}1", $"{Letters(i)}2:{Letters(i)}{LastInputRow}" })
            {
                var v = Assert.Single(validations, v => v.SequenceOfReferences!.InnerText == range);
                Assert.True(v.ShowInputMessage?.Value, $"{range}: no input message");
                Assert.Equal(column.Name, v.PromptTitle!.Value);
                Assert.StartsWith(column.Meaning, v.Prompt!.Value);
                Assert.InRange(v.Prompt!.Value!.Length, 1, 255);
                Assert.InRange(v.PromptTitle!.Value!.Length, 1, 32);
            }
            Assert.Equal(DataValidationValues.None, Assert.Single(validations, v => v.SequenceOfReferences!.InnerText == $"{Letters(i)}1").Type?.Value ?? DataValidationValues.None);
        }
    }

    [Fact]
    public void Role_assignment_and_employment_type_have_drop_downs_fed_from_the_catalog_and_engine()
    {
        using var document = Open(Template.Value);
        var validations = Validations(document);
        var lists = validations.Where(v => v.Type?.Value == DataValidationValues.List)
            .ToDictionary(v => v.SequenceOfReferences!.InnerText!, v => v.Formula1!.Text);
        string Range(RosterColumn c) { var l = Letters(RosterColumns.All.IndexOf(c)); return $"{l}2:{l}{LastInputRow}"; }

        Assert.Equal(3, lists.Count);
        Assert.Equal("\"primary,backup,interim\"", lists[Range(RosterColumns.Assignment)]);
        Assert.Equal("\"employee,contractor,vendor,msp\"", lists[Range(RosterColumns.EmploymentType)]);

        // The role list is a range on the Roles sheet (an inline list is limited to 255 characters).
        var roleFormula = lists[Range(RosterColumns.Role)];
        var name = Assert.Single(document.WorkbookPart!.Workbook.DefinedNames!.Elements<DefinedName>(), n => n.Name == roleFormula);
        Assert.Equal($"Roles!$B$2:$B${Catalog.Roles.Length + 1}", name.Text);
        var roles = Rows(document, "Roles");
        Assert.Equal("title", roles[0][1]);
        Assert.Equal(Catalog.Roles.Select(r => r.Title), roles.Skip(1).Select(r => r[1]));

        // Date columns only take dates; nothing else is restricted.
        var dates = validations.Where(v => v.Type?.Value == DataValidationValues.Date).Select(v => v.SequenceOfReferences!.InnerText).Order();
        Assert.Equal(DateColumns.Select(Range).Order(), dates);
    }

    [Fact]
    public void Date_columns_are_date_formatted_on_rows_2_to_1001_and_other_columns_are_not()
    {
        using var document = Open(Template.Value);
        var formats = document.WorkbookPart!.WorkbookStylesPart!.Stylesheet;
        var custom = formats.NumberingFormats!.Elements<NumberingFormat>().ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode!.Value!);
        var xfs = formats.CellFormats!.Elements<CellFormat>().ToList();
        bool IsDate(Cell c) => c.StyleIndex is { } s && xfs[(int)s.Value].NumberFormatId?.Value is { } id
            && (id is >= 14 and <= 22 || custom.GetValueOrDefault(id, "").Contains("yy", StringComparison.Ordinal));

        var rows = Worksheet(document, "Roster").Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().ToList();
        Assert.Equal(LastInputRow, (int)rows[^1].RowIndex!.Value);
        var dateLetters = DateColumns.Select(c => Letters(RosterColumns.All.IndexOf(c))).ToHashSet();
        for (var r = 2U; r <= LastInputRow; r++)
        {
            var row = rows[(int)r - 1];
            Assert.Equal(r, row.RowIndex!.Value);
            var dated = row.Elements<Cell>().Where(IsDate).Select(c => c.CellReference!.Value![..^r.ToString(CultureInfo.InvariantCulture).Length]);
            Assert.Equal(dateLetters.Order(), dated.Order());
        }
        Assert.DoesNotContain(rows[0].Elements<Cell>(), IsDate);
    }

    [Fact]
    public void Every_font_names_its_face_and_size()
    {
        using var document = Open(Template.Value);
        var fonts = document.WorkbookPart!.WorkbookStylesPart!.Stylesheet.Fonts!.Elements<Font>().ToList();
        Assert.NotEmpty(fonts);
        Assert.All(fonts, f =>
        {
            Assert.False(string.IsNullOrEmpty(f.FontName?.Val?.Value));
            Assert.True(f.FontSize?.Val?.Value > 0);
        });
    }

    [Fact]
    public void Reference_sheets_list_the_catalog_roles_competencies_and_certifications()
    {
        using var document = Open(Template.Value);
        var roles = Rows(document, "Roles");
        Assert.Equal(["id", "title", "tier", "aliases"], roles[0]);
        Assert.Equal(Catalog.Roles.Select(r => new[] { r.Id, r.Title, r.Tier.ToString(CultureInfo.InvariantCulture), string.Join("; ", r.Aliases) }),
            roles.Skip(1).Select(r => r.Take(4).ToArray()));

        var competencies = Rows(document, "Competencies");
        Assert.Equal(["id", "name", "domain"], competencies[0]);
        Assert.Equal(Catalog.Competencies.Select(c => new[] { c.Id, c.Name, c.Domain }), competencies.Skip(1).Select(r => r.Take(3).ToArray()));

        var certifications = Rows(document, "Certifications");
        Assert.Equal(4, certifications[0].Count);
        Assert.Equal(Catalog.Certifications.Select(c => c.Id), certifications.Skip(1).Select(r => r[0]));
        var cissp = certifications.Single(r => r[0] == "cissp");
        Assert.Contains("CISSP", cissp[2]);
        Assert.Contains($"{Catalog.FindCompetency("risk-analysis")!.Name}: 3 advanced", cissp[3]);
    }

    [Fact]
    public void How_to_fill_explains_rows_columns_formats_levels_and_dates()
    {
        using var document = Open(Template.Value);
        var text = string.Join("\n", Rows(document, "How to fill").SelectMany(r => r));
        Assert.Contains("one row per person in a role", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("CISSP:2027-03-31; HCISPP", text);
        Assert.Contains("fhir=3; hl7v2=2", text);
        Assert.Contains("0 none, 1 basic, 2 intermediate, 3 advanced, 4 expert", text);
        Assert.Contains("2026-03-31", text);
        foreach (var column in RosterColumns.All)
        {
            Assert.Contains(column.Name, text);
            Assert.Contains(column.Meaning, text);
        }
    }

    [Fact]
    public void Workbook_passes_the_Open_XML_validator()
    {
        AssertValid(Template.Value);
        AssertValid(Fill(Template.Value, People()));
    }

    [Fact]
    public void Same_catalog_gives_byte_identical_workbooks()
    {
        var first = Write(Catalog);
        var second = Write(DefaultCatalog.Load());
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task LibreOffice_converts_it_to_pdf()
    {
        var soffice = FindSoffice();
        Assert.True(soffice is not null,
            "LibreOffice is not installed: soffice was not found at /usr/bin/soffice or on PATH. Install it (apt-get install -y libreoffice-calc) to run this test; CI does.");

        var dir = new DirectoryInfo(TestTemp.Folder("roster-template-"));
        try
        {
            var input = Path.Combine(dir.FullName, "roster-template.xlsx");
            File.WriteAllBytes(input, Template.Value);
            var start = new ProcessStartInfo(soffice!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { $"-env:UserInstallation={new Uri(Path.Combine(dir.FullName, "profile")).AbsoluteUri}",
                         "--headless", "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir", dir.FullName, input })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(3));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("LibreOffice did not finish converting the template within 3 minutes.");
            }
            var (outText, errText) = (await stdout, await stderr);
            var output = $"stdout: {outText}\nstderr: {errText}";
            Assert.True(process.ExitCode == 0, $"soffice exited with {process.ExitCode}. {output}");
            Assert.DoesNotContain("Error", errText, StringComparison.OrdinalIgnoreCase);
            var pdf = Path.Combine(dir.FullName, "roster-template.pdf");
            Assert.True(File.Exists(pdf), $"no PDF was written. {output}");
            var bytes = File.ReadAllBytes(pdf);
            Assert.True(bytes.Length > 1000 && bytes.AsSpan(0, 5).SequenceEqual("%PDF-"u8), $"not a PDF ({bytes.Length} bytes). {output}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_template_filled_by_a_program_reads_back_and_assesses_without_warnings()
    {
        var profile = Profile();
        var filled = Fill(Template.Value, People());

        var read = RosterDocument.Read(new MemoryStream(filled), Catalog, profile);
        Assert.True(read.Success, $"rejected: {read.Rejection}");
        var roster = read.Roster!;
        Assert.Equal("Roster", roster.Sheet);
        Assert.Empty(roster.Warnings);

        Assert.Equal(["E1", "E2", "E3"], roster.People.Select(p => p.Id).Order());
        Assert.Equal(
            new[]
            {
                ("E1", "privacy-official", Assignment.Backup),
                ("E1", "security-official", Assignment.Primary),
                ("E2", "incident-response-lead", Assignment.Primary),
                ("E3", "network-engineer", Assignment.Interim),
            },
            roster.Assignments.Select(a => (a.PersonId, a.RoleId, a.Assignment)).Order());

        var e1 = roster.People.Single(p => p.Id == "E1");
        Assert.Equal("Alex Morgan", e1.Name);
        Assert.Equal(new DateOnly(2026, 6, 1), e1.LastTraining);
        Assert.Equal(new DateOnly(2026, 5, 1), e1.LastExercise);
        Assert.Equal(8, e1.YearsExperience);
        Assert.Contains(new HeldCertification("cissp", new DateOnly(2027, 3, 31)), e1.Certifications);
        Assert.Contains(e1.Certifications, c => c.CertificationId == "hcispp");
        Assert.Equal(3, e1.Competencies["hipaa-security"]);
        Assert.Equal(new DateOnly(2022, 1, 10), roster.Assignments.Single(a => a.RoleId == "security-official").RoleStart);
        Assert.Equal(0, roster.Assignments.Single(a => a.RoleId == "privacy-official").Fte);

        var e2 = roster.People.Single(p => p.Id == "E2");
        Assert.Equal(EmploymentType.Contractor, e2.EmploymentType);
        Assert.Equal("Acme Staffing", e2.Vendor);
        Assert.Equal(new DateOnly(2027, 12, 31), e2.ContractEnd);
        Assert.Equal(0.5, roster.Assignments.Single(a => a.PersonId == "E2").Fte);

        var e3 = roster.People.Single(p => p.Id == "E3");
        Assert.Equal(EmploymentType.Msp, e3.EmploymentType);
        Assert.Equal(new DateOnly(2027, 3, 31), e3.Departure);

        var assessment = new Assessor(Catalog).Assess(profile, roster, new() { AsOf = new DateOnly(2026, 11, 22) });
        Assert.Empty(assessment.Warnings);
    }

    // ---------------------------------------------------------------- Filling the template

    private static OrganizationProfile Profile() => OrganizationProfile.Create("t", null, ["hospital"], ["US"]).GetValueOrThrow();

    private static IReadOnlyList<Dictionary<RosterColumn, object>> People() =>
    [
        new()
        {
            [RosterColumns.EmployeeId] = "E1", [RosterColumns.Name] = "Alex Morgan",
            [RosterColumns.Role] = Catalog.GetRole("security-official").Title, [RosterColumns.Assignment] = "primary",
            [RosterColumns.EmploymentType] = "employee", [RosterColumns.Site] = "Main Campus",
            [RosterColumns.RoleStart] = new DateOnly(2022, 1, 10), [RosterColumns.YearsExperience] = "8",
            [RosterColumns.Certifications] = "CISSP:2027-03-31; HCISPP", [RosterColumns.Competencies] = "hipaa-security=3; risk-analysis=3",
            [RosterColumns.LastTraining] = new DateOnly(2026, 6, 1), [RosterColumns.LastExercise] = new DateOnly(2026, 5, 1),
        },
        new()
        {
            [RosterColumns.EmployeeId] = "E1", [RosterColumns.Role] = Catalog.GetRole("privacy-official").Title,
            [RosterColumns.Assignment] = "backup",
        },
        new()
        {
            [RosterColumns.EmployeeId] = "E2", [RosterColumns.Name] = "Sam Lee",
            [RosterColumns.Role] = Catalog.GetRole("incident-response-lead").Title, [RosterColumns.Assignment] = "primary",
            [RosterColumns.EmploymentType] = "contractor", [RosterColumns.Vendor] = "Acme Staffing",
            [RosterColumns.ContractEnd] = new DateOnly(2027, 12, 31), [RosterColumns.Fte] = "0.5",
            [RosterColumns.Competencies] = "incident-response=3", [RosterColumns.LastTraining] = new DateOnly(2026, 3, 15),
        },
        new()
        {
            [RosterColumns.EmployeeId] = "E3", [RosterColumns.Role] = Catalog.GetRole("network-engineer").Title,
            [RosterColumns.Assignment] = "interim", [RosterColumns.EmploymentType] = "msp", [RosterColumns.Vendor] = "Northwind MSP",
            [RosterColumns.ContractEnd] = new DateOnly(2027, 6, 30), [RosterColumns.Departure] = new DateOnly(2027, 3, 31),
        },
    ];

    /// <summary>
    /// Fills the template as a program would: opens it with the Open XML SDK and writes the people from row 2,
    /// dates as real date cells in the template's own date style, everything else as text.
    /// </summary>
    private static byte[] Fill(byte[] template, IReadOnlyList<Dictionary<RosterColumn, object>> people)
    {
        using var stream = new MemoryStream();
        stream.Write(template);
        stream.Position = 0;
        using (var document = SpreadsheetDocument.Open(stream, isEditable: true))
        {
            var part = Worksheet(document, "Roster");
            var data = part.Worksheet.GetFirstChild<SheetData>()!;
            for (var p = 0; p < people.Count; p++)
            {
                var number = (uint)p + 2;
                var row = data.Elements<Row>().FirstOrDefault(r => r.RowIndex?.Value == number);
                if (row is null)
                {
                    row = new Row { RowIndex = number };
                    var after = data.Elements<Row>().LastOrDefault(r => r.RowIndex!.Value < number);
                    if (after is null) data.PrependChild(row); else after.InsertAfterSelf(row);
                }
                foreach (var (column, value) in people[p].OrderBy(kv => RosterColumns.All.IndexOf(kv.Key)))
                {
                    var index = RosterColumns.All.IndexOf(column);
                    var reference = Letters(index) + number.ToString(CultureInfo.InvariantCulture);
                    var cell = row.Elements<Cell>().FirstOrDefault(c => c.CellReference?.Value == reference);
                    if (cell is null)
                    {
                        cell = new Cell { CellReference = reference };
                        var next = row.Elements<Cell>().FirstOrDefault(c => ColumnIndex(c.CellReference!.Value!) > index);
                        if (next is null) row.Append(cell); else next.InsertBeforeSelf(cell);
                    }
                    switch (value)
                    {
                        case DateOnly date:
                            Assert.True(cell.StyleIndex is not null, $"{reference}: the template gives the date column no style");
                            cell.DataType = null;
                            cell.CellValue = new CellValue((date.DayNumber - new DateOnly(1899, 12, 30).DayNumber).ToString(CultureInfo.InvariantCulture));
                            break;
                        case string text:
                            cell.DataType = CellValues.InlineString;
                            cell.InlineString = new InlineString(new Text(text));
                            break;
                    }
                }
            }
            part.Worksheet.Save();
        }
        return stream.ToArray();
    }

    private static int ColumnIndex(string reference)
    {
        var n = 0;
        foreach (var ch in reference.TakeWhile(char.IsAsciiLetter)) n = n * 26 + (char.ToUpperInvariant(ch) - 'A' + 1);
        return n - 1;
    }

    // ---------------------------------------------------------------- Reading it back

    private static SpreadsheetDocument Open(byte[] bytes) => SpreadsheetDocument.Open(new MemoryStream(bytes, writable: false), isEditable: false);

    private static string Letters(int index) => CsvRosterTable.ColumnLetters(index);

    private static WorksheetPart Worksheet(SpreadsheetDocument document, string name)
    {
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        return (WorksheetPart)workbook.GetPartById(sheet.Id!);
    }

    private static List<DataValidation> Validations(SpreadsheetDocument document) =>
        [.. Worksheet(document, "Roster").Worksheet.GetFirstChild<DataValidations>()!.Elements<DataValidation>()];

    private static string Text(SpreadsheetDocument document, Cell cell)
    {
        if (cell.DataType?.Value == CellValues.SharedString)
        {
            var item = document.WorkbookPart!.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>()
                .ElementAt(int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture));
            return item.InnerText;
        }
        return cell.InlineString?.InnerText ?? cell.CellValue?.Text ?? "";
    }

    /// <summary>The text of each row of a sheet, by column position ("" for an empty cell).</summary>
    private static List<List<string>> Rows(SpreadsheetDocument document, string sheet) =>
        [.. Worksheet(document, sheet).Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().Select(row =>
        {
            var cells = row.Elements<Cell>().ToList();
            var width = cells.Count == 0 ? 0 : cells.Max(c => ColumnIndex(c.CellReference!.Value!)) + 1;
            var values = Enumerable.Repeat("", width).ToList();
            foreach (var c in cells) values[ColumnIndex(c.CellReference!.Value!)] = Text(document, c);
            return values;
        })];

    private static void AssertValid(byte[] bytes)
    {
        using var document = Open(bytes);
        foreach (var version in new[] { FileFormatVersions.Office2007, FileFormatVersions.Office2019 })
        {
            var errors = new OpenXmlValidator(version).Validate(document).ToList();
            Assert.True(errors.Count == 0, $"{version}: " + string.Join("\n", errors.Take(20).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}")));
        }
    }

    private static string? FindSoffice()
    {
        const string Default = "/usr/bin/soffice";
        if (File.Exists(Default)) return Default;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "soffice");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
