using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Engine.Risks;

/// <summary>A person considered for an action, with how far they are from what it needs.</summary>
internal sealed record Prospect(Person Person, int Distance, IReadOnlyList<Shortfall.CompetencyGap> Gaps, string Reason);

/// <summary>
/// Picks the people actions name (DESIGN §5 "Responses"): backup candidates ranked by weighted competency
/// distance (critical requirements count double), never overloaded or leaving, employees first; mentors at
/// least one level above the mentee on every gap competency and at the required level.
/// </summary>
internal sealed class Candidates(Catalog catalog, CatalogMethod method, DateOnly asOf, Qualification qualification)
{
    public const int MaxNamed = 3;

    // Every risk of one assessment searches the same roster: who is available, and at what evidenced
    // levels, is worked out once per state and per person rather than once per risk.
    private (RosterState State, List<Person> People)? _available;
    private readonly Dictionary<Person, Dictionary<string, int>> _levels = new(ReferenceEqualityComparer.Instance);

    /// <summary>People who can take more on: not leaving within the horizon and not overloaded.</summary>
    private List<Person> Available(RosterState state)
    {
        if (_available is { } cached && ReferenceEquals(cached.State, state)) return cached.People;
        var horizon = asOf.AddMonths(method.Windows.HorizonMonths);
        var people = state.People.Where(person =>
            !(person.Departure is { } d && d < horizon)
            && !(person.EmploymentType.IsExternal() && person.ContractEnd is { } c && c < horizon)
            && !state.LoadOf(person.Id).IsOverloaded).ToList();
        _available = (state, people);
        return people;
    }

    private int Level(Person person, string competency)
    {
        if (!_levels.TryGetValue(person, out var levels))
        {
            var current = Qualification.CurrentOn(person, asOf).ToList();
            levels = catalog.Competencies.ToDictionary(c => c.Id, c => qualification.EvidencedLevel(person, c.Id, current), StringComparer.Ordinal);
            _levels[person] = levels;
        }
        return levels.GetValueOrDefault(competency);
    }

    /// <summary>Levels the role (and the obligation, if any) needs, the higher of the two per competency.</summary>
    public static IReadOnlyList<(string Competency, int Level, bool Critical)> Needs(Role role, Obligation? obligation)
    {
        var needs = role.Requires.ToDictionary(r => r.Competency, r => (r.Level, r.Critical), StringComparer.Ordinal);
        foreach (var r in obligation?.Requires ?? [])
            needs[r.Competency] = needs.TryGetValue(r.Competency, out var n) ? (Math.Max(n.Level, r.Level), true) : (r.Level, true);
        return [.. needs.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => (n.Key, n.Value.Level, n.Value.Critical))];
    }

    private IReadOnlyList<Shortfall.CompetencyGap> Gaps(Person person, IEnumerable<(string Competency, int Level, bool Critical)> needs) =>
        [.. needs.Select(n => new Shortfall.CompetencyGap(n.Competency, Level(person, n.Competency), n.Level)).Where(g => g.Level < g.Required)];

    /// <summary>
    /// People who could be trained into the role within the response window: not already holding it (unless
    /// <paramref name="includeHolders"/>), with the role's minimum experience, available and not overloaded.
    /// </summary>
    public IReadOnlyList<Prospect> Backups(RosterState state, Role role, Obligation? obligation, bool employeesOnly = false, bool includeHolders = false)
    {
        var needs = Needs(role, obligation);
        var ranked = new List<(Person Person, int Distance)>();
        foreach (var person in Available(state))
        {
            if (employeesOnly && person.EmploymentType.IsExternal()) continue;
            if (!(person.YearsExperience >= role.MinExperienceYears)) continue;
            if (!includeHolders && Holds(state, person, role)) continue;
            var distance = 0;
            foreach (var need in needs)
            {
                var missing = need.Level - Level(person, need.Competency);
                if (missing > 0) distance += missing * (need.Critical ? 2 : 1);
            }
            ranked.Add((person, distance));
        }
        // Rank everyone cheaply; describe only those who are named.
        return [.. ranked
            .OrderBy(p => p.Person.EmploymentType.IsExternal())
            .ThenBy(p => p.Distance)
            .ThenBy(p => p.Person.Id, StringComparer.Ordinal)
            .Take(MaxNamed)
            .Select(p =>
            {
                var gaps = Gaps(p.Person, needs);
                var reason = (p.Person.EmploymentType.IsExternal() ? p.Person.EmploymentType.ToString().ToLowerInvariant() : "employee")
                    + (gaps.Count == 0 ? ", already meets every requirement" : $", {string.Join("; ", gaps.Select(g => $"{g.Competency} {g.Level}→{g.Required}"))}")
                    + $", now {string.Join(", ", state.SeatsByPerson[p.Person.Id].Select(x => x.Assignment.RoleId))}";
                return new Prospect(p.Person, p.Distance, gaps, reason);
            })];
    }

    private static bool Holds(RosterState state, Person person, Role role)
    {
        foreach (var seat in state.SeatsByPerson[person.Id])
            if (seat.Assignment.RoleId == role.Id) return true;
        return false;
    }

    /// <summary>Mentors for a mentee's gaps: one level above the mentee and at least the required level on each.</summary>
    public IReadOnlyList<Prospect> Mentors(RosterState state, Role role, Person mentee, IReadOnlyList<Shortfall.CompetencyGap> gaps)
    {
        var ranked = new List<(Person Person, bool InRole, int Total)>();
        foreach (var person in Available(state))
        {
            if (person.Id == mentee.Id) continue;
            var total = 0;
            var fits = true;
            foreach (var gap in gaps)
            {
                var level = Level(person, gap.Competency);
                if (level < Math.Max(gap.Required, gap.Level + 1)) { fits = false; break; }
                total += level;
            }
            if (!fits || (gaps.Count == 0 && !(person.YearsExperience >= role.MinExperienceYears))) continue;
            ranked.Add((person, Holds(state, person, role), total));
        }
        return [.. ranked
            .OrderByDescending(p => p.InRole)
            .ThenByDescending(p => p.Total)
            .ThenBy(p => p.Person.Id, StringComparer.Ordinal)
            .Take(2)
            .Select(p => new Prospect(p.Person, -p.Total, [],
                (p.InRole ? $"also holds {role.Id}" : $"holds {string.Join(", ", state.SeatsByPerson[p.Person.Id].Select(s => s.Assignment.RoleId))}")
                + (gaps.Count > 0 ? $", {string.Join("; ", gaps.Select(g => $"{g.Competency} {Level(p.Person, g.Competency)}"))}" : $", {p.Person.YearsExperience:0.#} years")))];
    }

    /// <summary>Accepted certifications that would evidence the gaps, to sponsor.</summary>
    public IEnumerable<Certification> Sponsorable(Role role, IReadOnlyList<Shortfall.CompetencyGap> gaps) =>
        role.CertificationPolicy.Accepted.Select(id => catalog.FindCertification(id)!)
            .Where(c => gaps.Any(g => c.Evidences.Any(e => e.Competency == g.Competency && e.Level >= g.Required)))
            .OrderByDescending(c => gaps.Count(g => c.Evidences.Any(e => e.Competency == g.Competency && e.Level >= g.Required)))
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .Take(1);
}
