using ComplianceRisk.Engine.Risks;
using DocumentFormat.OpenXml.Packaging;
using static ComplianceRisk.Documents.Registers.RegisterStyles;

namespace ComplianceRisk.Documents.Registers;

/// <summary>What changed since the previous assessment: readiness, and risks new, closed, escalated and de-escalated.</summary>
internal static class ChangesSheet
{
    private static readonly double[] Widths = [16, 26, 50, 10, 12, 10, 12];

    public static void Write(WorksheetPart part, RegisterContext context)
    {
        var previous = context.Options.Previous!;
        var diff = AssessmentDiff.Compare(previous, context.Assessment);
        using var w = context.Sheet(part, new SheetLayout { Widths = Widths, Landscape = true });

        w.RowAt(1, 30, new XCell("Changes since the previous assessment", Title, 7));
        w.Row(new XCell($"{diff.AsOfBefore:yyyy-MM-dd} → {diff.AsOfAfter:yyyy-MM-dd} · {diff.New.Length} new · {diff.Closed.Length} closed · {diff.Escalated.Length} escalated · {diff.DeEscalated.Length} de-escalated · {diff.Unchanged} unchanged", Note, 7));
        if (!string.Equals(previous.Organization.Id, context.Assessment.Organization.Id, StringComparison.Ordinal))
        {
            w.Row(new XCell($"The previous assessment is of another organization ({previous.Organization.Id}); compare with care.", Note, 7));
        }
        if (previous.Catalog != context.Assessment.Catalog)
        {
            w.Row(new XCell($"The previous assessment was made with another catalog ({previous.Catalog}; this one: {context.Assessment.Catalog}): scores and readiness may differ by the catalogs' method and requirements, not by staffing.", Note, 7));
        }
        w.Skip();

        w.Row(new XCell("Readiness", Label), new XCell("Before", HeaderCenter), new XCell("After", HeaderCenter), new XCell("Change", HeaderCenter));
        w.Row(new XCell("Index", Text), Number(diff.ReadinessBefore), Number(diff.ReadinessAfter), Number(diff.ReadinessChange));
        w.Skip();

        w.Row(new XCell("Change", Header), new XCell("Risk ID", Header), new XCell("Risk", Header), new XCell("Score before", HeaderCenter),
            new XCell("Rating before", HeaderCenter), new XCell("Score after", HeaderCenter), new XCell("Rating after", HeaderCenter));
        void Rows(string kind, IEnumerable<RiskChange> changes)
        {
            foreach (var c in changes)
                w.Row(new XCell(kind, Text), new XCell(c.RiskId, Text), new XCell(context.People.Scrub(c.Title), Text),
                    new XCell(c.ScoreBefore, Integer), c.RatingBefore is { } rb ? new XCell(rb.ToString(), Rating(rb)) : new XCell(null, Text),
                    new XCell(c.ScoreAfter, Integer), c.RatingAfter is { } ra ? new XCell(ra.ToString(), Rating(ra)) : new XCell(null, Text));
        }
        Rows("New", diff.New);
        Rows("Escalated", diff.Escalated);
        Rows("De-escalated", diff.DeEscalated);
        Rows("Closed", diff.Closed);
        if (diff.IsEmpty) w.Row(new XCell("No change since the previous assessment.", Note));
    }

    private static XCell Number(double? value) => value is { } v ? new XCell(v, OneDecimal) : new XCell("n/a", TextCenter);
}
