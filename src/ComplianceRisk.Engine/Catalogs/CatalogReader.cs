using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using ComplianceRisk.Engine.Organizations;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Engine.Catalogs;

/// <summary>
/// Reads a catalog document and validates it as a whole: every error is reported with the path that
/// names it (<c>roles[3].requires[1].competency: unknown id 'fhirr'</c>), not only the first. A value of the wrong
/// kind is one error, and what it holds is not looked into.
/// </summary>
public static partial class CatalogReader
{
    /// <summary>Catalogs are small; anything larger is not a catalog.</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    public static ParseResult<Catalog> Read(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxBytes)
            return ParseResult<Catalog>.Fail("", $"the catalog is {utf8Json.Length:N0} bytes; the limit is {MaxBytes:N0}");
        // Every error at once: what does not fit the schema (JsonInput lists each, DocumentShape), then what Validate finds
        // in the catalog with those parts mended.
        var read = JsonInput.Read(utf8Json, EngineJsonContext.Default.Catalog,
            catalog => Validate(catalog) is { Count: > 0 } errors ? ParseResult<Catalog>.Fail(errors) : ParseResult<Catalog>.Ok(catalog));
        if (!read.Success) return read;
        return ParseResult<Catalog>.Ok(read.Value with { Sha256 = Convert.ToHexStringLower(SHA256.HashData(utf8Json)) });
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*$")]
    private static partial Regex IdPattern();

    private static List<InputError> Validate(Catalog c)
    {
        var errors = new List<InputError>();
        void Error(string path, string message) => errors.Add(new InputError(path, message));

        void CheckIds<T>(string collection, ImmutableArray<T> items, Func<T, string> id)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < items.Length; i++)
            {
                var value = id(items[i]);
                if (!IdPattern().IsMatch(value)) Error($"{collection}[{i}].id", $"'{value}' is not a valid id (lower-case letters, digits, '-' and '.')");
                else if (!seen.TryAdd(value, i)) Error($"{collection}[{i}].id", $"duplicate id '{value}' (also {collection}[{seen[value]}])");
            }
        }

        if (!IdPattern().IsMatch(c.Id)) Error("id", $"'{c.Id}' is not a valid id");
        CheckIds("regimes", c.Regimes, r => r.Id);
        CheckIds("competencies", c.Competencies, x => x.Id);
        CheckIds("certifications", c.Certifications, x => x.Id);
        CheckIds("roles", c.Roles, x => x.Id);
        CheckIds("obligations", c.Obligations, x => x.Id);

        var competencies = c.Competencies.Select(x => x.Id).ToHashSet(StringComparer.Ordinal);
        var certifications = c.Certifications.Select(x => x.Id).ToHashSet(StringComparer.Ordinal);
        var roles = c.Roles.Select(x => x.Id).ToHashSet(StringComparer.Ordinal);
        var regimes = c.Regimes.Select(x => x.Id).ToHashSet(StringComparer.Ordinal);

        void CheckCompetency(string path, string id, int level, int minLevel)
        {
            if (!competencies.Contains(id)) Error(path + ".competency", $"unknown id '{id}'");
            if (level < minLevel || level > ProficiencyLevel.Expert) Error(path + ".level", $"{level} is outside {minLevel}-{ProficiencyLevel.Expert}");
        }

        // A competency required twice has two levels, and which one holds would be an accident (a role's were kept in a
        // map by competency, and the assessment stopped at the second).
        void CheckRequiredOnce(string path, IEnumerable<string> required)
        {
            var first = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (id, j) in required.Select((id, j) => (id, j)))
                if (!first.TryAdd(id, j))
                    Error($"{path}.requires[{j}].competency", $"'{id}' is already required by {path}.requires[{first[id]}]; give each competency once, at the level needed");
        }

        CheckMethod(c.Method, Error);

        var spellings = new Dictionary<string, (string Id, string Written)>(StringComparer.Ordinal);
        for (var i = 0; i < c.Certifications.Length; i++)
        {
            var cert = c.Certifications[i];
            if (cert.Evidences.IsEmpty) Error($"certifications[{i}].evidences", "a certification must evidence at least one competency level");
            for (var j = 0; j < cert.Evidences.Length; j++)
                CheckCompetency($"certifications[{i}].evidences[{j}]", cert.Evidences[j].Competency, cert.Evidences[j].Level, 1);
            foreach (var (spelling, member) in Names($"certifications[{i}]", cert.Id, "name", cert.Name, "spellings", cert.Spellings))
            {
                var key = NameKey.Of(spelling);
                if (spellings.TryGetValue(key, out var other) && other.Id != cert.Id)
                    Error(member, $"'{spelling}' also names certification '{other.Id}'{SpelledAs(spelling, other.Written)}");
                else spellings.TryAdd(key, (cert.Id, spelling));
            }
        }

        var names = new Dictionary<string, (string Id, string Written)>(StringComparer.Ordinal);
        for (var i = 0; i < c.Roles.Length; i++)
        {
            var role = c.Roles[i];
            var path = $"roles[{i}]";
            if (role.Tier is < 1 or > 3) Error(path + ".tier", $"{role.Tier} is outside 1-3");
            if (role.RequiredQualified < 1) Error(path + ".requiredQualified", "must be at least 1");
            if (role.MinExperienceYears is < 0 or > 50) Error(path + ".minExperienceYears", $"{role.MinExperienceYears} is outside 0-50");
            if (role.Requires.IsEmpty) Error(path + ".requires", "a role must require at least one competency");
            else if (!role.Requires.Any(r => r.Critical)) Error(path + ".requires", "at least one requirement must be critical, or nobody could be unqualified");
            for (var j = 0; j < role.Requires.Length; j++)
                CheckCompetency($"{path}.requires[{j}]", role.Requires[j].Competency, role.Requires[j].Level, 1);
            CheckRequiredOnce(path, role.Requires.Select(r => r.Competency));
            for (var j = 0; j < role.CertificationPolicy.Accepted.Length; j++)
                if (!certifications.Contains(role.CertificationPolicy.Accepted[j]))
                    Error($"{path}.certificationPolicy.accepted[{j}]", $"unknown id '{role.CertificationPolicy.Accepted[j]}'");
            if (role.CertificationPolicy.Mode == CertificationPolicyMode.RequiredByOrg && role.CertificationPolicy.Accepted.IsEmpty)
                Error(path + ".certificationPolicy.accepted", "required-by-org needs at least one accepted certification");
            // A rule's id is what a CURRENCY_LAPSED flag names: two rules of one id in a role could not be told apart.
            CheckIds($"{path}.currency", role.Currency, r => r.Id);
            for (var j = 0; j < role.Currency.Length; j++)
                if (Bounds.Problem(role.Currency[j].WithinMonths, 1, CurrencyRule.MaxWithinMonths) is { } problem) Error($"{path}.currency[{j}].withinMonths", problem);
            foreach (var (name, member) in Names(path, role.Id, "title", role.Title, "aliases", role.Aliases))
            {
                var key = NameKey.Of(name);
                if (names.TryGetValue(key, out var other) && other.Id != role.Id) Error(member, $"'{name}' also names role '{other.Id}'{SpelledAs(name, other.Written)}");
                else names.TryAdd(key, (role.Id, name));
            }
        }

        for (var i = 0; i < c.Obligations.Length; i++)
        {
            var o = c.Obligations[i];
            var path = $"obligations[{i}]";
            if (!regimes.Contains(o.Regime)) Error(path + ".regime", $"unknown id '{o.Regime}'");
            if (o.Severity is < 1 or > 5) Error(path + ".severity", $"{o.Severity} is outside 1-5");
            if (o.MinQualified < 1) Error(path + ".minQualified", "must be at least 1");
            if (o.Designation && o.MinQualified != 1) Error(path + ".minQualified", "a designation duty is discharged by one named official: use 1");
            if (o.AccountableRoles.IsEmpty) Error(path + ".accountableRoles", "at least one accountable role is needed");
            for (var j = 0; j < o.AccountableRoles.Length; j++)
                if (!roles.Contains(o.AccountableRoles[j])) Error($"{path}.accountableRoles[{j}]", $"unknown id '{o.AccountableRoles[j]}'");
            for (var j = 0; j < o.Requires.Length; j++)
                CheckCompetency($"{path}.requires[{j}]", o.Requires[j].Competency, o.Requires[j].Level, 1);
            CheckRequiredOnce(path, o.Requires.Select(r => r.Competency));
            if (o.EffectiveDate is { } eff && o.ComplianceDate is { } comp && comp < eff)
                Error(path + ".complianceDate", $"{comp:yyyy-MM-dd} is before the effective date {eff:yyyy-MM-dd}");
            CheckApplicability(path + ".appliesWhen", o.AppliesWhen, Error);
        }
        return errors;
    }

    private static void CheckMethod(CatalogMethod m, Action<string, string> error)
    {
        foreach (var type in Enum.GetValues<EmploymentType>())
        {
            var key = $"method.attrition.rates.{JsonNamingPolicy.KebabCaseLower.ConvertName(type.ToString())}";
            if (!m.Attrition.Rates.TryGetValue(type, out var rate)) error(key, "missing: every employment type needs a rate");
            else if (rate.AnnualRate is < 0 or > 1 || double.IsNaN(rate.AnnualRate)) error(key + ".annualRate", $"{rate.AnnualRate} is outside 0-1");
        }
        if (AttritionModel.MultiplierProblem(m.Attrition.NewInRoleMultiplier) is { } multiplier) error("method.attrition.newInRoleMultiplier", multiplier);
        if (AttritionModel.MonthsProblem(m.Attrition.NewInRoleMonths) is { } newInRole) error("method.attrition.newInRoleMonths", newInRole);
        if (m.FragileProbability is <= 0 or > 1) error("method.fragileProbability", "must be above 0 and at most 1");
        CheckScoring(m.Scoring, error);
        foreach (var (name, value) in m.Windows.Named())
            if (AssessmentWindows.Problem(name, value) is { } problem) error("method.windows." + name, problem);
    }

    private static void CheckScoring(ScoringMethod s, Action<string, string> error)
    {
        var codes = Assessments.FlagCodeNames.All;
        foreach (var code in codes.Where(c => !s.FlagPoints.ContainsKey(c))) error("method.scoring.flagPoints", $"missing points for {code}");
        foreach (var key in s.FlagPoints.Keys.Where(k => !codes.Contains(k))) error($"method.scoring.flagPoints.{key}", $"not a flag code (known: {string.Join(", ", codes)})");
        foreach (var code in ScoringMethod.CoverageFactors.Where(c => !s.CoveragePoints.ContainsKey(c))) error("method.scoring.coveragePoints", $"missing points for {code}");
        foreach (var key in s.CoveragePoints.Keys.Where(k => !ScoringMethod.CoverageFactors.Contains(k))) error($"method.scoring.coveragePoints.{key}", $"not a coverage factor (known: {string.Join(", ", ScoringMethod.CoverageFactors)})");
        foreach (var (key, points) in s.FlagPoints.Concat(s.CoveragePoints))
            if (points is < 0 or > 5) error($"method.scoring.{(s.FlagPoints.ContainsKey(key) ? "flagPoints" : "coveragePoints")}.{key}", $"{points} is outside 0-5");
        for (var i = 0; i < s.ProbabilityBands.Length; i++)
        {
            var band = s.ProbabilityBands[i];
            if (band.AtLeast is <= 0 or > 1) error($"method.scoring.probabilityBands[{i}].atLeast", "must be above 0 and at most 1");
            if (band.Likelihood is < 1 or > 5) error($"method.scoring.probabilityBands[{i}].likelihood", $"{band.Likelihood} is outside 1-5");
            if (i > 0 && band.AtLeast >= s.ProbabilityBands[i - 1].AtLeast) error($"method.scoring.probabilityBands[{i}].atLeast", "bands must be in decreasing order of probability");
        }
        if (s.TierImpact.Length != 3) error("method.scoring.tierImpact", "give the impact of tiers 1, 2 and 3");
        for (var i = 0; i < s.TierImpact.Length; i++)
            if (s.TierImpact[i] is < 1 or > 5) error($"method.scoring.tierImpact[{i}]", $"{s.TierImpact[i]} is outside 1-5");
        for (var i = 0; i < s.RatingBands.Length; i++)
        {
            var band = s.RatingBands[i];
            if (band.MinScore is < 1 or > 25) error($"method.scoring.ratingBands[{i}].minScore", $"{band.MinScore} is outside 1-25");
            if (Bounds.Problem(band.ResponseDays, 1, RatingBand.MaxResponseDays) is { } problem) error($"method.scoring.ratingBands[{i}].responseDays", problem);
            if (i > 0 && band.MinScore >= s.RatingBands[i - 1].MinScore) error($"method.scoring.ratingBands[{i}].minScore", "bands must be in decreasing order of score");
        }
        if (s.RatingBands.IsEmpty || s.RatingBands[^1].MinScore != 1) error("method.scoring.ratingBands", "the last band must start at score 1 so every score has a rating");
        foreach (var rating in Enum.GetValues<RiskRating>().Where(r => s.RatingBands.Count(b => b.Rating == r) != 1))
            error("method.scoring.ratingBands", $"{rating} must appear exactly once");
    }

    /// <summary>The names a roster may write for a role or certification (id, title or name, then each alias or spelling), each with the member that gives it.</summary>
    private static IEnumerable<(string Name, string Member)> Names(string path, string id, string nameMember, string name, string listMember, ImmutableArray<string> list) =>
        list.Select((written, k) => (written, $"{path}.{listMember}[{k}]")).Prepend((name, $"{path}.{nameMember}")).Prepend((id, $"{path}.id"));

    /// <summary>Names match whatever their case, spacing and punctuation (<see cref="NameKey"/>): when the clash is not letter for letter, say what it matched.</summary>
    private static string SpelledAs(string name, string other) =>
        name == other ? "" : $" (as '{other}': case, spaces and punctuation are ignored)";

    private static void CheckApplicability(string path, Applicability a, Action<string, string> error)
    {
        if (a.OrgTypes is { IsEmpty: true }) error(path + ".orgTypes", "an empty list of organization types can never hold");
        if (a.Jurisdictions is { IsEmpty: true }) error(path + ".jurisdictions", "an empty list of jurisdictions can never hold");
        if (a.OrgTypes is { } types)
            for (var i = 0; i < types.Length; i++)
                if (!OrganizationProfile.KnownOrgTypes.Contains(types[i])) error($"{path}.orgTypes[{i}]", $"unknown organization type '{types[i]}' (known: {string.Join(", ", OrganizationProfile.KnownOrgTypes)})");
        if (a.Jurisdictions is { } places)
            for (var i = 0; i < places.Length; i++)
                if (!OrganizationProfile.KnownJurisdictions.Contains(places[i])) error($"{path}.jurisdictions[{i}]", $"unknown jurisdiction '{places[i]}' (known: {string.Join(", ", OrganizationProfile.KnownJurisdictions)})");
        if (a.Attributes is { } attributes)
            foreach (var name in attributes.Keys.Order(StringComparer.Ordinal))
                if (!OrganizationProfile.KnownAttributes.Contains(name)) error($"{path}.attributes.{name}", $"unknown attribute (known: {string.Join(", ", OrganizationProfile.KnownAttributes)})");
        if (a.AnyOf is { } any)
        {
            if (any.IsEmpty) error(path + ".anyOf", "an empty anyOf can never hold");
            for (var i = 0; i < any.Length; i++) CheckApplicability($"{path}.anyOf[{i}]", any[i], error);
        }
    }
}
