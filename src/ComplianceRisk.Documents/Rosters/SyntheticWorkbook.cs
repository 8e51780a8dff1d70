using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SheetCellValue = DocumentFormat.OpenXml.Spreadsheet.CellValue;

namespace ComplianceRisk.Documents.Rosters;

/// <summary>
/// Writes synthetic rosters as a spreadsheet program saves them: a "Roster" sheet, shared strings, real date
/// cells (a date number format) and numbers, streamed through the Open XML SDK's writer.
/// </summary>
public static class SyntheticWorkbook
{
    /// <summary>Writes the workbook; returns the number of people.</summary>
    public static int Write(Stream output, IEnumerable<SyntheticRoster.Row> rows)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook(new Sheets(new Sheet { Name = "Roster", SheetId = 1, Id = "rSheet1" }));
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new Fonts(new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" })),
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
            new Borders(new Border()),
            new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));
        var sheet = workbook.AddNewPart<WorksheetPart>("rSheet1");
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var people = new HashSet<string>(StringComparer.Ordinal);
        int Index(string text)
        {
            if (!strings.TryGetValue(text, out var index)) strings[text] = index = strings.Count;
            return index;
        }

        using (var writer = OpenXmlWriter.Create(sheet))
        {
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

        var shared = workbook.AddNewPart<SharedStringTablePart>();
        using (var writer = OpenXmlWriter.Create(shared))
        {
            writer.WriteStartElement(new SharedStringTable { Count = (uint)strings.Count, UniqueCount = (uint)strings.Count });
            foreach (var text in strings.OrderBy(s => s.Value).Select(s => s.Key))
                writer.WriteElement(new SharedStringItem(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            writer.WriteEndElement();
        }
        return people.Count;
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
