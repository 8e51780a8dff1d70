using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
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
    string? Treatment,
    decimal? ResponseCost)
{
    /// <summary>
    /// The rows of an assessment, in its order (highest score first), with names shown as <paramref name="people"/>
    /// says. Treatments must already be merged into the assessment's risks: owner and status come from there.
    /// </summary>
    public static IEnumerable<RegisterRow> Of(Assessment assessment, Catalog catalog, People people)
    {
        var texts = new RegisterTexts(assessment, catalog, people);
        var priority = 0;
        foreach (var risk in assessment.Risks)
        {
            texts.Fill(risk);
            yield return new RegisterRow(
                risk.RiskId,
                ++priority,
                texts.Title,
                texts.Description,
                risk.Category,
                texts.Role,
                texts.Obligations.ToString(),
                risk.Likelihood,
                risk.Impact,
                risk.Score,
                risk.Rating,
                risk.Residual.Score,
                risk.Residual.Rating,
                texts.Factors.ToString(),
                risk.ResponseType,
                texts.Actions.ToString(),
                texts.Owner,
                risk.DueDate,
                risk.Status,
                texts.Treatment,
                risk.Treatment?.ResponseCost);
        }
    }
}

/// <summary>
/// The composed texts of one register row (role, cited obligations, key factors, actions, treatment), built into
/// buffers that are reused row after row. <see cref="RegisterRow.Of"/> makes strings of them; the Risk Register
/// sheet writes them straight from the buffers, so a register of 100k risks does not make (and collect) a few
/// hundred megabytes of strings. The methods on this path are compiled optimized at once (AggressiveOptimization)
/// and avoid lambdas: a process writes one register, and would otherwise run them unoptimized until the runtime's
/// background compiler got round to them.
/// </summary>
internal sealed class RegisterTexts(Assessment assessment, Catalog catalog, People people)
{
    private readonly Dictionary<string, ObligationResult> _obligations = assessment.Obligations.ToDictionary(o => o.ObligationId, StringComparer.Ordinal);
    // Role titles looked up here rather than through the catalog's own lazily built index: the workbook writes this
    // sheet while another thread writes the others, and both would build that index at once.
    private readonly Dictionary<string, string> _roles = RoleTitles(catalog);

    // Roles by id, for the mentions their flags give a role risk's texts.
    private readonly Dictionary<string, RoleResult> _roleResults = assessment.Roles.DistinctBy(r => r.RoleId).ToDictionary(r => r.RoleId, StringComparer.Ordinal);

    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string Owner { get; private set; } = "";
    public string? Role { get; private set; }
    public StringBuilder Obligations { get; } = new();
    public StringBuilder Factors { get; } = new();
    public StringBuilder Actions { get; } = new();
    public string? Treatment { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Fill(Risk risk)
    {
        Role = risk.RoleId is { } roleId ? _roles.GetValueOrDefault(roleId) ?? roleId : null;
        // Found only to be replaced: a register that shows names has no use for them.
        var mentions = people.Pseudonymized ? TextMentions.OfRisk(risk, risk.RoleId is { } ofRole ? _roleResults.GetValueOrDefault(ofRole) : null) : null;
        Title = people.Text(risk.Title, mentions?.In("title"));
        Description = people.Text(risk.Description, mentions?.In("description"));
        Owner = people.Text(risk.Owner);

        var text = Obligations.Clear();
        foreach (var id in risk.ObligationIds)
        {
            if (text.Length > 0) text.Append('\n');
            if (_obligations.TryGetValue(id, out var o)) text.Append(o.Citation).Append(" (").Append(id).Append(')');
            else text.Append(id);
        }

        text = Factors.Clear();
        for (var f = 0; f < risk.Factors.Length; f++)
        {
            var factor = risk.Factors[f];
            if (text.Length > 0) text.Append('\n');
            text.Append(factor.Code);
            if (factor.Points != 0) text.Append(CultureInfo.InvariantCulture, $" (+{factor.Points})");
            text.Append(": ").Append(people.Scrub(factor.Description, mentions?.In(Path("factors/", f))));
        }
        var basis = risk.LikelihoodBasis;
        if (text.Length > 0) text.Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"Likelihood basis: {basis.Points} point{(basis.Points == 1 ? "" : "s")}; 12-month probability {Chance.Percent(basis.Probability12m)} → {basis.ProbabilityLikelihood}");

        text = Actions.Clear();
        foreach (var action in InOrder(risk.Actions))
        {
            if (text.Length > 0) text.Append('\n');
            // Mentions name an action by its place in the assessment, which InOrder may not keep.
            var index = risk.Actions.IndexOf(action);
            text.Append(CultureInfo.InvariantCulture, $"{action.Order}. ").Append(people.Scrub(action.Description, mentions?.In(Path("actions/", index)))).Append(" (by ");
            AppendDate(text, action.DueDate).Append(')');
            if (action.People.Length > 0)
            {
                // Names on one line, each with its part when the reason gives one ("mentee", "mentor for E1002").
                text.Append("\n   Named: ");
                for (var i = 0; i < action.People.Length; i++)
                {
                    var p = action.People[i];
                    if (i > 0) text.Append("; ");
                    people.AppendDisplay(text, p.PersonId, p.Name);
                    var colon = p.Reason.IndexOf(':');
                    if (colon is > 0 and <= 30)
                    {
                        text.Append(" (");
                        people.AppendText(text, p.Reason, colon, mentions?.In(Path("actions/", index, "/people/", i)));
                        text.Append(')');
                    }
                }
            }
            foreach (var cert in action.Certifications)
            {
                text.Append("\n   Sponsor: ").Append(cert.Name);
                if (cert.PersonId is { } id)
                {
                    text.Append(" for ");
                    people.AppendDisplay(text, id);
                }
                AppendDate(text.Append(" by "), cert.NeededBy);
            }
        }
        text.Append(CultureInfo.InvariantCulture, $"\nResidual {risk.Residual.Likelihood}×{risk.Residual.Impact} assumes ").Append(people.Scrub(risk.Residual.Assumes, mentions?.In("residual")));

        Treatment = TreatmentText(risk);
    }

    /// <summary>Each catalog role's title by id; the first of a repeated id, as <see cref="Catalog.FindRole"/> gives it.</summary>
    private static Dictionary<string, string> RoleTitles(Catalog catalog)
    {
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var role in catalog.Roles) titles.TryAdd(role.Id, role.Title);
        return titles;
    }

    /// <summary>
    /// Appends the date as yyyy-MM-dd, digit by digit: the same text as the invariant format string, without
    /// parsing the format for each of the few hundred thousand dates of a large register.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static StringBuilder AppendDate(StringBuilder text, DateOnly date)
    {
        Span<char> digits = ['0', '0', '0', '0', '-', '0', '0', '-', '0', '0'];
        var (year, month, day) = (date.Year, date.Month, date.Day);
        for (var i = 3; i >= 0; i--, year /= 10) digits[i] = (char)('0' + year % 10);
        digits[5] = (char)('0' + month / 10);
        digits[6] = (char)('0' + month % 10);
        digits[8] = (char)('0' + day / 10);
        digits[9] = (char)('0' + day % 10);
        return text.Append(digits);
    }

    /// <summary>The actions by their order: as the engine lists them, so sorted only when they are not (an edited assessment).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string Path(string kind, int index) => string.Create(CultureInfo.InvariantCulture, $"{kind}{index}");
    private static string Path(string kind, int index, string of, int person) => string.Create(CultureInfo.InvariantCulture, $"{kind}{index}{of}{person}");

    private static ImmutableArray<RiskAction> InOrder(ImmutableArray<RiskAction> actions)
    {
        for (var i = 1; i < actions.Length; i++)
            if (actions[i].Order < actions[i - 1].Order) return [.. actions.OrderBy(a => a.Order)];
        return actions;
    }

    private string? TreatmentText(Risk risk)
    {
        if (risk.Treatment is not { } t) return null;
        var parts = new List<string>();
        if (t.Note is { Length: > 0 } note) parts.Add(people.ScrubWritten(note)!);
        if (t.Approver is { Length: > 0 } approver) parts.Add($"Approved by {people.ScrubWritten(approver)}");
        if (t.AcceptedUntil is { } until) parts.Add($"Accepted until {until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        // A lapsed acceptance (t.Reopened) is said by the note the engine gave it, with its approver and date.
        if (t.ResponseCost is { } cost) parts.Add($"Response cost: USD {CostText(cost)}");
        return parts.Count == 0 ? null : string.Join("\n", parts);
    }

    /// <summary>A cost as a register shows it: thousands grouped, cents only when there are any (12,000; 12,000.5).</summary>
    private static string CostText(decimal cost) => cost.ToString("#,##0.##", CultureInfo.InvariantCulture);
}

/// <summary>
/// The words of the 1-5 likelihood and impact scales, as the Heat Map, Methodology and JSON export name them; the web
/// page's heat map receives the same words (<c>/assets/options.json</c>).
/// </summary>
public static class RiskScales
{
    public static readonly ImmutableArray<string> LikelihoodNames = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"];
    public static readonly ImmutableArray<string> ImpactNames = ["Minimal", "Minor", "Moderate", "Major", "Severe"];

    public static string Likelihood(int value) => LikelihoodNames[Math.Clamp(value, 1, 5) - 1];

    public static string Impact(int value) => ImpactNames[Math.Clamp(value, 1, 5) - 1];
}
