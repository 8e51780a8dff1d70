using ComplianceRisk.Engine.Risks;
using DocumentFormat.OpenXml.Packaging;
using static ComplianceRisk.Documents.Registers.RegisterStyles;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace ComplianceRisk.Documents.Registers;

/// <summary>
/// The register itself, one row per risk in the columns of the NIST IR 8286 risk register, as an Excel table
/// (filters, banded rows) with a frozen header, ratings coloured by conditional formatting and print titles.
/// </summary>
internal static class RiskRegisterSheet
{
    public const string TableName = "RiskRegister";

    public static readonly (string Header, double Width, uint Style)[] Columns =
    [
        ("ID", 20, Text),
        ("Priority", 8, Integer),
        ("Risk", 24, Text),
        ("Description", 40, Text),
        ("Category", 14, Text),
        ("Role", 14, Text),
        ("Obligations", 24, Text),
        ("Likelihood", 10, Integer),
        ("Impact", 8, Integer),
        ("Score", 7, Integer),
        ("Rating", 9, TextCenter),
        ("Residual score", 9, Integer),
        ("Residual rating", 9, TextCenter),
        ("Key factors", 36, Text),
        ("Response type", 9, TextCenter),
        ("Actions and named candidates", 56, Text),
        ("Owner", 16, Text),
        ("Due date", 10.5, Date),
        ("Status", 10, TextCenter),
        ("Treatment", 14, Text),
    ];

    public static void Write(WorksheetPart part, RegisterContext context)
    {
        var a = context.Assessment;
        // Tabloid landscape: twenty columns stay readable when fitted to the page width.
        using var w = context.Sheet(part, new SheetLayout
        {
            Widths = [.. Columns.Select(c => c.Width)], FreezeRows = 1, Landscape = true, PaperSize = 3, TabColor = HighFill,
        });
        w.RowAt(1, 30, [.. Columns.Select(c => new XCell(c.Header, c.Style is Integer or TextCenter or Date ? HeaderCenter : Header))]);

        foreach (var row in RegisterRow.Of(a, context.Catalog, context.People))
        {
            w.Row(
                new XCell(row.RiskId, Text),
                new XCell(row.Priority, Integer),
                new XCell(row.Title, Text),
                new XCell(row.Description, Text),
                new XCell(row.Category, Text),
                new XCell(row.Role, Text),
                new XCell(row.Obligations, Text),
                new XCell(row.Likelihood, Integer),
                new XCell(row.Impact, Integer),
                new XCell(row.Score, Integer),
                new XCell(row.Rating.ToString(), TextCenter),
                new XCell(row.ResidualScore, Integer),
                new XCell(row.ResidualRating.ToString(), TextCenter),
                new XCell(row.Factors, Text),
                new XCell(row.ResponseType.ToString(), TextCenter),
                new XCell(row.Actions, Text),
                new XCell(row.Owner, Text),
                new XCell(row.DueDate, Date),
                new XCell(DisplayName.Of(row.Status), TextCenter),
                new XCell(row.Treatment, Text));
        }
        if (a.Risks.Length == 0)
            w.Row([new XCell("No risks", Text), .. Columns.Skip(1).Select(c => new XCell(null, c.Style))]);

        var last = w.NextRow - 1;
        var lastColumn = SheetWriter.Column(Columns.Length);
        var data = $"A2:{lastColumn}{last}";
        w.RatingColours($"K2:K{last} M2:M{last}");
        w.Banding(data, 2);

        var tablePart = part.AddNewPart<TableDefinitionPart>("rId1");
        var columns = new S.TableColumns { Count = (uint)Columns.Length };
        for (var i = 0; i < Columns.Length; i++) columns.Append(new S.TableColumn { Id = (uint)(i + 1), Name = Columns[i].Header });
        tablePart.Table = new S.Table(
            new S.AutoFilter { Reference = $"A1:{lastColumn}{last}" },
            columns,
            new S.TableStyleInfo { Name = "TableStyleLight9", ShowFirstColumn = false, ShowLastColumn = false, ShowRowStripes = true, ShowColumnStripes = false })
        {
            Id = 1, Name = TableName, DisplayName = TableName, Reference = $"A1:{lastColumn}{last}", TotalsRowShown = false, HeaderRowCount = 1,
        };
        tablePart.Table.Save();
        w.TablePart("rId1");
    }
}
