using System.Collections.Immutable;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;

namespace ComplianceRisk.Engine.Risks;

/// <summary>Treatment status of a risk (DESIGN §5); written in JSON and registers as "Open", "In progress" ….</summary>
public enum RiskStatus { Open, InProgress, Mitigated, Accepted, Transferred }

/// <summary>Risk response types of NIST IR 8286.</summary>
public enum ResponseType { Accept, Avoid, Mitigate, Transfer, Share }

/// <summary>Kinds of response, in the fixed priority order in which a risk's actions are listed (docs/risks.md).</summary>
public enum ActionKind
{
    FillVacancy,
    DesignateOfficial,
    QualifyBackup,
    RenewCertification,
    Mentor,
    TransferKnowledge,
    PlanSuccession,
    RebalanceLoad,
    CompleteTraining,
    ScheduleExercise,
    ResolveInterim,
}

/// <summary>One reason a risk is rated as it is: a flag or coverage fact, its points and its evidence.</summary>
public sealed record RiskFactor(string Code, int Points, string Description, ImmutableArray<string> People, ImmutableSortedDictionary<string, object> Evidence);

/// <summary>How the likelihood was decided: the sum of the factor points (capped at 5 when the likelihood is taken) and the band of the 12-month probability.</summary>
public sealed record LikelihoodBasis(int Points, double Probability12m, int ProbabilityLikelihood);

public sealed record ResidualScore(int Likelihood, int Impact, int Score, RiskRating Rating, string Assumes);

/// <summary>A person an action names, and why they were picked.</summary>
public sealed record NamedPerson(string PersonId, string? Name, string Reason);

public sealed record CertificationToSponsor(string CertificationId, string Name, string? PersonId, DateOnly NeededBy);

public sealed record RiskAction(int Order, ActionKind Kind, string Description, ImmutableArray<NamedPerson> People,
    ImmutableArray<CertificationToSponsor> Certifications, DateOnly DueDate);

/// <summary>What an organization decided about the risk, as merged from its treatment records.</summary>
/// <param name="ResponseCost">The response's cost in US dollars, as the organization estimates it; null when its record gives none.</param>
public sealed record AppliedTreatment(string? Note, string? Approver, DateOnly? AcceptedUntil, bool Reopened, decimal? ResponseCost = null);

/// <summary>
/// A register entry: one per role with findings (<c>ROLE:&lt;roleId&gt;</c>) and one per obligation that is
/// not covered (<c>OBL:&lt;obligationId&gt;</c>). Ids never contain person ids, so they survive
/// pseudonymization and stay stable across assessments.
/// </summary>
public sealed record Risk
{
    public required string RiskId { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required string Category { get; init; }
    public string? RoleId { get; init; }
    public required ImmutableArray<string> ObligationIds { get; init; }
    public required int Likelihood { get; init; }
    public required int Impact { get; init; }
    public required int Score { get; init; }
    public required RiskRating Rating { get; init; }
    public required LikelihoodBasis LikelihoodBasis { get; init; }
    public required ResidualScore Residual { get; init; }
    public required ImmutableArray<RiskFactor> Factors { get; init; }
    public required ImmutableArray<RiskAction> Actions { get; init; }
    public required string Owner { get; init; }
    public required DateOnly DueDate { get; init; }
    public required RiskStatus Status { get; init; }
    public required ResponseType ResponseType { get; init; }
    public AppliedTreatment? Treatment { get; init; }
    /// <summary>
    /// Where its texts name a person by id (title, description, factors, actions, the reasons of the people they name, residual); null in an assessment saved before
    /// mentions were listed. See <see cref="PersonMention"/>.
    /// </summary>
    public ImmutableArray<PersonMention>? Mentions { get; init; }
}
