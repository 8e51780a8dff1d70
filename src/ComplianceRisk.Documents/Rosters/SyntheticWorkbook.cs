using System.Globalization;
using System.IO.Compression;
using System.IO.Packaging;
using ComplianceRisk.Documents.Packaging;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SheetCellValue = DocumentFormat.OpenXml.Spreadsheet.CellValue;

namespace ComplianceRisk.Documents.Rosters;

/// <summary>
/// Writes synthetic rosters as a spreadsheet program saves them: a "Roster" sheet, shared strings, real date
/// cells (a date number format) and numbers. The same rows give the same bytes, as the CSV does: the sheet is streamed
/// into a ZIP laid down by <see cref="DeterministicZip"/> (fixed entry times) and every relationship id is fixed.
/// </summary>
public static class SyntheticWorkbook
{
    private const string SheetEntry = "xl/worksheets/sheet1.xml";
    private static readonly DateTimeOffset EntryTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes the workbook; returns the number of people.</summary>
    public static int Write(Stream output, IEnumerable<SyntheticRoster.Row> rows)
    {
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var people = new HashSet<string>(StringComparer.Ordinal);
        // The rest of the package holds the shared strings the sheet gathers, so it is made when the sheet is done; the
        // ZIP asks for it only after the streamed sheet.
        var package = new TaskCompletionSource<ReadOnlyMemory<byte>>();
        DeterministicZip.Write(output, EntryTime,
        [
            new(SheetEntry, CompressionLevel.Optimal, sheet =>
            {
                WriteSheet(sheet, rows, strings, people);
                package.SetResult(Package(strings));
            }),
        ], package.Task);
        return people.Count;
    }

    private static void WriteSheet(Stream output, IEnumerable<SyntheticRoster.Row> rows, Dictionary<string, int> strings, HashSet<string> people)
    {
        int Index(string text)
        {
            if (!strings.TryGetValue(text, out var index)) strings[text] = index = strings.Count;
            return index;
        }

        using var writer = OpenXmlWriter.Create(output);
        writer.WriteStartDocument();
        writer.WriteStartElement(new Worksheet());
        writer.WriteStartElement(new SheetData());
        var number = 1U;
        WriteRow(writer, number++, RosterColumns.All.Select(c => (object?)c.Name).ToArray(), Index);
        foreach (var row in rows)
        {
            people.Add(row.EmployeeId);
            WriteRow(writer, number++, SyntheticRoster.Fields(row), Index);
        }
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    /// <summary>Every part but the sheet's content, stored (the ZIP deflates each entry once, when it is laid down).</summary>
    private static ReadOnlyMemory<byte> Package(Dictionary<string, int> strings)
    {
        var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            document.CompressionOption = CompressionOption.NotCompressed;
            var workbook = document.AddNewPart<WorkbookPart>(OfficeContentTypes.Workbook, "rId1");
            var sheet = workbook.AddNewPart<WorksheetPart>("rId1");
            if (sheet.Uri.OriginalString.TrimStart('/') != SheetEntry)
                throw new InvalidOperationException($"the SDK named the sheet's part {sheet.Uri}, not {SheetEntry}, the entry it is streamed under");
            workbook.Workbook = new Workbook(new Sheets(new Sheet { Name = "Roster", SheetId = 1, Id = "rId1" }));
            var styles = workbook.AddNewPart<WorkbookStylesPart>("rId2");
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" })),
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
                new Borders(new Border()),
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));
            var shared = workbook.AddNewPart<SharedStringTablePart>("rId3");
            using var writer = OpenXmlWriter.Create(shared);
            writer.WriteStartElement(new SharedStringTable { Count = (uint)strings.Count, UniqueCount = (uint)strings.Count });
            foreach (var text in strings.OrderBy(s => s.Value).Select(s => s.Key))
                writer.WriteElement(new SharedStringItem(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            writer.WriteEndElement();
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static void WriteRow(OpenXmlWriter writer, uint number, object?[] fields, Func<string, int> index)
    {
        writer.WriteStartElement(new DocumentFormat.OpenXml.Spreadsheet.Row { RowIndex = number });
        for (var i = 0; i < fields.Length; i++)
        {
            var reference = CsvRosterTable.ColumnLetters(i) + number.ToString(CultureInfo.InvariantCulture);
            switch (fields[i])
            {
                case null or "": continue;
                case string text:
                    writer.WriteElement(new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new SheetCellValue(index(text).ToString(CultureInfo.InvariantCulture)) });
                    break;
                case DateOnly date:
                    var serial = date.DayNumber - new DateOnly(1899, 12, 30).DayNumber;
                    writer.WriteElement(new Cell { CellReference = reference, StyleIndex = 1, CellValue = new SheetCellValue(serial.ToString(CultureInfo.InvariantCulture)) });
                    break;
                case double value:
                    writer.WriteElement(new Cell { CellReference = reference, CellValue = new SheetCellValue(value.ToString("R", CultureInfo.InvariantCulture)) });
                    break;
            }
        }
        writer.WriteEndElement();
    }
}
