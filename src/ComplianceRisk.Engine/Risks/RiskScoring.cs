using ComplianceRisk.Engine.Catalogs;

namespace ComplianceRisk.Engine.Risks;

/// <summary>The arithmetic of DESIGN §5 "Risks", parameterized by the catalog's scoring method.</summary>
public sealed class RiskScoring(ScoringMethod method)
{
    /// <summary>Likelihood of a probability: the first band it reaches; below every band, 1.</summary>
    public int ProbabilityLikelihood(double probability) =>
        method.ProbabilityBands.FirstOrDefault(b => probability >= b.AtLeast)?.Likelihood ?? 1;

    /// <summary>The larger of the capped factor points and the probability's band.</summary>
    public LikelihoodBasis Likelihood(int points, double probability) =>
        new(points, probability, ProbabilityLikelihood(probability));

    public static int LikelihoodOf(LikelihoodBasis basis) => Math.Max(Math.Clamp(basis.Points, 1, 5), basis.ProbabilityLikelihood);

    public int TierImpact(int tier) => method.TierImpact[Math.Clamp(tier, 1, 3) - 1];

    public RatingBand Band(int score) => method.RatingBands.First(b => score >= b.MinScore);

    public RiskRating Rating(int score) => Band(score).Rating;
}
