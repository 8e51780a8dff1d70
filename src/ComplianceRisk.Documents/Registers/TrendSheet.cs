using System.Globalization;
using ComplianceRisk.Engine.Risks;
using DocumentFormat.OpenXml.Packaging;
using static ComplianceRisk.Documents.Registers.RegisterStyles;

namespace ComplianceRisk.Documents.Registers;

/// <summary>
/// The organization's readiness index over its past assessments, oldest first, with each one's change from the one
/// before, so a report's reader sees whether staffing is getting more or less fragile over time.
/// </summary>
internal static class TrendSheet
{
    private static readonly double[] Widths = [14, 22, 16, 12, 36];

    /// <summary>The header row's number (print titles repeat it).</summary>
    public const int HeaderRow = 3;

    public static void Write(WorksheetPart part, RegisterContext context)
    {
        var points = context.Options.Trend!;
        var changes = ReadinessTrend.Changes(points);
        using var w = context.Sheet(part, new SheetLayout { Widths = Widths, FreezeRows = HeaderRow });

        w.RowAt(1, 30, new XCell("Readiness trend", Title, 5));
        w.Row(new XCell($"{points.Count} assessments, oldest first; change is from the row above.", Note, 5));
        w.Row(new XCell("As of", HeaderCenter), new XCell("Submitted at (UTC)", HeaderCenter), new XCell("Readiness index", HeaderCenter),
            new XCell("Change", HeaderCenter), new XCell("Assessment ID", Header));
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            w.Row(new XCell(point.AsOf, Date),
                new XCell(point.SubmittedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), TextCenter),
                Number(point.ReadinessIndex), Number(changes[i]), new XCell(point.AssessmentId, Mono));
        }
        if (points.Count == 0) w.Row(new XCell("No assessment yet.", Note, 5));
    }

    private static XCell Number(double? value) => value is { } v ? new XCell(v, OneDecimal) : new XCell("n/a", TextCenter);
}
