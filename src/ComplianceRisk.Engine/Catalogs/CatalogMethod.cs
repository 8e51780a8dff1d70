using System.Collections.Immutable;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Engine.Catalogs;

/// <summary>The scoring method: rates, windows and thresholds. An organization profile may override each.</summary>
public sealed record CatalogMethod
{
    public required AttritionModel Attrition { get; init; }
    public required AssessmentWindows Windows { get; init; }
    /// <summary>A covered obligation whose 12-month probability of becoming uncovered reaches this is FRAGILE.</summary>
    public required double FragileProbability { get; init; }
    public required ScoringMethod Scoring { get; init; }
}

/// <summary>An annual probability of losing a person, with where the figure comes from.</summary>
public sealed record AttritionRate(double AnnualRate, string Source);

public sealed record AttritionModel
{
    public required ImmutableDictionary<EmploymentType, AttritionRate> Rates { get; init; }
    /// <summary>People in their role for less than <see cref="NewInRoleMonths"/> leave more often.</summary>
    public required double NewInRoleMultiplier { get; init; }
    public required int NewInRoleMonths { get; init; }
    public required string NewInRoleSource { get; init; }

    /// <summary>Five years: someone that long in a role is not new to it (and the as-of date less more months leaves the calendar).</summary>
    public const int MaxNewInRoleMonths = 60;

    /// <summary>What is wrong with a new-in-role multiplier, a catalog's or a profile's; null when it is 1-10.</summary>
    public static string? MultiplierProblem(double multiplier) => multiplier is >= 1 and <= 10 ? null
        : $"{multiplier.ToString(System.Globalization.CultureInfo.InvariantCulture)} is outside 1-10 (1: no raise; 1.5 leaves half again as often)";

    /// <summary>What is wrong with a number of months under which someone is new in their role, a catalog's or a profile's.</summary>
    public static string? MonthsProblem(int months) => Bounds.Problem(months, 0, MaxNewInRoleMonths);
}

/// <summary>Time windows used by the fragility flags and the coverage probability.</summary>
/// <param name="CertExpiringDays">CERT_EXPIRING: a relied-on certification expires within this many days.</param>
/// <param name="DeparturePendingDays">DEPARTURE_PENDING: a qualified holder leaves or their contract ends within this many days.</param>
/// <param name="InterimMaxDays">INTERIM_TOO_LONG: an interim holder has held the seat longer than this.</param>
/// <param name="TrainingCadenceMonths">TRAINING_OVERDUE: last training older than this many months.</param>
/// <param name="HorizonMonths">Horizon of the coverage probability.</param>
// The defaults are the constructor's, not property initializers: generated JSON metadata sets every init-only
// property, so a window a catalog leaves out would read as 0 (dotnet/runtime#84484); parameter defaults are kept.
public sealed record AssessmentWindows(
    int CertExpiringDays = 90, int DeparturePendingDays = 180, int InterimMaxDays = 90, int TrainingCadenceMonths = 12, int HorizonMonths = 12)
{
    /// <summary>
    /// The largest value of each window, by its name in the catalog and the profile's policy (the smallest is 1). Dates are
    /// reckoned from the as-of date with the windows, so one without a bound runs off the calendar; each bound is already
    /// more than its window can mean. The schemas state the same numbers.
    /// </summary>
    public static readonly ImmutableSortedDictionary<string, int> Maxima = new Dictionary<string, int>
    {
        // Certificates renew every two or three years: a longer warning would flag nearly every one.
        ["certExpiringDays"] = 730,
        // Departures and contract ends are seldom known further ahead.
        ["departurePendingDays"] = 730,
        // An interim holder for longer is no longer interim.
        ["interimMaxDays"] = 730,
        // Training less often than every five years is no cadence.
        ["trainingCadenceMonths"] = 60,
        // The attrition rates are annual estimates, which say little about a longer time.
        ["horizonMonths"] = 60,
    }.ToImmutableSortedDictionary(StringComparer.Ordinal);

    /// <summary>Each window by its name.</summary>
    internal IEnumerable<(string Name, int Value)> Named() =>
    [
        ("certExpiringDays", CertExpiringDays), ("departurePendingDays", DeparturePendingDays), ("interimMaxDays", InterimMaxDays),
        ("trainingCadenceMonths", TrainingCadenceMonths), ("horizonMonths", HorizonMonths),
    ];

    /// <summary>What is wrong with a value of the window of that name, or null if nothing is.</summary>
    internal static string? Problem(string name, int value) => Bounds.Problem(value, 1, Maxima[name]);
}

/// <summary>The wording of a window or period outside its range, for the catalog's checks and the profile's alike.</summary>
internal static class Bounds
{
    public static string? Problem(int value, int min, int max) =>
        value < min ? $"must be at least {min}" : value > max ? $"{value} is more than the maximum, {max}" : null;
}

/// <summary>Risk ratings (DESIGN §5), in increasing order of severity.</summary>
public enum RiskRating { Low, Moderate, High, Critical }

/// <summary>
/// How findings become a 5 × 5 score (DESIGN §5). Likelihood is the larger of the factor points (capped at
/// 5) and the band of the 12-month probability; impact the larger of the role tier's impact and the
/// highest severity at stake; the score's band gives the rating and its response window.
/// </summary>
public sealed record ScoringMethod
{
    /// <summary>Points per fragility flag code (SCREAMING_SNAKE_CASE, as in the assessment JSON), counted once per code.</summary>
    public required ImmutableSortedDictionary<string, int> FlagPoints { get; init; }
    /// <summary>Points per coverage fact of an obligation: UNCOVERED, KEY_PEOPLE, EXTERNAL_ONLY, MULTIPLE_DESIGNATED_OFFICIALS, NOT_DESIGNATED.</summary>
    public required ImmutableSortedDictionary<string, int> CoveragePoints { get; init; }
    /// <summary>Likelihood from the 12-month probability: the first band whose threshold it reaches; below all bands, 1.</summary>
    public required ImmutableArray<ProbabilityBand> ProbabilityBands { get; init; }
    /// <summary>Impact of a role by tier: [tier 1, tier 2, tier 3].</summary>
    public required ImmutableArray<int> TierImpact { get; init; }
    /// <summary>Rating by score: the first band whose minimum the score reaches, with the days allowed to respond.</summary>
    public required ImmutableArray<RatingBand> RatingBands { get; init; }

    public static readonly ImmutableArray<string> CoverageFactors = ["UNCOVERED", "KEY_PEOPLE", "EXTERNAL_ONLY", "MULTIPLE_DESIGNATED_OFFICIALS", "NOT_DESIGNATED"];

    /// <summary>Every score that can occur, in increasing order: the products of two values 1-5 (no 7, 11, 13, 14, 17, 18, 19 …).</summary>
    public static readonly ImmutableArray<int> PossibleScores =
        [.. Enumerable.Range(1, 5).SelectMany(likelihood => Enumerable.Range(1, 5).Select(impact => likelihood * impact)).Distinct().Order()];

    /// <summary>
    /// The highest score that can occur in the band (up to the next band's minimum, or 25), or null when none can: the
    /// upper bound a band is worded with, so the default High band reads 10-16, not 10-19.
    /// </summary>
    public int? HighestScoreIn(RatingBand band)
    {
        var next = RatingBands.Where(b => b.MinScore > band.MinScore).Select(b => b.MinScore).DefaultIfEmpty(26).Min();
        var highest = PossibleScores.LastOrDefault(score => score >= band.MinScore && score < next);
        return highest == 0 ? null : highest;
    }
}

public sealed record ProbabilityBand(double AtLeast, int Likelihood);

public sealed record RatingBand(RiskRating Rating, int MinScore, int ResponseDays)
{
    /// <summary>Two years: the least urgent rating's window (a year in the default catalog) at most doubled.</summary>
    public const int MaxResponseDays = 730;
}
