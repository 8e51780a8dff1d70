using DocumentFormat.OpenXml.Packaging;
using static ComplianceRisk.Documents.Registers.RegisterStyles;

namespace ComplianceRisk.Documents.Registers;

/// <summary>Two 5 × 5 grids, likelihood × impact, inherent and residual, with the count of risks in each cell.</summary>
internal static class HeatMapSheet
{
    // A spacer, then per grid: likelihood labels and five impact columns; a gap between the grids.
    private static readonly double[] Widths = [2, 17, 11, 11, 11, 11, 11, 4, 17, 11, 11, 11, 11, 11];

    public static void Write(WorksheetPart part, RegisterContext context)
    {
        var a = context.Assessment;
        using var w = context.Sheet(part, new SheetLayout { Widths = Widths, Landscape = true, FitToPage = true, TabColor = CriticalFill });

        w.RowAt(2, 30, new XCell("Heat map: likelihood × impact", Title, 13));
        var bands = context.Catalog.Method.Scoring.RatingBands.OrderBy(b => b.MinScore).ToList();
        var legendText = string.Join(" · ", bands.Select(b => $"{b.Rating} {context.ScoresOf(b)}"));
        w.RowAt(2, null, new XCell($"{context.OrganizationName}, as of {context.AsOfText}. Each cell gives the number of risks with that likelihood and impact; the colour is the rating of the cell's score ({legendText}). "
            + "Residual: each risk re-scored as if its first action were done.", Note, 13));
        w.Skip();

        w.RowAt(2, 22, new XCell($"Inherent risk ({a.Risks.Length} risks)", Section, 6), new XCell(null, Default), new XCell($"Residual risk, once each first action is done ({a.Risks.Length} risks)", Section, 6));

        var inherent = new int[6, 6];
        var residual = new int[6, 6];
        foreach (var risk in a.Risks)
        {
            inherent[Clamp(risk.Likelihood), Clamp(risk.Impact)]++;
            residual[Clamp(risk.Residual.Likelihood), Clamp(risk.Residual.Impact)]++;
        }

        // Impact labels across the top of both grids.
        var top = new List<XCell> { new("Likelihood ↓  Impact →", AxisTitle) };
        for (var i = 1; i <= 5; i++) top.Add(new XCell($"{i} {RiskScales.ImpactNames[i - 1]}", AxisLabel));
        top.Add(new XCell(null, Default));
        top.Add(new XCell("Likelihood ↓  Impact →", AxisTitle));
        for (var i = 1; i <= 5; i++) top.Add(new XCell($"{i} {RiskScales.ImpactNames[i - 1]}", AxisLabel));
        w.RowAt(2, 30, [.. top]);

        for (var likelihood = 5; likelihood >= 1; likelihood--)
        {
            var cells = new List<XCell> { new($"{likelihood} {RiskScales.LikelihoodNames[likelihood - 1]}", AxisLabel) };
            for (var impact = 1; impact <= 5; impact++) cells.Add(new XCell(inherent[likelihood, impact], Heat(context.RatingOf(likelihood * impact))));
            cells.Add(new XCell(null, Default));
            cells.Add(new XCell($"{likelihood} {RiskScales.LikelihoodNames[likelihood - 1]}", AxisLabel));
            for (var impact = 1; impact <= 5; impact++) cells.Add(new XCell(residual[likelihood, impact], Heat(context.RatingOf(likelihood * impact))));
            w.RowAt(2, 40, [.. cells]);
        }
        w.Skip();

        // Legend: the rating bands in their colours, and the counts by rating.
        var legend = new List<XCell> { new("Rating", Label) };
        foreach (var band in bands.AsEnumerable().Reverse()) legend.Add(new XCell(band.Rating.ToString(), Rating(band.Rating)));
        w.RowAt(2, 20, [.. legend]);
        var inherentCounts = new List<XCell> { new("Risks (inherent)", Label) };
        var residualCounts = new List<XCell> { new("Risks (residual)", Label) };
        foreach (var band in bands.AsEnumerable().Reverse())
        {
            inherentCounts.Add(new XCell(a.Risks.Count(r => r.Rating == band.Rating), Integer));
            residualCounts.Add(new XCell(a.Risks.Count(r => r.Residual.Rating == band.Rating), Integer));
        }
        w.RowAt(2, null, [.. inherentCounts]);
        w.RowAt(2, null, [.. residualCounts]);
        w.Skip();

        w.RowAt(2, null, new XCell("Likelihood is the larger of the factor points (capped at 5) and the band of the 12-month probability; impact the larger of the role tier's impact and the highest severity at stake. "
            + "Scales, bands and points are on the Methodology sheet.", Note, 13));
    }

    private static int Clamp(int value) => Math.Clamp(value, 1, 5);
}
