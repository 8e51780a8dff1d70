using System.Collections.Immutable;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Risks;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Engine.Assessments;

/// <summary>
/// Everything an assessment concludes, with its evidence. Its JSON form (schemas/assessment.schema.json) is
/// a public contract; the id is a content hash of every input, so the same inputs give the same id.
/// </summary>
public sealed record Assessment
{
    /// <summary>
    /// The format written. 1.1 added a warning's personId, the mentions of people in texts and the profile's calibrations (schemas/assessment.schema.json
    /// says what each version holds); properties are added only with a new version, as the schema promises.
    /// </summary>
    public const string CurrentSchemaVersion = "1.1";

    /// <summary>
    /// The formats read: a 1.0 assessment (stored by the app for the Board's register and the next report's comparison)
    /// has none of these additions, and is read as it was before them.
    /// </summary>
    public static readonly ImmutableArray<string> ReadableSchemaVersions = ["1.0", CurrentSchemaVersion];

    public string SchemaVersion { get; init => field = value ?? CurrentSchemaVersion; } = CurrentSchemaVersion;
    public required string AssessmentId { get; init; }
    public required OrganizationSummary Organization { get; init; }
    public required DateOnly AsOf { get; init; }
    public required string EngineVersion { get; init; }
    public required CatalogReference Catalog { get; init; }
    public required RosterReference Roster { get; init; }
    public required AssessmentOptionsSummary Options { get; init; }
    /// <summary>Readiness index, per regime and beside it, and the count of risks by rating.</summary>
    public required AssessmentSummary Summary { get; init; }
    public required ImmutableArray<RoleResult> Roles { get; init; }
    /// <summary>Catalog roles nobody holds and no applicable final obligation needs.</summary>
    public required ImmutableArray<string> RolesNotInScope { get; init; }
    public required ImmutableArray<ObligationResult> Obligations { get; init; }
    public required ImmutableArray<string> ObligationsNotApplicable { get; init; }
    /// <summary>Register entries, highest score first.</summary>
    public required ImmutableArray<Risk> Risks { get; init; }
    public required ImmutableArray<RosterWarning> Warnings { get; init; }
}

public sealed record OrganizationSummary(
    string Id, string? Name, ImmutableArray<string> OrgTypes, ImmutableArray<string> Jurisdictions,
    ImmutableSortedDictionary<string, bool> Attributes)
{
    /// <summary>
    /// The profile's calibrations the assessment was made with; null when it has none. A register made later from the
    /// saved assessment prints the method they give, not the catalog's alone.
    /// </summary>
    public Organizations.ProfilePolicy? Policy { get; init; }

    /// <summary>The method the assessment was made with: the catalog's, as the recorded calibrations change it.</summary>
    public CatalogMethod MethodFrom(CatalogMethod catalogMethod) => Policy is null ? catalogMethod
        : new Organizations.OrganizationProfile { Id = Id, Name = Name, OrgTypes = OrgTypes, Jurisdictions = Jurisdictions, Attributes = Attributes, Policy = Policy }
            .EffectiveMethod(catalogMethod);
}

public sealed record CatalogReference(string Id, string Version, string Sha256)
{
    /// <summary>
    /// "health-it-default 2026.11.0 (sha256 3f2a9c01d4e7…)", as messages name a catalog: the hash tells apart two
    /// catalogs an organization edited without changing their id or version.
    /// </summary>
    public override string ToString() => $"{Id} {Version} (sha256 {Sha256[..Math.Min(12, Sha256.Length)]}…)";
}

public sealed record RosterReference(string Sha256, string Sheet, int Rows, int People);

public sealed record AssessmentOptionsSummary(ImmutableArray<string> Without);

/// <summary>One person in one seat of a role, with whether they are qualified for it and why not.</summary>
public sealed record Holder
{
    public required string PersonId { get; init; }
    public string? Name { get; init; }
    public required Assignment Assignment { get; init; }
    public required EmploymentType EmploymentType { get; init; }
    public string? Vendor { get; init; }
    public required double Fte { get; init; }
    public DateOnly? RoleStart { get; init; }
    public double? YearsExperience { get; init; }
    public required bool Qualified { get; init; }
    /// <summary>Why the holder is not qualified ("fhir: level 2, needs 3"); empty when qualified.</summary>
    public required ImmutableArray<string> Shortfalls { get; init; }
}

/// <summary>A fragility finding. Flags about a person carry that person's id; every flag carries its evidence.</summary>
public sealed record FragilityFlag(
    FlagCode Code, string? PersonId, string Message, ImmutableSortedDictionary<string, object> Evidence);

public sealed record RoleResult
{
    public required string RoleId { get; init; }
    public required string Title { get; init; }
    public required int Tier { get; init; }
    public required ImmutableArray<Holder> Holders { get; init; }
    public required int QualifiedCount { get; init; }
    public required int RequiredQualified { get; init; }
    public required ImmutableArray<FragilityFlag> Flags { get; init; }
    /// <summary>
    /// Where its texts name a person by id (its flags', but for the id a flag about a person starts with); null in an assessment saved before
    /// mentions were listed. See <see cref="PersonMention"/>.
    /// </summary>
    public ImmutableArray<PersonMention>? Mentions { get; init; }
}

/// <summary>
/// One source of loss in the coverage probability: a person, or a vendor contract whose people leave together.
/// </summary>
public sealed record LossEvent(ImmutableArray<string> People, double Probability, string Reason)
{
    /// <summary>Losses known to happen inside the horizon, person by person.</summary>
    public ImmutableArray<CertainLoss> Certain { get; init => field = value.IsDefault ? [] : value; } = [];
}

public enum CertainLossKind { Departure, ContractEnd, CertificateExpiry }

/// <summary>A loss that will happen inside the horizon: the person leaves, their contract ends, or a certificate their qualification rests on expires.</summary>
public sealed record CertainLoss(string PersonId, CertainLossKind Kind, DateOnly Date, string? CertificationId = null);

public sealed record ObligationResult
{
    public required string ObligationId { get; init; }
    public required string Citation { get; init; }
    public required string Regime { get; init; }
    public required string Title { get; init; }
    public required ObligationLifecycle Lifecycle { get; init; }
    public required int Severity { get; init; }
    public DateOnly? ComplianceDate { get; init; }
    public required CoverageStatus Status { get; init; }
    /// <summary>For an UPCOMING obligation, the status it would have if it were in force today.</summary>
    public CoverageStatus? StatusWhenInForce { get; init; }
    public required int QualifiedCount { get; init; }
    public required int MinQualified { get; init; }
    public required bool Designation { get; init; }
    public required ImmutableArray<string> QualifiedPeople { get; init; }
    /// <summary>Every qualified person (including backups who would be designated next) is a contractor, vendor or MSP.</summary>
    public required bool ExternalOnly { get; init; }
    /// <summary>People whose single departure would drop the obligation below its minimum.</summary>
    public required ImmutableArray<string> KeyPeople { get; init; }
    public required double ProbabilityUncovered12m { get; init; }
    public required ImmutableArray<LossEvent> LossEvents { get; init; }
    public required ImmutableArray<string> AccountableRoles { get; init; }
    /// <summary>Further findings, such as two primary holders of a single-official duty.</summary>
    public required ImmutableArray<string> Findings { get; init; }
    public required ImmutableArray<string> Unconfirmed { get; init; }
    /// <summary>
    /// Where its texts name a person by id (its findings and loss events); null in an assessment saved before
    /// mentions were listed. See <see cref="PersonMention"/>.
    /// </summary>
    public ImmutableArray<PersonMention>? Mentions { get; init; }
}
