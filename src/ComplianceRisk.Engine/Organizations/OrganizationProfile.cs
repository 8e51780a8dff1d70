using System.Collections.Immutable;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Engine.Organizations;

/// <summary>
/// Who the organization is (which decides which obligations apply) and how it calibrates the method.
/// Build one with <see cref="Create"/> or <see cref="ProfileReader"/>; both validate and resolve defaults.
/// </summary>
public sealed record OrganizationProfile
{
    public static readonly ImmutableArray<string> KnownOrgTypes =
        ["hospital", "health-system", "clinic", "payer", "clearinghouse", "health-it-developer", "business-associate"];

    public static readonly ImmutableArray<string> KnownJurisdictions = ["US", "US-NY", "US-TX", "US-CA", "EU", "UK"];

    public static readonly ImmutableArray<string> KnownAttributes =
        ["coveredEntity", "impactedPayer", "part2Program", "certifiedHealthIt", "acceptsPaymentCards", "hitrust"];

    public required string Id { get; init; }
    public string? Name { get; init; }
    public required ImmutableArray<string> OrgTypes { get; init; }
    /// <summary>As given, plus what they imply (US-NY implies US).</summary>
    public required ImmutableArray<string> Jurisdictions { get; init; }
    /// <summary>Every attribute of <see cref="KnownAttributes"/>, resolved: given, else the default for the organization types.</summary>
    public required ImmutableSortedDictionary<string, bool> Attributes { get; init; }
    public ProfilePolicy Policy { get; init; } = new();
    /// <summary>The organization's own job titles, mapped to catalog role ids.</summary>
    public ImmutableSortedDictionary<string, string> RoleAliases { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>
    /// Validates and resolves a profile. Unknown organization types, jurisdictions or attributes are errors;
    /// attributes not given take the default for the organization types (a hospital is a covered entity).
    /// </summary>
    public static ParseResult<OrganizationProfile> Create(
        string id,
        string? name,
        IEnumerable<string> orgTypes,
        IEnumerable<string> jurisdictions,
        IReadOnlyDictionary<string, bool>? attributes = null,
        ProfilePolicy? policy = null,
        IReadOnlyDictionary<string, string>? roleAliases = null)
    {
        var errors = new List<InputError>();
        var types = orgTypes.Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct().ToImmutableArray();
        var places = jurisdictions.Select(NormalizeJurisdiction).Where(j => j.Length > 0).Distinct().ToList();
        if (string.IsNullOrWhiteSpace(id)) errors.Add(new("id", "an organization id is required"));
        if (types.IsEmpty) errors.Add(new("orgTypes", $"at least one organization type is required (known: {string.Join(", ", KnownOrgTypes)})"));
        for (var i = 0; i < types.Length; i++)
            if (!KnownOrgTypes.Contains(types[i])) errors.Add(new($"orgTypes[{i}]", $"unknown organization type '{types[i]}' (known: {string.Join(", ", KnownOrgTypes)})"));
        if (places.Count == 0) errors.Add(new("jurisdictions", $"at least one jurisdiction is required (known: {string.Join(", ", KnownJurisdictions)})"));
        for (var i = 0; i < places.Count; i++)
            if (!KnownJurisdictions.Contains(places[i])) errors.Add(new($"jurisdictions[{i}]", $"unknown jurisdiction '{places[i]}' (known: {string.Join(", ", KnownJurisdictions)})"));
        foreach (var key in (attributes?.Keys ?? []).Order(StringComparer.Ordinal))
            if (!KnownAttributes.Contains(key)) errors.Add(new($"attributes.{key}", $"unknown attribute (known: {string.Join(", ", KnownAttributes)})"));
        errors.AddRange(CheckRoleAliases(roleAliases));
        policy ??= new();
        errors.AddRange(policy.Validate());
        if (errors.Count > 0) return ParseResult<OrganizationProfile>.Fail(errors);

        if (places.Any(p => p.StartsWith("US-", StringComparison.Ordinal)) && !places.Contains("US")) places.Add("US");
        var resolved = KnownAttributes.ToImmutableSortedDictionary(
            a => a, a => attributes is not null && attributes.TryGetValue(a, out var v) ? v : DefaultAttribute(a, types), StringComparer.Ordinal);
        return ParseResult<OrganizationProfile>.Ok(new OrganizationProfile
        {
            Id = id.Trim(),
            Name = string.IsNullOrWhiteSpace(name) ? null : name.Trim(),
            OrgTypes = types,
            Jurisdictions = [.. places.Order(StringComparer.Ordinal)],
            Attributes = resolved,
            Policy = policy,
            RoleAliases = (roleAliases ?? new Dictionary<string, string>()).ToImmutableSortedDictionary(StringComparer.Ordinal),
        });
    }

    /// <summary>
    /// Roster titles are matched whatever their case, spacing and punctuation (<see cref="NameKey"/>), so two aliases that
    /// differ only in those are one title: mapped to two roles, which one a roster's row lands on would be an accident.
    /// </summary>
    private static IEnumerable<InputError> CheckRoleAliases(IReadOnlyDictionary<string, string>? roleAliases)
    {
        var titles = new Dictionary<string, (string Alias, string RoleId)>(StringComparer.Ordinal);
        foreach (var (alias, roleId) in (roleAliases ?? new Dictionary<string, string>()).OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var key = NameKey.Of(alias);
            if (key.Length == 0)
                yield return new($"roleAliases.{alias}", "a title needs at least one letter or digit");
            else if (!titles.TryAdd(key, (alias, roleId)) && titles[key] is var first && first.RoleId != roleId)
                yield return new($"roleAliases.{alias}", $"is the same title as '{first.Alias}' (case, spaces and punctuation are ignored), which maps to '{first.RoleId}', not '{roleId}': keep one");
        }
    }

    private static string NormalizeJurisdiction(string j)
    {
        var t = j.Trim().ToUpperInvariant();
        return t.Length > 0 && KnownJurisdictions.Contains(t) ? t : j.Trim();
    }

    /// <summary>
    /// Defaults an organization would assume of itself: providers, payers and clearinghouses are HIPAA covered
    /// entities; providers take card payments; developers are presumed to hold certified health IT.
    /// Anything else must be said in the profile.
    /// </summary>
    private static bool DefaultAttribute(string attribute, ImmutableArray<string> types) => attribute switch
    {
        "coveredEntity" => types.Any(t => t is "hospital" or "health-system" or "clinic" or "payer" or "clearinghouse"),
        "acceptsPaymentCards" => types.Any(t => t is "hospital" or "health-system" or "clinic"),
        "certifiedHealthIt" => types.Contains("health-it-developer"),
        _ => false,
    };

    /// <summary>Does the obligation's condition hold for this organization?</summary>
    public bool Matches(Applicability condition) =>
        (condition.OrgTypes is not { } types || types.Any(OrgTypes.Contains))
        && (condition.Jurisdictions is not { } places || places.Any(Jurisdictions.Contains))
        && (condition.Attributes is not { } attributes || attributes.All(a => Attributes.GetValueOrDefault(a.Key) == a.Value))
        && (condition.AnyOf is not { } any || any.Any(Matches));

    /// <summary>The catalog's method with this organization's calibrations applied.</summary>
    public CatalogMethod EffectiveMethod(CatalogMethod method)
    {
        var calibration = $"{Id} organization calibration";
        var rates = method.Attrition.Rates;
        foreach (var (type, rate) in Policy.AttritionRates)
            rates = rates.SetItem(type, new AttritionRate(rate, calibration));
        var a = method.Attrition;
        var w = method.Windows;
        return method with
        {
            Attrition = a with
            {
                Rates = rates,
                NewInRoleMultiplier = Policy.NewInRoleMultiplier ?? a.NewInRoleMultiplier,
                NewInRoleMonths = Policy.NewInRoleMonths ?? a.NewInRoleMonths,
                NewInRoleSource = Policy.NewInRoleMultiplier is null && Policy.NewInRoleMonths is null ? a.NewInRoleSource : calibration,
            },
            FragileProbability = Policy.FragileProbability ?? method.FragileProbability,
            Windows = w with
            {
                CertExpiringDays = Policy.CertExpiringDays ?? w.CertExpiringDays,
                DeparturePendingDays = Policy.DeparturePendingDays ?? w.DeparturePendingDays,
                InterimMaxDays = Policy.InterimMaxDays ?? w.InterimMaxDays,
                TrainingCadenceMonths = Policy.TrainingCadenceMonths ?? w.TrainingCadenceMonths,
            },
        };
    }
}

/// <summary>How rosters write dates like 03/04/2026 when nothing else tells.</summary>
public enum DateOrder { MonthFirst, DayFirst }

/// <summary>An organization's calibrations; anything left null takes the catalog's value.</summary>
public sealed record ProfilePolicy
{
    public int? TrainingCadenceMonths { get; init; }
    public int? CertExpiringDays { get; init; }
    public int? DeparturePendingDays { get; init; }
    public int? InterimMaxDays { get; init; }
    public double? FragileProbability { get; init; }
    // Left out of the assessment id's text when not given (Assessor.ContentId writes the profile), so that the id of an
    // assessment whose profile does not calibrate them stays what it was before the profile could.
    /// <summary>How much more often someone new in their role leaves (the catalog's <c>newInRoleMultiplier</c>, 1-10).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? NewInRoleMultiplier { get; init; }
    /// <summary>Months in a role under which someone counts as new to it (the catalog's <c>newInRoleMonths</c>, 0-60).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? NewInRoleMonths { get; init; }
    /// <summary>Annual loss probability by employment type, replacing the catalog default.</summary>
    public ImmutableSortedDictionary<EmploymentType, double> AttritionRates { get; init => field = value ?? ImmutableSortedDictionary<EmploymentType, double>.Empty; } = ImmutableSortedDictionary<EmploymentType, double>.Empty;
    /// <summary>How to read an ambiguous date such as 03/04/2026; null: day first for EU/UK-only organizations, else month first.</summary>
    public DateOrder? DateOrder { get; init; }

    internal IEnumerable<InputError> Validate()
    {
        // The catalog's windows these replace, held to the same bounds.
        foreach (var (name, value) in new[] { ("trainingCadenceMonths", TrainingCadenceMonths), ("certExpiringDays", CertExpiringDays), ("departurePendingDays", DeparturePendingDays), ("interimMaxDays", InterimMaxDays) })
            if (value is { } given && AssessmentWindows.Problem(name, given) is { } problem) yield return new($"policy.{name}", problem);
        if (FragileProbability is { } f && (f <= 0 || f > 1)) yield return new("policy.fragileProbability", "must be above 0 and at most 1");
        if (NewInRoleMultiplier is { } multiplier && AttritionModel.MultiplierProblem(multiplier) is { } multiplierProblem)
            yield return new("policy.newInRoleMultiplier", multiplierProblem);
        if (NewInRoleMonths is { } months && AttritionModel.MonthsProblem(months) is { } monthsProblem)
            yield return new("policy.newInRoleMonths", monthsProblem);
        foreach (var (type, rate) in AttritionRates)
            if (rate is < 0 or > 1 || double.IsNaN(rate)) yield return new($"policy.attritionRates.{type.ToString().ToLowerInvariant()}", $"{rate} is outside 0-1");
    }
}

public static class OrganizationProfileChecks
{
    /// <summary>Errors in the parts of a profile that refer to a catalog (its role aliases).</summary>
    public static IEnumerable<InputError> CheckAgainst(this OrganizationProfile profile, Catalog catalog)
    {
        foreach (var (alias, roleId) in profile.RoleAliases)
            if (catalog.FindRole(roleId) is null)
                yield return new InputError($"roleAliases.{alias}", $"unknown role id '{roleId}' in catalog '{catalog.Id}'");
    }
}
