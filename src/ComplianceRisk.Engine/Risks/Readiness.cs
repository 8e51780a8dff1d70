using System.Collections.Immutable;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;

namespace ComplianceRisk.Engine.Risks;

public sealed record RatingCounts(int Critical, int High, int Moderate, int Low);

public sealed record RegimeReadiness(string RegimeId, string Name, double? ReadinessIndex, int ObligationsInIndex, int ObligationsOutsideIndex);

/// <summary>An applicable obligation reported beside the index, not in it: proposed, voluntary, or not yet in force.</summary>
public sealed record ObligationOutsideIndex(string ObligationId, string Regime, string Reason, CoverageStatus Status, double ProbabilityUncovered12m);

public sealed record AssessmentSummary(
    double? ReadinessIndex, RatingCounts RatingCounts, ImmutableArray<RegimeReadiness> Regimes, ImmutableArray<ObligationOutsideIndex> OutsideIndex);

/// <summary>
/// Readiness (DESIGN §5): 100 × Σ severity × (1 − probabilityUncovered12m) / Σ severity over applicable
/// obligations that are final and in force (an UNCOVERED one has probability 1); null when there are none.
/// </summary>
public static class Readiness
{
    public static AssessmentSummary Summarize(Catalog catalog, IReadOnlyList<ObligationResult> obligations, IReadOnlyList<Risk> risks)
    {
        static bool InIndex(ObligationResult o) => o.Lifecycle == ObligationLifecycle.Final && o.Status != CoverageStatus.Upcoming;
        var outside = obligations.Where(o => !InIndex(o)).Select(o => new ObligationOutsideIndex(o.ObligationId, o.Regime,
            o.Lifecycle != ObligationLifecycle.Final ? o.Lifecycle.ToString().ToLowerInvariant() : "upcoming",
            o.StatusWhenInForce ?? o.Status, o.ProbabilityUncovered12m)).ToImmutableArray();
        var regimes = obligations.GroupBy(o => o.Regime)
            .OrderBy(g => catalog.Regimes.IndexOf(catalog.FindRegime(g.Key)!))
            .Select(g => new RegimeReadiness(g.Key, catalog.FindRegime(g.Key)?.Name ?? g.Key, Index(g.Where(InIndex)), g.Count(InIndex), g.Count(o => !InIndex(o))))
            .ToImmutableArray();
        var counts = new RatingCounts(
            risks.Count(r => r.Rating == RiskRating.Critical), risks.Count(r => r.Rating == RiskRating.High),
            risks.Count(r => r.Rating == RiskRating.Moderate), risks.Count(r => r.Rating == RiskRating.Low));
        return new AssessmentSummary(Index(obligations.Where(InIndex)), counts, regimes, outside);
    }

    public static double? Index(IEnumerable<ObligationResult> obligations)
    {
        double weight = 0, ready = 0;
        foreach (var o in obligations)
        {
            var probability = o.Status == CoverageStatus.Uncovered ? 1.0 : o.ProbabilityUncovered12m;
            weight += o.Severity;
            ready += o.Severity * (1 - probability);
        }
        return weight == 0 ? null : Math.Round(100 * ready / weight, 1);
    }
}
