namespace ComplianceRisk.Engine.Assessments;

/// <summary>
/// Fragility flag codes. These names are a public, stable contract: they appear in assessment JSON as
/// SCREAMING_SNAKE_CASE (<c>SINGLE_POINT_OF_FAILURE</c>) and in registers. Never rename or reuse one;
/// the conditions are documented in docs/flags.md and pinned by tests.
/// </summary>
public enum FlagCode
{
    Vacant,
    NoQualifiedHolder,
    SinglePointOfFailure,
    BelowRequiredHeadcount,
    InexperiencedIncumbent,
    JuniorOnlyCoverage,
    CompetencyGap,
    CertMissing,
    CertExpired,
    CertExpiring,
    ExternalDependency,
    DeparturePending,
    Overloaded,
    CurrencyLapsed,
    TrainingOverdue,
    InterimTooLong,
}

/// <summary>A flag code as the assessment JSON, registers and the catalog's point table write it (SINGLE_POINT_OF_FAILURE).</summary>
public static class FlagCodeNames
{
    private static readonly string[] Names =
        [.. Enum.GetValues<FlagCode>().Select(c => System.Text.Json.JsonNamingPolicy.SnakeCaseUpper.ConvertName(c.ToString()))];

    /// <summary>Every code's name, in the order of <see cref="FlagCode"/>.</summary>
    public static IReadOnlyList<string> All => Names;

    /// <summary>The code's name; made once, as it is asked for once per flag of a large roster.</summary>
    public static string Name(this FlagCode code) => Names[(int)code];
}

/// <summary>Obligation coverage states; public contract like <see cref="FlagCode"/>.</summary>
public enum CoverageStatus
{
    /// <summary>Fewer qualified people than the minimum.</summary>
    Uncovered,
    /// <summary>Covered, but with key people, a 12-month probability at or above the threshold, or only external holders.</summary>
    Fragile,
    Covered,
    /// <summary>The compliance date is in the future; <c>statusWhenInForce</c> says what it would be.</summary>
    Upcoming,
}
