using System.Collections.Immutable;
using System.Globalization;
using ComplianceRisk.Documents.Registers;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Risks;

namespace ComplianceRisk.Documents.Reports;

/// <summary>
/// One of a report's top actions: a high-priority risk's first action and the people it names. The same action is often
/// the first of several risks (one backup for a role and the obligations resting on it); it is listed once, under the
/// highest of them, with the others in <see cref="AlsoFor"/> and the earliest of their due dates.
/// </summary>
public sealed record ReportAction(string RiskId, string RiskTitle, RiskRating Rating, string Action, ImmutableArray<string> People, DateOnly DueDate)
{
    /// <summary>The ids of lower risks whose first action is this one, in the register's order.</summary>
    public ImmutableArray<string> AlsoFor { get; init; } = [];
}

/// <summary>
/// Rosters submitted after the one a report assessed that were rejected, so the report is of an older roster than the
/// organization last sent: when the roster it assessed was submitted, how many were rejected since, and the latest of
/// them (when, its rejection code, reason and what to do, as its rejection record gives them).
/// </summary>
public sealed record RejectedSince(DateTimeOffset RosterSubmittedAt, int Count, DateTimeOffset LatestSubmittedAt, string LatestCode, string LatestReason, string? LatestHint = null);

/// <summary>
/// What a periodic report tells its readers at a glance (issue 8): readiness and its change since the previous report,
/// rating counts, new and escalated risks, the top actions with the people they name, and the scope statement and
/// disclaimer of the Summary sheet. The HTML summary and the mail's plain text are both written from this one record,
/// so they cannot say different things.
/// </summary>
public sealed record ReportSummary
{
    /// <summary>How many actions the summary lists.</summary>
    public const int TopActionCount = 5;

    public required string OrganizationId { get; init; }
    public required string OrganizationName { get; init; }
    public required string Period { get; init; }
    public required DateOnly AsOf { get; init; }
    public required string AssessmentId { get; init; }
    public double? Readiness { get; init; }
    /// <summary>The previous report's readiness; null on the first report (or when it had no index).</summary>
    public double? PreviousReadiness { get; init; }
    public DateOnly? PreviousAsOf { get; init; }
    public double? ReadinessChange { get; init; }
    public required RatingCounts RatingCounts { get; init; }
    public required ImmutableArray<RiskChange> NewRisks { get; init; }
    public required ImmutableArray<RiskChange> EscalatedRisks { get; init; }
    public required ImmutableArray<ReportAction> TopActions { get; init; }
    public required ImmutableArray<string> Scope { get; init; }

    /// <summary>
    /// Why the previous report, which exists, could not be compared with (<see cref="PreviousReport.Unreadable"/>);
    /// null when it was compared with or there is none.
    /// </summary>
    public string? PreviousUnreadable { get; init; }

    /// <summary>Rejected submissions newer than the roster this report assessed; null when there are none (or it is not known which submission that roster was).</summary>
    public RejectedSince? RejectedSince { get; init; }

    /// <summary>No earlier report exists; one that exists but could not be read is <see cref="PreviousUnreadable"/>.</summary>
    public bool IsFirst => PreviousAsOf is null && PreviousUnreadable is null;

    public static ReportSummary Of(Assessment current, Assessment? previous, string period, string? previousUnreadable = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentException.ThrowIfNullOrWhiteSpace(period);
        var name = RegisterContext.NameOf(current.Organization);
        var people = new People(current, RegisterOptions.Default);
        var diff = previous is null ? null : AssessmentDiff.Compare(previous, current);
        return new ReportSummary
        {
            OrganizationId = current.Organization.Id,
            OrganizationName = name,
            Period = period,
            AsOf = current.AsOf,
            AssessmentId = current.AssessmentId,
            Readiness = current.Summary.ReadinessIndex,
            PreviousReadiness = previous?.Summary.ReadinessIndex,
            PreviousAsOf = previous?.AsOf,
            PreviousUnreadable = previous is null ? previousUnreadable : null,
            ReadinessChange = diff?.ReadinessChange,
            RatingCounts = current.Summary.RatingCounts,
            NewRisks = diff?.New ?? [],
            EscalatedRisks = diff?.Escalated ?? [],
            TopActions = TopActionsOf(current, people),
            Scope = [.. ScopeStatement.For(current)],
        };
    }

    private static ImmutableArray<ReportAction> TopActionsOf(Assessment current, People people)
    {
        // A risk the organization has decided on (mitigated, accepted, transferred) asks nothing more of its readers.
        var open = current.Risks.Where(r => r.Actions.Length > 0 && r.Status is RiskStatus.Open or RiskStatus.InProgress);
        var actions = new List<(Risk Lead, List<Risk> Also)>();
        foreach (var risk in open)
        {
            var same = actions.FindIndex(a => a.Lead.Actions[0].Description == risk.Actions[0].Description);
            if (same >= 0) actions[same].Also.Add(risk);
            else if (actions.Count < TopActionCount) actions.Add((risk, []));
        }
        return [.. actions.Select(a =>
        {
            var first = a.Lead.Actions[0];
            return new ReportAction(a.Lead.RiskId, a.Lead.Title, a.Lead.Rating, first.Description,
                [.. first.People.Select(p => $"{people.Display(p.PersonId, p.Name)} — {p.Reason}")],
                a.Also.Select(r => r.Actions[0].DueDate).Append(first.DueDate).Min())
            { AlsoFor = [.. a.Also.Select(r => r.RiskId)] };
        })];
    }

    /// <summary>"71.1", or "n/a" without an index.</summary>
    public string ReadinessText => Readiness is { } r ? r.ToString("0.0", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>
    /// "+2.5", "-1.0", "±0.0"; "first report" when there is no earlier one, "not compared with the previous report" when
    /// it exists but could not be read, "n/a" when an index is missing.
    /// </summary>
    public string ChangeText => IsFirst ? "first report"
        : PreviousUnreadable is not null ? "not compared with the previous report"
        : ReadinessChange is not { } c ? "n/a"
        : c == 0 ? "±0.0"
        : c.ToString("+0.0;-0.0", CultureInfo.InvariantCulture);

    /// <summary>The one line that heads the report: the mail's subject.</summary>
    public string Headline => $"ComplianceRisk report {OrganizationId} {Period}: readiness {ReadinessText} ({ChangeText})";
}
