using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Risks;
using DocumentFormat.OpenXml.Packaging;
using static ComplianceRisk.Documents.Registers.RegisterStyles;

namespace ComplianceRisk.Documents.Registers;

/// <summary>The first page a board member reads: readiness, regimes, rating counts, top risks, scope, sign-off.</summary>
internal static class SummarySheet
{
    private static readonly double[] Widths = [5, 24, 46, 11, 12, 28, 12, 12];
    private const int Last = 8;

    public static void Write(WorksheetPart part, RegisterContext context)
    {
        var a = context.Assessment;
        using var w = context.Sheet(part, new SheetLayout { Widths = Widths, TabColor = Navy, PaperSize = 1 });

        Merged(w, 34, new XCell("Compliance staffing risk register", Title));
        Merged(w, 22, new XCell(context.OrganizationName, Subtitle));
        Merged(w, null, new XCell($"As of {context.AsOfText} · {string.Join(", ", a.Organization.OrgTypes)} · {string.Join(", ", a.Organization.Jurisdictions)}", Note));
        Merged(w, null, new XCell($"Catalog {a.Catalog.Id} {a.Catalog.Version} · roster {a.Roster.Rows} rows, {a.Roster.People} people · engine {a.EngineVersion} · assessment {a.AssessmentId}", Note));
        if (context.People.Pseudonymized)
            Merged(w, null, new XCell("People are shown by pseudonym (keyed hash per organization); the mapping is not in this workbook.", Note));
        w.Skip();

        SectionRow(w, "Readiness");
        w.RowAt(2, 36,
            new XCell("Readiness index", Label),
            new XCell(a.Summary.ReadinessIndex is { } index ? index : (object)"n/a", BigNumber),
            new XCell("Out of 100: the severity-weighted chance that each obligation in force stays covered for the next 12 months (an uncovered obligation counts as 0).", Note, Last - 3));
        w.Skip();

        w.RowAt(2, null, new XCell("Regime", Header, 2), new XCell("Readiness", HeaderCenter), new XCell("In the index", HeaderCenter), new XCell("Beside the index", HeaderCenter));
        foreach (var regime in a.Summary.Regimes)
        {
            w.RowAt(2, null,
                new XCell(regime.Name, Text, 2),
                new XCell(regime.ReadinessIndex is { } r ? r : (object)"n/a", regime.ReadinessIndex is null ? TextCenter : OneDecimal),
                new XCell(regime.ObligationsInIndex, Integer), new XCell(regime.ObligationsOutsideIndex, Integer));
        }
        if (a.Summary.OutsideIndex.Length > 0)
        {
            var uncovered = a.Summary.OutsideIndex.Count(o => o.Status == Engine.Assessments.CoverageStatus.Uncovered);
            w.RowAt(2, null, new XCell($"Beside the index: {a.Summary.OutsideIndex.Length} proposed, voluntary or not-yet-in-force obligations ({uncovered} of them would not be covered today); see Obligation Coverage.", Note, Last - 1));
        }
        w.Skip();

        SectionRow(w, "Risks by rating");
        w.RowAt(2, null, new XCell("Rating", Header), new XCell("Inherent (as assessed)", HeaderCenter), new XCell("Residual", HeaderCenter));
        var counts = a.Summary.RatingCounts;
        foreach (var rating in new[] { RiskRating.Critical, RiskRating.High, RiskRating.Moderate, RiskRating.Low })
        {
            var inherent = rating switch { RiskRating.Critical => counts.Critical, RiskRating.High => counts.High, RiskRating.Moderate => counts.Moderate, _ => counts.Low };
            w.RowAt(2, null, new XCell(rating.ToString(), Rating(rating)), new XCell(inherent, Integer), new XCell(a.Risks.Count(r => r.Residual.Rating == rating), Integer));
        }
        w.RowAt(2, null, new XCell("Total", Label), new XCell(a.Risks.Length, Integer), new XCell(a.Risks.Length, Integer));
        w.RowAt(2, null, new XCell("Residual: each risk re-scored as if its first action were done (Risk Register, residual columns).", Note, Last - 1));
        w.Skip();

        SectionRow(w, "Top risks");
        w.Row(new XCell("#", HeaderCenter), new XCell("Risk ID", Header), new XCell("Risk", Header), new XCell("Score", HeaderCenter), new XCell("Rating", HeaderCenter),
            new XCell("Owner", Header), new XCell("Due date", HeaderCenter), new XCell("Status", HeaderCenter));
        var rank = 0;
        foreach (var risk in a.Risks.Take(10))
        {
            w.Row(new XCell(++rank, Integer), new XCell(risk.RiskId, Text), new XCell(context.People.Scrub(risk.Title), Text),
                new XCell(risk.Score, Integer), new XCell(risk.Rating.ToString(), Rating(risk.Rating)),
                new XCell(context.People.Scrub(risk.Owner), Text), new XCell(risk.DueDate, Date), new XCell(DisplayName.Of(risk.Status), TextCenter));
        }
        if (a.Risks.Length == 0) Merged(w, null, new XCell("No risks: every role in scope is fully staffed and every applicable obligation is covered.", Paragraph));
        else if (a.Risks.Length > 10) Merged(w, null, new XCell($"{a.Risks.Length - 10} more risks on the Risk Register sheet.", Note));
        w.Skip();

        SectionRow(w, "Data quality");
        w.RowAt(2, null, new XCell("Data-quality warnings", Label), new XCell(a.Warnings.Length, Integer),
            new XCell(a.Warnings.Length == 0 ? "The roster was read without warnings." : "Problems found in the roster, row by row, on the Data Quality sheet; fix them where the roster is kept.", Note, Last - 3));
        w.Skip();

        SectionRow(w, "Scope and disclaimer");
        foreach (var paragraph in ScopeStatement.Paragraphs(ScopeStatement.Fields(a, context.OrganizationName, context.AsOfText))) Para(w, paragraph);
        w.Skip();

        SectionRow(w, "Sign-off");
        w.RowAt(2, null, new XCell("", Header), new XCell("Name and title", Header), new XCell("Signature", Header, 3), new XCell("Date", HeaderCenter));
        foreach (var who in new[] { "Prepared by", "Reviewed by (compliance)", "Approved by (risk owner)" })
        {
            w.RowAt(2, 30, new XCell(who, Label), new XCell(null, SignLine), new XCell(null, SignLine, 3), new XCell(null, SignLine));
        }
    }

    private static void SectionRow(SheetWriter w, string title)
    {
        var cells = new XCell[Last];
        cells[0] = new XCell(title, Section);
        for (var i = 1; i < Last; i++) cells[i] = new XCell(null, Section);
        w.RowAt(1, 22, cells);
    }

    private static void Merged(SheetWriter w, double? height, XCell cell) => w.RowAt(1, height, cell with { Span = Last });

    private static void Para(SheetWriter w, string text)
    {
        Merged(w, null, new XCell(text, RegisterStyles.Paragraph));
    }
}
