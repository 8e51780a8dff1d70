using System.Runtime.CompilerServices;
using ComplianceRisk.Engine.Catalogs;
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

    /// <summary>The last row of the sheet: the header, then a row per risk (or one saying there are none).</summary>
    private static uint LastRow(RegisterContext context) => 1 + (uint)Math.Max(1, context.Assessment.Risks.Length);

    /// <summary>
    /// Adds the sheet's table (filters, banded rows) through the SDK. It runs before the rows are streamed
    /// (<see cref="Write"/>), which is why the table's range is counted from the risks rather than from the rows written.
    /// </summary>
    public static void AddTable(WorksheetPart part, RegisterContext context)
    {
        var reference = $"A1:{SheetWriter.Column(Columns.Length)}{LastRow(context)}";
        var tablePart = part.AddNewPart<TableDefinitionPart>("rId1");
        var columns = new S.TableColumns { Count = (uint)Columns.Length };
        for (var i = 0; i < Columns.Length; i++) columns.Append(new S.TableColumn { Id = (uint)(i + 1), Name = Columns[i].Header });
        tablePart.Table = new S.Table(
            new S.AutoFilter { Reference = reference },
            columns,
            new S.TableStyleInfo { Name = "TableStyleLight9", ShowFirstColumn = false, ShowLastColumn = false, ShowRowStripes = true, ShowColumnStripes = false })
        {
            Id = 1, Name = TableName, DisplayName = TableName, Reference = reference, TotalsRowShown = false, HeaderRowCount = 1,
        };
        tablePart.Table.Save();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Write(Stream output, RegisterContext context)
    {
        var a = context.Assessment;
        // Tabloid landscape: twenty columns stay readable when fitted to the page width.
        using var w = context.Sheet(output, new SheetLayout
        {
            Widths = [.. Columns.Select(c => c.Width)], FreezeRows = 1, Landscape = true, PaperSize = 3, TabColor = HighFill,
        });
        w.RowAt(1, 30, [.. Columns.Select(c => new XCell(c.Header, c.Style is Integer or TextCenter or Date ? HeaderCenter : Header))]);

        // The columns RegisterRow.Of gives the JSON export (a test holds the two together), written from the reused
        // text buffers into one cell array, reused too: the writer is done with both when Row returns.
        var people = context.People;
        var texts = new RegisterTexts(a, context.Catalog, people);
        var cells = new XCell[Columns.Length];
        var priority = 0;
        foreach (var risk in a.Risks)
        {
            texts.Fill(risk);
            cells[0] = new XCell(risk.RiskId, Text);
            cells[1] = new XCell(++priority, Integer);
            cells[2] = new XCell(texts.Title, Text);
            cells[3] = new XCell(texts.Description, Text);
            cells[4] = new XCell(risk.Category, Text);
            cells[5] = new XCell(texts.Role, Text);
            cells[6] = new XCell(texts.Obligations, Text);
            cells[7] = new XCell(risk.Likelihood, Integer);
            cells[8] = new XCell(risk.Impact, Integer);
            cells[9] = new XCell(risk.Score, Integer);
            cells[10] = new XCell(RatingNames[(int)risk.Rating], TextCenter);
            cells[11] = new XCell(risk.Residual.Score, Integer);
            cells[12] = new XCell(RatingNames[(int)risk.Residual.Rating], TextCenter);
            cells[13] = new XCell(texts.Factors, Text);
            cells[14] = new XCell(ResponseNames[(int)risk.ResponseType], TextCenter);
            cells[15] = new XCell(texts.Actions, Text);
            cells[16] = new XCell(texts.Owner, Text);
            cells[17] = new XCell(risk.DueDate, Date);
            cells[18] = new XCell(StatusNames[(int)risk.Status], TextCenter);
            cells[19] = new XCell(texts.Treatment, Text);
            w.Row(cells);
        }
        if (a.Risks.Length == 0)
            w.Row([new XCell("No risks", Text), .. Columns.Skip(1).Select(c => new XCell(null, c.Style))]);

        var last = w.NextRow - 1;
        w.RatingColours($"K2:K{last} M2:M{last}");
        w.Banding($"A2:{SheetWriter.Column(Columns.Length)}{last}", 2);
        w.TablePart("rId1");
    }

    // Enum names once, not an enum-to-string per cell.
    private static readonly string[] RatingNames = [.. Enum.GetValues<RiskRating>().Select(r => r.ToString())];
    private static readonly string[] ResponseNames = [.. Enum.GetValues<ResponseType>().Select(r => r.ToString())];
    private static readonly string[] StatusNames = [.. Enum.GetValues<RiskStatus>().Select(s => DisplayName.Of(s))];
}
