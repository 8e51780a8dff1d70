using System.Collections.Immutable;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;

namespace ComplianceRisk.Engine.Risks;

public sealed record RiskChange(string RiskId, string Title, int? ScoreBefore, RiskRating? RatingBefore, int? ScoreAfter, RiskRating? RatingAfter);

/// <summary>
/// What changed between two assessments of the same organization (DESIGN §5 "Diff"): risks that are new,
/// closed, escalated (higher score) or de-escalated, and the readiness change.
/// </summary>
public sealed record AssessmentDiff
{
    public required string OrganizationId { get; init; }
    public required DateOnly AsOfBefore { get; init; }
    public required DateOnly AsOfAfter { get; init; }
    public double? ReadinessBefore { get; init; }
    public double? ReadinessAfter { get; init; }
    public double? ReadinessChange { get; init; }
    public required ImmutableArray<RiskChange> New { get; init; }
    public required ImmutableArray<RiskChange> Closed { get; init; }
    public required ImmutableArray<RiskChange> Escalated { get; init; }
    public required ImmutableArray<RiskChange> DeEscalated { get; init; }
    public required int Unchanged { get; init; }

    public bool IsEmpty => New.IsEmpty && Closed.IsEmpty && Escalated.IsEmpty && DeEscalated.IsEmpty && ReadinessChange is null or 0;

    public static AssessmentDiff Compare(Assessment before, Assessment after)
    {
        var old = before.Risks.ToDictionary(r => r.RiskId, StringComparer.Ordinal);
        var now = after.Risks.ToDictionary(r => r.RiskId, StringComparer.Ordinal);
        static RiskChange Change(Risk? b, Risk? a) => new((a ?? b)!.RiskId, (a ?? b)!.Title, b?.Score, b?.Rating, a?.Score, a?.Rating);
        var both = now.Keys.Where(old.ContainsKey).ToList();
        return new AssessmentDiff
        {
            OrganizationId = after.Organization.Id,
            AsOfBefore = before.AsOf,
            AsOfAfter = after.AsOf,
            ReadinessBefore = before.Summary.ReadinessIndex,
            ReadinessAfter = after.Summary.ReadinessIndex,
            ReadinessChange = before.Summary.ReadinessIndex is { } b && after.Summary.ReadinessIndex is { } a ? Math.Round(a - b, 1) : null,
            New = [.. after.Risks.Where(r => !old.ContainsKey(r.RiskId)).Select(r => Change(null, r))],
            Closed = [.. before.Risks.Where(r => !now.ContainsKey(r.RiskId)).Select(r => Change(r, null))],
            Escalated = [.. both.Where(id => now[id].Score > old[id].Score).Select(id => Change(old[id], now[id])).OrderByDescending(c => c.ScoreAfter - c.ScoreBefore).ThenBy(c => c.RiskId, StringComparer.Ordinal)],
            DeEscalated = [.. both.Where(id => now[id].Score < old[id].Score).Select(id => Change(old[id], now[id])).OrderBy(c => c.ScoreAfter - c.ScoreBefore).ThenBy(c => c.RiskId, StringComparer.Ordinal)],
            Unchanged = both.Count(id => now[id].Score == old[id].Score),
        };
    }
}
