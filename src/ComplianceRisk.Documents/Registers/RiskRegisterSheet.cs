using System.Globalization;
using System.Text;
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
        var people = context.People;
        var obligations = a.Obligations.ToDictionary(o => o.ObligationId, StringComparer.Ordinal);
        // Tabloid landscape: twenty columns stay readable when fitted to the page width.
        using var w = context.Sheet(part, new SheetLayout
        {
            Widths = [.. Columns.Select(c => c.Width)], FreezeRows = 1, Landscape = true, PaperSize = 3, TabColor = HighFill,
        });
        w.RowAt(1, 30, [.. Columns.Select(c => new XCell(c.Header, c.Style is Integer or TextCenter or Date ? HeaderCenter : Header))]);

        var priority = 0;
        foreach (var risk in a.Risks)
        {
            var role = risk.RoleId is { } roleId ? context.Catalog.FindRole(roleId)?.Title ?? roleId : null;
            var cited = string.Join("\n", risk.ObligationIds.Select(id => obligations.TryGetValue(id, out var o) ? $"{o.Citation} ({id})" : id));
            w.Row(
                new XCell(risk.RiskId, Text),
                new XCell(++priority, Integer),
                new XCell(people.Scrub(risk.Title), Text),
                new XCell(people.Scrub(risk.Description), Text),
                new XCell(risk.Category, Text),
                new XCell(role, Text),
                new XCell(cited, Text),
                new XCell(risk.Likelihood, Integer),
                new XCell(risk.Impact, Integer),
                new XCell(risk.Score, Integer),
                new XCell(risk.Rating.ToString(), TextCenter),
                new XCell(risk.Residual.Score, Integer),
                new XCell(risk.Residual.Rating.ToString(), TextCenter),
                new XCell(Factors(risk, people), Text),
                new XCell(risk.ResponseType.ToString(), TextCenter),
                new XCell(Actions(risk, people, context), Text),
                new XCell(people.Scrub(risk.Owner), Text),
                new XCell(risk.DueDate, Date),
                new XCell(DisplayName.Of(risk.Status), TextCenter),
                new XCell(Treatment(risk, people), Text));
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

    internal static string Factors(Risk risk, People people)
    {
        var text = new StringBuilder();
        foreach (var factor in risk.Factors)
        {
            if (text.Length > 0) text.Append('\n');
            text.Append(factor.Code);
            if (factor.Points != 0) text.Append(" (+").Append(factor.Points.ToString(CultureInfo.InvariantCulture)).Append(')');
            text.Append(": ").Append(people.Scrub(factor.Description));
        }
        var basis = risk.LikelihoodBasis;
        if (text.Length > 0) text.Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"Likelihood basis: {basis.Points} points; 12-month probability {basis.Probability12m:0.0%} → {basis.ProbabilityLikelihood}");
        return text.ToString();
    }

    internal static string Actions(Risk risk, People people, RegisterContext context)
    {
        var text = new StringBuilder();
        foreach (var action in risk.Actions.OrderBy(a => a.Order))
        {
            if (text.Length > 0) text.Append('\n');
            text.Append(action.Order.ToString(CultureInfo.InvariantCulture)).Append(". ").Append(people.Scrub(action.Description))
                .Append(" (by ").Append(action.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(')');
            if (action.People.Length > 0)
            {
                // Names on one line, each with its part when the reason gives one ("mentee", "mentor for E1002").
                text.Append("\n   Named: ").Append(string.Join("; ", action.People.Select(p =>
                {
                    var colon = p.Reason.IndexOf(':');
                    var part = colon is > 0 and <= 30 ? $" ({people.Text(p.Reason[..colon])})" : "";
                    return people.Display(p.PersonId, p.Name) + part;
                })));
            }
            foreach (var cert in action.Certifications)
            {
                text.Append("\n   Sponsor: ").Append(cert.Name);
                if (cert.PersonId is { } id) text.Append(" for ").Append(people.Display(id));
                text.Append(" by ").Append(cert.NeededBy.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
        }
        text.Append("\nResidual ").Append(risk.Residual.Likelihood.ToString(CultureInfo.InvariantCulture)).Append('×').Append(risk.Residual.Impact.ToString(CultureInfo.InvariantCulture))
            .Append(" assumes ").Append(people.Scrub(risk.Residual.Assumes));
        _ = context;
        return text.ToString();
    }

    private static string? Treatment(Risk risk, People people)
    {
        if (risk.Treatment is not { } t) return null;
        var parts = new List<string>();
        if (t.Note is { Length: > 0 } note) parts.Add(people.Scrub(note)!);
        if (t.Approver is { Length: > 0 } approver) parts.Add($"Approved by {people.Scrub(approver)}");
        if (t.AcceptedUntil is { } until) parts.Add($"Accepted until {until:yyyy-MM-dd}");
        if (t.Reopened) parts.Add("Reopened: the acceptance has lapsed");
        return parts.Count == 0 ? null : string.Join("\n", parts);
    }
}
