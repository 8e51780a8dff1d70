using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using ComplianceRisk.Documents.Registers;
using ComplianceRisk.Documents.Rosters;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Organizations;
using ComplianceRisk.Engine.Risks;
using ComplianceRisk.Engine.Rosters;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using CellValue = DocumentFormat.OpenXml.Spreadsheet.CellValue;

namespace ComplianceRisk.Bench;

/// <summary>
/// The register workbook at scale (issue 5), one measurement per process so bench/register.sh can read each one's
/// peak resident memory:
/// <list type="bullet">
/// <item><c>register ours &lt;risks&gt; &lt;out.xlsx&gt;</c>: <see cref="RegisterWorkbook.Write"/>, the product.</item>
/// <item><c>register baseline &lt;risks&gt; &lt;out.xlsx&gt;</c>: a straightforward <see cref="OpenXmlWriter"/> register of
/// the same Risk Register rows (the same <see cref="RegisterRow"/> text), SDK-owned package at its default compression.</item>
/// <item><c>register floor &lt;risks&gt;</c>: deflating the Risk Register sheet XML our writer produced (captured untimed
/// from our workbook) at the level our package uses, with <see cref="DeflateStream"/>: what no writer can beat.</item>
/// </list>
/// Each mode with "-warm" (<c>ours-warm</c> …) does its work twice, unmeasured, before the measured run.
/// Prints the in-process seconds of the measured work (catalog load and building the assessment excluded), the
/// bytes written, the resident memory (MiB) just before the work started (the runtime and the assessment, which every
/// mode holds alike) and the peak resident memory (MiB) since then.
/// </summary>
internal static class RegisterBench
{
    private static readonly DateOnly AsOf = new(2026, 11, 22);

    public static int Run(string mode, int risks, string? output)
    {
        // "-warm": the same work twice before the measured one, in the same process, so the measurement has no JIT or
        // tiering in it (as in a long-running host that has written a few registers) and the peak is counted from after
        // the warm-up.
        var warm = mode.EndsWith("-warm", StringComparison.Ordinal);
        var kind = warm ? mode[..^"-warm".Length] : mode;
        var catalog = DefaultCatalog.Load();
        var (assessment, roster) = Synthetic(catalog, risks);
        var options = new RegisterOptions { Roster = roster };
        Func<long> work;
        switch (kind)
        {
            case "ours" when output is not null:
                work = () => WriteFile(output, stream => RegisterWorkbook.Write(stream, assessment, catalog, options));
                break;
            case "baseline" when output is not null:
                work = () => WriteFile(output, stream => Baseline(stream, assessment, catalog, options));
                break;
            case "floor":
                var (xml, level) = CaptureRegisterSheet(assessment, catalog, options);
                work = () =>
                {
                    using (var deflate = new DeflateStream(Stream.Null, level, leaveOpen: true)) deflate.Write(xml);
                    return xml.Length;
                };
                break;
            default:
                Console.Error.WriteLine("usage: ComplianceRisk.Bench register ours|baseline[-warm] <risks> <out.xlsx> | register floor[-warm] <risks>");
                return 1;
        }
        if (warm)
        {
            work();
            work();
        }
        var before = Settle();
        var clock = Stopwatch.StartNew();
        var bytes = work();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:0.000} {bytes} {before} {Status("VmHWM:")}"));
        return 0;
    }

    private static long WriteFile(string path, Action<Stream> write)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite);
        write(file);
        return file.Length;
    }

    /// <summary>
    /// Frees what building the assessment (and the warm-up) left behind and restarts the peak-memory count (Linux:
    /// writing 5 to clear_refs sets VmHWM, and so the peak /usr/bin/time reports, to the current resident size), so
    /// the peak is that of the measured work with the assessment in memory. Returns the resident MiB at that point.
    /// </summary>
    private static long Settle()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        File.WriteAllText("/proc/self/clear_refs", "5");
        return Status("VmRSS:");
    }

    /// <summary>A memory figure of this process (VmRSS:, VmHWM:), in MiB.</summary>
    private static long Status(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>
    /// An assessment with <paramref name="count"/> risks whose text the engine wrote. One roster cannot give that many
    /// (the engine makes one risk per role with findings and per uncovered obligation, under 50 however large the
    /// roster), so 40 synthetic 60-row units are assessed (about 1,800 risks, about 1,500 characters of text each) and
    /// their risks are repeated as if from further units (unit 41 repeats unit 1, and so on), each with its unit in
    /// its id, until there are <paramref name="count"/>; they are ordered as the engine orders risks. Copies share
    /// their text objects, so the assessment itself stays small in memory.
    /// </summary>
    public static (Assessment Assessment, Roster Roster) Synthetic(Catalog catalog, int count)
    {
        var profile = OrganizationProfile.Create("bench-health-system", "Bench Health System", ["hospital"], ["US"]).GetValueOrThrow();
        const int Units = 40;
        var templates = new List<(int Unit, Risk Risk)>();
        Assessment? first = null;
        Roster? firstRoster = null;
        for (var unit = 1; unit <= Units; unit++)
        {
            var csv = new StringWriter(CultureInfo.InvariantCulture);
            new SyntheticRoster(catalog, new Random(unit), AsOf).WriteCsv(csv, 60);
            var read = RosterDocument.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), catalog, profile);
            var roster = read.Roster ?? throw new InvalidOperationException(read.Rejection!.ToString());
            var assessment = new Assessor(catalog).Assess(profile, roster, new AssessmentOptions { AsOf = AsOf });
            (first, firstRoster) = (first ?? assessment, firstRoster ?? roster);
            templates.AddRange(assessment.Risks.Select(r => (unit, r)));
        }
        var risks = ImmutableArray.CreateBuilder<Risk>(count);
        for (var i = 0; i < count; i++)
        {
            var (unit, template) = templates[i % templates.Count];
            risks.Add(template with { RiskId = $"U{i / templates.Count * Units + unit:D4}-{template.RiskId}" });
        }
        var ordered = risks.MoveToImmutable().Sort((a, b) =>
            b.Score != a.Score ? b.Score.CompareTo(a.Score) : b.Impact != a.Impact ? b.Impact.CompareTo(a.Impact) : string.CompareOrdinal(a.RiskId, b.RiskId));
        return (first! with { Risks = ordered }, firstRoster!);
    }

    /// <summary>Our workbook's Risk Register sheet part, uncompressed, and the level it was deflated at.</summary>
    private static (byte[] Xml, CompressionLevel Level) CaptureRegisterSheet(Assessment assessment, Catalog catalog, RegisterOptions options)
    {
        using var workbook = new MemoryStream();
        RegisterWorkbook.Write(workbook, assessment, catalog, options);
        workbook.Position = 0;
        string entryName;
        using (var document = SpreadsheetDocument.Open(workbook, false))
        {
            var sheet = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == "Risk Register");
            entryName = document.WorkbookPart.GetPartById(sheet.Id!).Uri.OriginalString.TrimStart('/');
        }
        workbook.Position = 0;
        using var zip = new ZipArchive(workbook, ZipArchiveMode.Read, leaveOpen: true);
        var entry = zip.GetEntry(entryName)!;
        using var xml = new MemoryStream((int)entry.Length);
        using (var from = entry.Open()) from.CopyTo(xml);
        return (xml.ToArray(), RegisterWorkbook.StreamedSheetCompression);
    }

    /// <summary>
    /// The baseline: the Risk Register sheet as the Open XML SDK's own streaming examples write one — an
    /// <see cref="OpenXmlWriter"/> per part, a <see cref="Cell"/> object per cell (inline strings, numbers, dates,
    /// styles), a small stylesheet, the package at the SDK's default compression. Same rows, same text.
    /// </summary>
    private static void Baseline(Stream output, Assessment assessment, Catalog catalog, RegisterOptions options)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        var stylesPart = workbookPart.AddNewPart<WorkbookStylesPart>();
        stylesPart.Stylesheet = new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" }) { Count = 1 },
            new Fonts(new Font(new FontSize { Val = 10 }, new FontName { Val = "Calibri" }), new Font(new Bold(), new FontSize { Val = 10 }, new FontName { Val = "Calibri" })) { Count = 2 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
            new CellFormats(
                new CellFormat { FontId = 0, FillId = 0, BorderId = 0 },
                new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { FontId = 1, ApplyFont = true, ApplyAlignment = true },
                new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { FontId = 0, ApplyAlignment = true },
                new CellFormat { FontId = 0, NumberFormatId = 164, ApplyNumberFormat = true }) { Count = 4 });
        stylesPart.Stylesheet.Save();

        var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
        using (var writer = OpenXmlWriter.Create(sheetPart))
        {
            writer.WriteStartElement(new Worksheet());
            writer.WriteStartElement(new SheetData());
            uint index = 1;
            writer.WriteStartElement(new Row { RowIndex = index });
            var column = 0;
            foreach (var header in Headers) writer.WriteElement(Text(Reference(++column, index), header, 1));
            writer.WriteEndElement();
            foreach (var row in RegisterRow.Of(assessment, catalog, new People(assessment, options)))
            {
                index++;
                writer.WriteStartElement(new Row { RowIndex = index });
                object?[] values =
                [
                    row.RiskId, row.Priority, row.Title, row.Description, row.Category, row.Role, row.Obligations, row.Likelihood, row.Impact,
                    row.Score, row.Rating.ToString(), row.ResidualScore, row.ResidualRating.ToString(), row.Factors, row.ResponseType.ToString(),
                    row.Actions, row.Owner, row.DueDate, DisplayName.Of(row.Status), row.Treatment,
                ];
                column = 0;
                foreach (var value in values)
                {
                    var reference = Reference(++column, index);
                    writer.WriteElement(value switch
                    {
                        string text => Text(reference, text, 2),
                        int number => new Cell(new CellValue(number.ToString(CultureInfo.InvariantCulture))) { CellReference = reference },
                        DateOnly date => new Cell(new CellValue((date.DayNumber - new DateOnly(1899, 12, 30).DayNumber).ToString(CultureInfo.InvariantCulture))) { CellReference = reference, StyleIndex = 3 },
                        _ => new Cell { CellReference = reference },
                    });
                }
                writer.WriteEndElement();
            }
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
        workbookPart.Workbook = new Workbook(new Sheets(new Sheet { Name = "Risk Register", SheetId = 1, Id = workbookPart.GetIdOfPart(sheetPart) }));
        workbookPart.Workbook.Save();
    }

    private static readonly string[] Headers =
    [
        "ID", "Priority", "Risk", "Description", "Category", "Role", "Obligations", "Likelihood", "Impact", "Score", "Rating",
        "Residual score", "Residual rating", "Key factors", "Response type", "Actions and named candidates", "Owner", "Due date", "Status", "Treatment",
    ];

    private static Cell Text(string reference, string text, uint style) =>
        new(new InlineString(new Text(text))) { CellReference = reference, DataType = CellValues.InlineString, StyleIndex = style };

    private static string Reference(int column, uint row)
    {
        var name = "";
        for (; column > 0; column = (column - 1) / 26) name = (char)('A' + (column - 1) % 26) + name;
        return name + row.ToString(CultureInfo.InvariantCulture);
    }
}
