using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Organizations;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Engine.Assessments;

/// <summary>
/// Assesses a roster against a catalog for one organization as of a date. Pure and deterministic: no
/// clock, no I/O; the same inputs give an equal result with the same id.
/// </summary>
public sealed class Assessor(Catalog catalog)
{
    public static string EngineVersion { get; } =
        typeof(Assessor).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public Assessment Assess(OrganizationProfile profile, Roster roster, AssessmentOptions options)
    {
        var asOf = options.AsOf;
        var method = profile.EffectiveMethod(catalog.Method);
        var qualification = new Qualification(catalog);
        var warnings = roster.Warnings.ToList();

        var without = options.Without.ToHashSet(StringComparer.Ordinal);
        var active = new Dictionary<string, Person>(roster.People.Length, StringComparer.Ordinal);
        foreach (var person in roster.People)
        {
            if (without.Contains(person.Id)) continue;
            if (Gone(roster, person, asOf) is { } gone)
            {
                warnings.Add(gone);
                continue;
            }
            active[person.Id] = person;
        }

        var seats = new List<Seat>(roster.Assignments.Length);
        foreach (var assignment in roster.Assignments)
            if (active.TryGetValue(assignment.PersonId, out var holder)) seats.Add(new Seat(holder, assignment));
        var state = RosterState.Create(catalog, seats);

        var applicable = catalog.Obligations.Where(o => profile.Matches(o.AppliesWhen)).ToList();

        // A role is assessed when the roster lists it (even if everyone in it has left or is removed by a
        // what-if: it is then VACANT) or an applicable final obligation needs it; a small clinic is not told
        // its vacant AI-governance seat is a risk when nothing requires one.
        var inScope = applicable.Where(o => o.Status == ObligationLifecycle.Final).SelectMany(o => o.AccountableRoles)
            .Concat(roster.Assignments.Select(a => a.RoleId)).ToHashSet(StringComparer.Ordinal);
        var rules = new RoleFlagRules(catalog, method, asOf, qualification);
        var roles = catalog.Roles
            .Where(r => inScope.Contains(r.Id))
            .Select(r => rules.Assess(r, state))
            .ToImmutableArray();
        // After the roles: obligations read who is qualified for each role from their assessment.
        var coverage = new ObligationCoverage(catalog, method, asOf, qualification, rules);
        var obligations = applicable.Select(o => coverage.Assess(o, state)).ToImmutableArray();

        var risks = options.Treatments.ApplyTo(
            new Risks.RiskRegister(catalog, method, asOf, qualification, rules, coverage, applicable).Build(state, roles, obligations), asOf);
        (roles, obligations, risks) = PersonMentions.Unmark(roles, obligations, risks);
        warnings.AddRange(options.Treatments.UnmatchedWarnings(risks));
        var assessment = new Assessment
        {
            AssessmentId = "",
            Organization = new OrganizationSummary(profile.Id, profile.Name, profile.OrgTypes, profile.Jurisdictions, profile.Attributes)
            {
                Policy = profile.Policy == new Organizations.ProfilePolicy() ? null : profile.Policy,
            },
            AsOf = asOf,
            EngineVersion = EngineVersion,
            Catalog = new CatalogReference(catalog.Id, catalog.Version, catalog.Sha256),
            Roster = new RosterReference(roster.Sha256, roster.Sheet, roster.Rows, roster.People.Length),
            Options = new AssessmentOptionsSummary([.. without.Order(StringComparer.Ordinal)]),
            Summary = Risks.Readiness.Summarize(catalog, obligations, risks),
            Roles = roles,
            RolesNotInScope = [.. catalog.Roles.Select(r => r.Id).Where(id => !roles.Any(r => r.RoleId == id))],
            Obligations = obligations,
            ObligationsNotApplicable = [.. catalog.Obligations.Where(o => !applicable.Contains(o)).Select(o => o.Id)],
            Risks = risks,
            Warnings = [.. warnings.OrderBy(w => w.Row ?? 0)],
        };
        return assessment with { AssessmentId = ContentId(profile, roster, options) };
    }

    /// <summary>
    /// Why a person of the roster is not counted as of <paramref name="asOf"/>: they left before it, or the contract of
    /// a contractor, vendor or MSP ended before it (DESIGN §4: a departure already past excludes the person). Null when
    /// they are still here. The warning an assessment gives for them.
    /// </summary>
    public static RosterWarning? Gone(Roster roster, Person person, DateOnly asOf)
    {
        if (person.Departure is { } left && left < asOf)
            return new RosterWarning(roster.Sheet, person.Rows.FirstOrDefault(), roster.Columns.GetValueOrDefault("departure_date", "departure_date"), Day(left), "DEPARTED",
                $"{person.Id} left on {Day(left)}, before the as-of date {Day(asOf)}; they are not counted",
                "Remove the person's rows, or correct the departure date if they are still here.") { PersonId = person.Id };
        if (person.EmploymentType.IsExternal() && person.ContractEnd is { } ended && ended < asOf)
            return new RosterWarning(roster.Sheet, person.Rows.FirstOrDefault(), roster.Columns.GetValueOrDefault("contract_end_date", "contract_end_date"), Day(ended), "CONTRACT_ENDED",
                $"{person.Id}'s contract ended on {Day(ended)}, before the as-of date {Day(asOf)}; they are not counted",
                "Remove the person's rows, or enter the renewed contract's end date.") { PersonId = person.Id };
        return null;
    }

    /// <summary>A content hash of every input, so an assessment id names exactly what was assessed.</summary>
    private string ContentId(OrganizationProfile profile, Roster roster, AssessmentOptions options)
    {
        var text = new StringBuilder()
            .Append("roster:").AppendLine(roster.Sha256)
            .Append("catalog:").AppendLine(catalog.Sha256)
            .Append("profile:").AppendLine(JsonSerializer.Serialize(profile, EngineJson.Options))
            .Append("asOf:").AppendLine(Day(options.AsOf))
            .Append("without:").AppendLine(string.Join(",", options.Without.Distinct().Order(StringComparer.Ordinal)))
            .Append("treatments:").AppendLine(JsonSerializer.Serialize(options.Treatments.Treatments, EngineJson.Options))
            .Append("engine:").AppendLine(EngineVersion)
            .ToString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
