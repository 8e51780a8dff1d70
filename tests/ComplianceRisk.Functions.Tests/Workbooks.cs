using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ComplianceRisk.Functions.Tests;

/// <summary>Workbooks the app answers, read back with the Open XML SDK: sheet names, and a sheet's cells row by row.</summary>
internal static class Workbooks
{
    public static List<string> SheetNames(byte[] workbook)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(workbook), false);
        return [.. document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!)];
    }

    /// <summary>A sheet's rows as lists of cell texts (shared strings resolved, blank cells ""), keyed by row number.</summary>
    public static SortedDictionary<int, List<string>> Rows(byte[] workbook, string sheet)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(workbook), false);
        var strings = document.WorkbookPart!.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray() ?? [];
        var found = document.WorkbookPart.Workbook.Sheets!.Elements<Sheet>().SingleOrDefault(s => s.Name == sheet)
            ?? throw new Xunit.Sdk.XunitException($"no sheet '{sheet}'");
        var rows = new SortedDictionary<int, List<string>>();
        foreach (var cell in ((WorksheetPart)document.WorkbookPart.GetPartById(found.Id!)).Worksheet.Descendants<Cell>())
        {
            var value = cell.CellValue?.Text ?? cell.InlineString?.InnerText;
            if (value is null) continue;
            if (cell.DataType?.Value == CellValues.SharedString) value = strings[int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)];
            var reference = cell.CellReference!.Value!;
            var letters = new string([.. reference.TakeWhile(char.IsLetter)]);
            var row = int.Parse(reference[letters.Length..], System.Globalization.CultureInfo.InvariantCulture);
            var column = letters.Aggregate(0, (n, c) => n * 26 + c - 'A' + 1);
            var list = rows.TryGetValue(row, out var l) ? l : rows[row] = [];
            while (list.Count < column) list.Add("");
            list[column - 1] = value;
        }
        return rows;
    }
}
