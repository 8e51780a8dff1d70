using System.Collections.Immutable;

namespace ComplianceRisk.Engine.Assessments;

/// <summary>What an assessment is run for: the as-of date (the engine has no clock) and people left out for a what-if.</summary>
public sealed record AssessmentOptions
{
    public required DateOnly AsOf { get; init; }
    /// <summary>Person ids to assess as if they had left (a what-if).</summary>
    public ImmutableArray<string> Without { get; init; } = [];
    /// <summary>The organization's decisions about risks, merged into the register.</summary>
    public Risks.TreatmentBook Treatments { get; init; } = Risks.TreatmentBook.Empty;
}
