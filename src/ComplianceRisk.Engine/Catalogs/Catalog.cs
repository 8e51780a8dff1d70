using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace ComplianceRisk.Engine.Catalogs;

/// <summary>
/// Competencies, certifications, roles, obligations and the scoring method, versioned as one document.
/// Build one with <see cref="CatalogReader"/>, which validates every cross-reference; the lookups below
/// assume a validated catalog.
/// </summary>
public sealed record Catalog
{
    /// <summary>Where editors find the JSON Schema (<c>schemas/catalog.schema.json</c>); not part of the content.</summary>
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    public required string Id { get; init; }
    public required string Version { get; init; }
    public required string Title { get; init; }
    public required CatalogMethod Method { get; init; }
    public required ImmutableArray<Regime> Regimes { get; init; }
    public required ImmutableArray<Competency> Competencies { get; init; }
    public required ImmutableArray<Certification> Certifications { get; init; }
    public required ImmutableArray<Role> Roles { get; init; }
    public required ImmutableArray<Obligation> Obligations { get; init; }

    /// <summary>SHA-256 (lower-case hex) of the catalog document's bytes, so a register can name exactly what it used.</summary>
    public string Sha256 { get; init => field = value ?? ""; } = "";

    public Role? FindRole(string id) => Index(Roles, ref _roles, r => r.Id).GetValueOrDefault(id);
    public Role GetRole(string id) => FindRole(id) ?? throw new KeyNotFoundException($"No role '{id}' in catalog '{Id}'.");
    public Competency? FindCompetency(string id) => Index(Competencies, ref _competencies, c => c.Id).GetValueOrDefault(id);
    public Certification? FindCertification(string id) => Index(Certifications, ref _certifications, c => c.Id).GetValueOrDefault(id);
    public Regime? FindRegime(string id) => Index(Regimes, ref _regimes, r => r.Id).GetValueOrDefault(id);

    // Lookups sit on the assessment's hot path; each index remembers the array it was built from, so a
    // copy made with `with { Roles = … }` never answers from a stale index. An index is published as one
    // reference, complete and never changed after, so concurrent requests sharing one catalog (as the Functions
    // app does) can all read it; two threads may both build the first one, and either is the same.
    private IndexOf<Role>? _roles;
    private IndexOf<Competency>? _competencies;
    private IndexOf<Certification>? _certifications;
    private IndexOf<Regime>? _regimes;

    private sealed record IndexOf<T>(ImmutableArray<T> Source, Dictionary<string, T> Index);

    private static Dictionary<string, T> Index<T>(ImmutableArray<T> items, ref IndexOf<T>? cache, Func<T, string> id)
    {
        if (cache is { } c && c.Source == items) return c.Index;
        var index = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items) index.TryAdd(id(item), item);
        cache = new IndexOf<T>(items, index);
        return index;
    }
}

public sealed record Regime(string Id, string Name);

/// <summary>A skill the catalog measures on the 0-4 scale of <see cref="ProficiencyLevel"/>.</summary>
public sealed record Competency(string Id, string Name, string Domain, string? Description = null);

/// <summary>A competency at a minimum proficiency level (0 none … 4 expert).</summary>
public sealed record CompetencyLevel(string Competency, int Level);

/// <summary>
/// A certification is evidence, not a mandate: while current it raises the holder's evidenced level of
/// each competency in <see cref="Evidences"/> to at least the level given there.
/// </summary>
public sealed record Certification
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Issuer { get; init; }
    /// <summary>Other ways rosters write it ("Security+", "CompTIA Security Plus").</summary>
    public ImmutableArray<string> Spellings { get; init => field = value.IsDefault ? [] : value; } = [];
    public required ImmutableArray<CompetencyLevel> Evidences { get; init; }
}

public enum CertificationPolicyMode
{
    /// <summary>Certifications play no part in qualification beyond the levels they evidence.</summary>
    None,
    /// <summary>Accepted certifications are listed as good evidence; none is required.</summary>
    Evidence,
    /// <summary>The organization requires a current accepted certification to be qualified.</summary>
    RequiredByOrg,
}

public sealed record CertificationPolicy(CertificationPolicyMode Mode, ImmutableArray<string> Accepted);

public sealed record RoleRequirement(string Competency, int Level, bool Critical);

/// <summary>Which dated roster fact a currency rule looks at.</summary>
public enum CurrencyEvidence
{
    /// <summary><c>last_exercise_date</c>: an incident-response or recovery exercise.</summary>
    Exercise,
    /// <summary><c>last_training_date</c>: role or privacy/security training.</summary>
    Training,
}

/// <summary>"Took part in an incident-response exercise within 12 months" and the like.</summary>
public sealed record CurrencyRule(string Id, CurrencyEvidence Evidence, int WithinMonths, string Description)
{
    /// <summary>Five years: evidence older than that is not current.</summary>
    public const int MaxWithinMonths = 60;
}

public sealed record Role
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public ImmutableArray<string> Aliases { get; init => field = value.IsDefault ? [] : value; } = [];
    /// <summary>1 most critical … 3 least.</summary>
    public required int Tier { get; init; }
    public required ImmutableArray<RoleRequirement> Requires { get; init; }
    public required CertificationPolicy CertificationPolicy { get; init; }
    public required double MinExperienceYears { get; init; }
    /// <summary>Qualified people the role needs; tier 1 usually 2 (a primary and a qualified backup).</summary>
    public required int RequiredQualified { get; init; }
    public ImmutableArray<CurrencyRule> Currency { get; init => field = value.IsDefault ? [] : value; } = [];
}

public enum ObligationLifecycle { Final, Proposed, Voluntary }

public sealed record Obligation
{
    public required string Id { get; init; }
    public required string Citation { get; init; }
    /// <summary>Id of a <see cref="Catalogs.Regime"/>.</summary>
    public required string Regime { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required Applicability AppliesWhen { get; init; }
    public DateOnly? EffectiveDate { get; init; }
    /// <summary>When the organization must comply; null when not yet known (a proposed rule).</summary>
    public DateOnly? ComplianceDate { get; init; }
    public required ObligationLifecycle Status { get; init; }
    /// <summary>Facts carried from the reference that could not be confirmed; printed, never hidden.</summary>
    public ImmutableArray<string> Unconfirmed { get; init => field = value.IsDefault ? [] : value; } = [];
    /// <summary>1 minor … 5 severe consequence of failing it.</summary>
    public required int Severity { get; init; }
    public required ImmutableArray<CompetencyLevel> Requires { get; init; }
    public required ImmutableArray<string> AccountableRoles { get; init; }
    public required int MinQualified { get; init; }
    /// <summary>Discharged only by one named official (HIPAA security official, privacy official, NY CISO).</summary>
    public bool Designation { get; init; }
    public required string Source { get; init; }
}

/// <summary>
/// When an obligation applies to an organization. Every property that is set must hold; within a list any
/// one value is enough; <see cref="AnyOf"/> holds when one of its conditions does. An empty condition always holds.
/// </summary>
public sealed record Applicability
{
    public ImmutableArray<string>? OrgTypes { get; init; }
    public ImmutableArray<string>? Jurisdictions { get; init; }
    public ImmutableDictionary<string, bool>? Attributes { get; init; }
    public ImmutableArray<Applicability>? AnyOf { get; init; }
}
