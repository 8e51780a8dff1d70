using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Risks;

namespace ComplianceRisk.Documents.Registers;

/// <summary>
/// One entry of the risk register as every register output shows it: the Risk Register sheet of the workbook
/// and the NIST IR 8286 JSON export are both written from these rows, so they list the same risks in the same
/// order with the same (treated, pseudonymized) text.
/// </summary>
internal sealed record RegisterRow(
    string RiskId,
    int Priority,
    string Title,
    string Description,
    string Category,
    string? Role,
    string Obligations,
    int Likelihood,
    int Impact,
    int Score,
    RiskRating Rating,
    int ResidualScore,
    RiskRating ResidualRating,
    string Factors,
    ResponseType ResponseType,
    string Actions,
    string Owner,
    DateOnly DueDate,
    RiskStatus Status,
    string? Treatment)
{
    /// <summary>
    /// The rows of an assessment, in its order (highest score first), with names shown as <paramref name="people"/>
    /// says. Treatments must already be merged into the assessment's risks: owner and status come from there.
    /// </summary>
    public static IEnumerable<RegisterRow> Of(Assessment assessment, Catalog catalog, People people)
    {
        var obligations = assessment.Obligations.ToDictionary(o => o.ObligationId, StringComparer.Ordinal);
        var priority = 0;
        foreach (var risk in assessment.Risks)
        {
            var role = risk.RoleId is { } roleId ? catalog.FindRole(roleId)?.Title ?? roleId : null;
            var cited = string.Join("\n", risk.ObligationIds.Select(id => obligations.TryGetValue(id, out var o) ? $"{o.Citation} ({id})" : id));
            yield return new RegisterRow(
                risk.RiskId,
                ++priority,
                people.Text(risk.Title),
                people.Text(risk.Description),
                risk.Category,
                role,
                cited,
                risk.Likelihood,
                risk.Impact,
                risk.Score,
                risk.Rating,
                risk.Residual.Score,
                risk.Residual.Rating,
                FactorsText(risk, people),
                risk.ResponseType,
                ActionsText(risk, people),
                people.Text(risk.Owner),
                risk.DueDate,
                risk.Status,
                TreatmentText(risk, people));
        }
    }

    private static string FactorsText(Risk risk, People people)
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

    private static string ActionsText(Risk risk, People people)
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
        return text.ToString();
    }

    private static string? TreatmentText(Risk risk, People people)
    {
        if (risk.Treatment is not { } t) return null;
        var parts = new List<string>();
        if (t.Note is { Length: > 0 } note) parts.Add(people.Text(note));
        if (t.Approver is { Length: > 0 } approver) parts.Add($"Approved by {people.Text(approver)}");
        if (t.AcceptedUntil is { } until) parts.Add($"Accepted until {until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        if (t.Reopened) parts.Add("Reopened: the acceptance has lapsed");
        return parts.Count == 0 ? null : string.Join("\n", parts);
    }
}

/// <summary>The words of the 1-5 likelihood and impact scales, as the Heat Map, Methodology and JSON export name them.</summary>
internal static class RiskScales
{
    public static readonly ImmutableArray<string> LikelihoodNames = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"];
    public static readonly ImmutableArray<string> ImpactNames = ["Minimal", "Minor", "Moderate", "Major", "Severe"];

    public static string Likelihood(int value) => LikelihoodNames[Math.Clamp(value, 1, 5) - 1];

    public static string Impact(int value) => ImpactNames[Math.Clamp(value, 1, 5) - 1];
}
