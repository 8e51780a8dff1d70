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
}

/// <summary>Time windows used by the fragility flags and the coverage probability.</summary>
public sealed record AssessmentWindows
{
    /// <summary>CERT_EXPIRING: a relied-on certification expires within this many days.</summary>
    public int CertExpiringDays { get; init; } = 90;
    /// <summary>DEPARTURE_PENDING: a qualified holder leaves or their contract ends within this many days.</summary>
    public int DeparturePendingDays { get; init; } = 180;
    /// <summary>INTERIM_TOO_LONG: an interim holder has held the seat longer than this.</summary>
    public int InterimMaxDays { get; init; } = 90;
    /// <summary>TRAINING_OVERDUE: last training older than this many months.</summary>
    public int TrainingCadenceMonths { get; init; } = 12;
    /// <summary>Horizon of the coverage probability.</summary>
    public int HorizonMonths { get; init; } = 12;
}
