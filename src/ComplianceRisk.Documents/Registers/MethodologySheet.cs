using System.Globalization;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Risks;
using DocumentFormat.OpenXml.Packaging;
using static ComplianceRisk.Documents.Registers.RegisterStyles;

namespace ComplianceRisk.Documents.Registers;

/// <summary>Everything needed to check or reproduce a number in the register: identity, hashes, scales, points, bands, rates and their sources.</summary>
internal static class MethodologySheet
{
    public const string CatalogShaLabel = "Catalog SHA-256";
    public const string RosterShaLabel = "Roster SHA-256";

    private static readonly double[] Widths = [30, 16, 16, 90];

    public static void Write(WorksheetPart part, RegisterContext context)
    {
        var a = context.Assessment;
        var method = context.Method;
        var people = context.People;
        using var w = context.Sheet(part, new SheetLayout { Widths = Widths, TabColor = Slate });

        w.RowAt(1, 30, new XCell("Methodology", Title, 4));
        w.Row(new XCell("How every score in this workbook was computed (docs/risks.md and docs/flags.md in the ComplianceRisk repository describe the method in full).", RegisterStyles.Note, 4));
        w.Skip();

        Section(w, "Assessment");
        Pair(w, "Organization", context.OrganizationName);
        Pair(w, "Organization id", a.Organization.Id);
        Pair(w, "Organization types", string.Join(", ", a.Organization.OrgTypes));
        Pair(w, "Jurisdictions", string.Join(", ", a.Organization.Jurisdictions));
        Pair(w, "Attributes", string.Join(", ", a.Organization.Attributes.Select(p => $"{p.Key} {(p.Value ? "yes" : "no")}")));
        w.Row(new XCell("As of", Label), new XCell(a.AsOf, DateValue, 3));
        Pair(w, "Assessment id", a.AssessmentId, Mono);
        Pair(w, "Schema version", a.SchemaVersion);
        Pair(w, "Engine version", a.EngineVersion);
        Pair(w, "Catalog", $"{a.Catalog.Id} {a.Catalog.Version}");
        Pair(w, "Catalog id", a.Catalog.Id);
        Pair(w, "Catalog version", a.Catalog.Version);
        Pair(w, CatalogShaLabel, a.Catalog.Sha256, Mono);
        Pair(w, RosterShaLabel, a.Roster.Sha256, Mono);
        Pair(w, "Roster", $"sheet {a.Roster.Sheet}, {a.Roster.Rows} rows, {a.Roster.People} people");
        Pair(w, "Options", a.Options.Without.IsEmpty ? "none" : "what-if without " + string.Join(", ", a.Options.Without.Select(id => people.Display(id))));
        Pair(w, "Treatments merged", a.Risks.Count(r => r.Treatment is not null).ToString(CultureInfo.InvariantCulture) + " risks carry a treatment record");
        Pair(w, "Register", people.Pseudonymized ? $"pseudonymized (HMAC-SHA256 per organization){(context.Options.KeepIds ? ", person ids kept" : ", person ids removed")}" : "names shown as read from the roster");
        if (context.Catalog.Sha256.Length > 0 && !string.Equals(context.Catalog.Sha256, a.Catalog.Sha256, StringComparison.OrdinalIgnoreCase))
            Pair(w, "Warning", $"the catalog given to the register writer ({context.Catalog.Sha256}) is not the one assessed; method tables below are from the catalog given.");
        w.Skip();

        Section(w, "Scales");
        Table(w, ["Value", "Likelihood", "Impact", "Meaning"]);
        for (var i = 5; i >= 1; i--)
            Row4(w, new XCell(i, Integer), RiskScales.LikelihoodNames[i - 1], RiskScales.ImpactNames[i - 1],
                i switch { 5 => TopOfScale(method.Scoring), 1 => "Likelihood: remote. Impact: minimal consequence.", _ => "" });
        Note(w, "Likelihood is the larger of the factor points (capped at 5, at least 1) and the band of the 12-month probability. Impact is, for a role, the larger of its tier's impact and the highest severity of the applicable final obligations it is accountable for; for an obligation, its severity. Score = likelihood × impact.");
        w.Skip();

        Section(w, "Probability bands (12-month probability → likelihood)");
        Table(w, ["At least", "Likelihood", "", ""]);
        foreach (var band in method.Scoring.ProbabilityBands.OrderByDescending(b => b.AtLeast))
            Row4(w, new XCell(band.AtLeast, Percent), new XCell(band.Likelihood, Integer), null, null);
        Note(w, "Below every band the likelihood is 1. The probability is exact under the loss model: each person (or vendor contract) is lost independently at the attrition rate below, with certain losses (departures, contract ends, certificate expiries) inside the horizon.");
        w.Skip();

        Section(w, "Rating bands");
        Table(w, ["Rating", "Score from", "Score to", "Response window"]);
        var bands = method.Scoring.RatingBands.OrderByDescending(b => b.MinScore).ToList();
        for (var i = 0; i < bands.Count; i++)
            Row4(w, new XCell(bands[i].Rating.ToString(), Rating(bands[i].Rating)), new XCell(bands[i].MinScore, Integer), ScoreTo(method.Scoring, bands[i]), $"{bands[i].ResponseDays} days");
        Note(w, "Due date: the earlier of the as-of date plus the rating's response window and the first compliance date still ahead among the obligations at stake.");
        w.Skip();

        Section(w, "Impact of a role by tier");
        Table(w, ["Tier", "Impact", "", ""]);
        for (var i = 0; i < method.Scoring.TierImpact.Length; i++) Row4(w, new XCell(i + 1, Integer), new XCell(method.Scoring.TierImpact[i], Integer), null, null);
        w.Skip();

        Section(w, "Points per fragility flag (role risks)");
        Table(w, ["Flag", "Points", "", ""]);
        foreach (var (code, points) in method.Scoring.FlagPoints) Row4(w, code, new XCell(points, Integer), null, null);
        w.Skip();

        Section(w, "Points per coverage fact (obligation risks)");
        Table(w, ["Fact", "Points", "", ""]);
        foreach (var (code, points) in method.Scoring.CoveragePoints) Row4(w, code, new XCell(points, Integer), null, null);
        Note(w, $"A covered obligation whose 12-month probability of becoming uncovered reaches {method.FragileProbability.ToString("0.#%", CultureInfo.InvariantCulture)} is FRAGILE.");
        w.Skip();

        Section(w, "Attrition rates and their sources");
        Table(w, ["Employment type", "Annual rate", "", "Source"]);
        foreach (var (type, rate) in method.Attrition.Rates.OrderBy(r => r.Key))
            Row4(w, type.ToString(), new XCell(rate.AnnualRate, Percent), null, rate.Source);
        Row4(w, "New in role", $"× {method.Attrition.NewInRoleMultiplier.ToString("0.##", CultureInfo.InvariantCulture)}", $"< {method.Attrition.NewInRoleMonths} months", method.Attrition.NewInRoleSource);
        w.Skip();

        Section(w, "Windows");
        Table(w, ["Window", "Value", "", "Used by"]);
        var windows = method.Windows;
        Row4(w, "Certificate expiring", $"{windows.CertExpiringDays} days", null, "CERT_EXPIRING: a relied-on certification expires within the window");
        Row4(w, "Departure pending", $"{windows.DeparturePendingDays} days", null, "DEPARTURE_PENDING: a qualified holder leaves or their contract ends within the window");
        Row4(w, "Interim too long", $"{windows.InterimMaxDays} days", null, "INTERIM_TOO_LONG: an interim holder has held the seat longer than this");
        Row4(w, "Training cadence", $"{windows.TrainingCadenceMonths} months", null, "TRAINING_OVERDUE: last training older than this");
        Row4(w, "Horizon", $"{windows.HorizonMonths} months", null, "Horizon of the coverage probability");
        w.Skip();

        Section(w, "Unconfirmed regulatory notes");
        Table(w, ["Obligation", "Citation", "", "Note"]);
        var notes = 0;
        foreach (var o in a.Obligations)
        {
            foreach (var text in o.Unconfirmed)
            {
                w.Row(new XCell(o.ObligationId, Text), new XCell(o.Citation, Text, 2), new XCell(text, Text));
                notes++;
            }
        }
        if (notes == 0) Note(w, "None of the applicable obligations carries an unconfirmed fact.");
        else Note(w, "Facts carried from the catalog's references that could not be confirmed; they are printed, never hidden. Obligations that do not apply are not listed.");
    }

    /// <summary>The highest score that can occur in the band (a product of two values 1-5), as the Heat Map's caption words it.</summary>
    /// <summary>
    /// What reaches 5 under the method used: a calibrated profile can move the probability band or give a tier another
    /// impact, and the sheet said "tier-1 role" and "expected" (the default 50 %) whatever the method was.
    /// </summary>
    private static string TopOfScale(ScoringMethod scoring)
    {
        var band = scoring.ProbabilityBands.Where(b => b.Likelihood == 5).Select(b => (double?)b.AtLeast).Min();
        var tiers = scoring.TierImpact.Select((impact, i) => (impact, tier: i + 1)).Where(t => t.impact == 5).Select(t => $"tier-{t.tier}").ToList();
        var likelihood = band is { } p ? $"5 factor points, or a 12-month probability of {Chance.Percent(p)} or more" : "5 factor points";
        var roles = tiers.Count == 0 ? "" : string.Join(" or ", tiers) + " role, ";
        return $"Likelihood: {likelihood}. Impact: severe consequence ({roles}severity-5 obligation).";
    }

    private static XCell ScoreTo(ScoringMethod scoring, RatingBand band) =>
        scoring.HighestScoreIn(band) is { } highest ? new XCell(highest, Integer) : new XCell("none possible");

    private static void Section(SheetWriter w, string title) =>
        w.RowAt(1, 24, new XCell(title, RegisterStyles.Section), new XCell(null, RegisterStyles.Section), new XCell(null, RegisterStyles.Section), new XCell(null, RegisterStyles.Section));

    private static void Pair(SheetWriter w, string label, string value, uint style = LabelValue)
    {
        w.Row(new XCell(label, Label), new XCell(value, style, 3));
    }

    private static void Table(SheetWriter w, string[] headers) =>
        w.Row([.. headers.Select((h, i) => new XCell(h, i is 1 or 2 ? HeaderCenter : Header))]);

    private static void Row4(SheetWriter w, XCell first, XCell second, XCell? third, XCell? fourth)
    {
        static XCell Styled(XCell cell, uint fallback) => cell.Style == Text ? cell with { Style = fallback } : cell;
        w.Row(Styled(first, Text), Styled(second, TextCenter), Styled(third ?? new XCell(null), TextCenter), Styled(fourth ?? new XCell(null), Text));
    }

    private static void Note(SheetWriter w, string text)
    {
        w.Row(new XCell(text, RegisterStyles.Note, 4));
    }
}
