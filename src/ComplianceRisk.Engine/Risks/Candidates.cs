using System.Collections.Immutable;
using System.Text;
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
    // levels, is worked out once per state (the people sorted by id, their levels one column per
    // competency), so a search is one pass over integers that keeps only the few best rather than sorting
    // everyone. The ranking and its tie-breaks are those of the documented order (docs/risks.md).
    private Pool? _pool;
    private readonly Dictionary<Person, Dictionary<string, int>> _levels = new(ReferenceEqualityComparer.Instance);

    private sealed class Pool
    {
        public required RosterState State { get; init; }
        /// <summary>Available people, sorted by id (ordinal): a lower index is a smaller id.</summary>
        public required Person[] People { get; init; }
        public required bool[] External { get; init; }
        /// <summary>Years of experience, NaN when not given (so every "at least" comparison fails, as with null).</summary>
        public required double[] Years { get; init; }
        /// <summary>Per role id, whether person i holds a seat in it.</summary>
        public required Dictionary<string, bool[]> Holders { get; init; }
        /// <summary>Evidenced level of person i on competency c at [c][i]: a search reads one column per competency it needs.</summary>
        public required int[][] Levels { get; init; }
        public required Dictionary<string, int> Competency { get; init; }
        /// <summary>The people's ids, in the same order: a person is found by binary search (a few lookups per risk).</summary>
        public required string[] Ids { get; init; }

        /// <summary>The index of the person with this id, or -1.</summary>
        public int IndexOfId(string id) => Array.BinarySearch(Ids, id, StringComparer.Ordinal) is var i and >= 0 ? i : -1;
        public Dictionary<string, IReadOnlyList<Prospect>> Backups { get; } = new(StringComparer.Ordinal);

        public int Level(int person, string competency) =>
            Competency.TryGetValue(competency, out var c) ? Levels[c][person] : 0;

        /// <summary>The column of a competency, or null when the catalog does not know it (every level 0).</summary>
        public int[]? Column(string competency) => Competency.TryGetValue(competency, out var c) ? Levels[c] : null;

        private static readonly bool[] Nobody = [];

        /// <summary>Whether person i holds a seat in the role, for every i (empty when nobody does).</summary>
        public bool[] HoldersOf(string roleId) => Holders.TryGetValue(roleId, out var holds) ? holds : Nobody;

        public static bool In(bool[] holds, int person) => person < holds.Length && holds[person];
    }

    /// <summary>People who can take more on: not leaving within the horizon and not overloaded.</summary>
    private Pool PoolOf(RosterState state)
    {
        if (_pool is { } cached && ReferenceEquals(cached.State, state)) return cached;
        var horizon = asOf.AddMonths(method.Windows.HorizonMonths);
        // Everyone holds a seat: the seats are an upper bound on the people, so the lists never regrow (three
        // lists of a hundred thousand entries would otherwise be copied a dozen times each).
        var most = 0;
        foreach (var (_, inRole) in state.SeatsByRole) most += inRole.Length;
        var people = new List<Person>(most);
        var seats = new List<ImmutableArray<Seat>>(most);
        foreach (var (_, held) in state.SeatsByPerson)
        {
            var person = held[0].Person;
            if (person.Departure is { } d && d < horizon) continue;
            if (person.EmploymentType.IsExternal() && person.ContractEnd is { } c && c < horizon) continue;
            // One seat (nearly everyone): overloaded only by its FTE, as the load would say, without making one.
            if (held.Length == 1 ? held[0].Assignment.Fte > 1.0 + 1e-9 : state.LoadOf(person.Id, held).IsOverloaded) continue;
            people.Add(person);
            seats.Add(held);
        }
        var order = new int[people.Count];
        var sortedIds = new string[people.Count];
        for (var i = 0; i < order.Length; i++) (order[i], sortedIds[i]) = (i, people[i].Id);
        // Rosters are often listed by id already: sorted only when they are not.
        for (var i = 1; i < sortedIds.Length; i++)
            if (string.CompareOrdinal(sortedIds[i - 1], sortedIds[i]) > 0)
            {
                Array.Sort(sortedIds, order, StringComparer.Ordinal);
                break;
            }

        var competency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in catalog.Competencies) competency.Add(c.Id, competency.Count);
        var evidences = EvidencesByCertification(competency);

        var sorted = new Person[order.Length];
        var external = new bool[order.Length];
        var years = new double[order.Length];
        var holders = new Dictionary<string, bool[]>(StringComparer.Ordinal);
        var levels = new int[competency.Count][];
        for (var c = 0; c < levels.Length; c++) levels[c] = new int[order.Length];
        // People share their sets of levels (a roster shares them when it is read): each distinct set is
        // turned into catalog columns once.
        var selfReported = new Dictionary<ImmutableDictionary<string, int>, (int Column, int Level)[]>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < order.Length; i++)
        {
            var person = sorted[i] = people[order[i]];
            external[i] = person.EmploymentType.IsExternal();
            years[i] = person.YearsExperience ?? double.NaN;
            foreach (var seat in seats[order[i]])
            {
                if (!holders.TryGetValue(seat.Assignment.RoleId, out var holds)) holders[seat.Assignment.RoleId] = holds = new bool[order.Length];
                holds[i] = true;
            }
            // Qualification.EvidencedLevel for every catalog competency at once: the self-reported level,
            // raised to the highest level a current certification evidences.
            if (!selfReported.TryGetValue(person.Competencies, out var own))
                selfReported[person.Competencies] = own = SelfReported(person.Competencies, competency);
            foreach (var (c, level) in own) levels[c][i] = level;
            // Raised certificate by certificate, straight into the columns: sets of certificates are mostly
            // each person's own, so turning each set into columns first made a dictionary and an array per person.
            foreach (var held in person.Certifications)
            {
                if (!(held.Expires is null || held.Expires >= asOf) || !evidences.TryGetValue(held.CertificationId, out var raised)) continue;
                foreach (var (c, level) in raised)
                    if (level > levels[c][i]) levels[c][i] = level;
            }
        }
        var pool = new Pool
        {
            State = state, People = sorted, External = external, Years = years, Holders = holders, Levels = levels,
            Competency = competency, Ids = sortedIds,
        };
        _pool = pool;
        return pool;
    }

    /// <summary>Self-reported levels as (catalog column, level), for the competencies the catalog knows.</summary>
    private static (int Column, int Level)[] SelfReported(ImmutableDictionary<string, int> levels, Dictionary<string, int> columns)
    {
        var own = new List<(int, int)>(levels.Count);
        foreach (var (id, level) in levels)
            if (columns.TryGetValue(id, out var c)) own.Add((c, level));
        return [.. own];
    }

    /// <summary>The levels each catalog certification evidences, as (catalog column, level), for the competencies the catalog knows.</summary>
    private Dictionary<string, (int Column, int Level)[]> EvidencesByCertification(Dictionary<string, int> columns)
    {
        var evidences = new Dictionary<string, (int Column, int Level)[]>(StringComparer.Ordinal);
        foreach (var cert in catalog.Certifications)
        {
            var known = new List<(int, int)>(cert.Evidences.Length);
            foreach (var evidence in cert.Evidences)
                if (columns.TryGetValue(evidence.Competency, out var c)) known.Add((c, evidence.Level));
            evidences.TryAdd(cert.Id, [.. known]);
        }
        return evidences;
    }

    private int Level(Person person, string competency)
    {
        if (_pool is { } pool && pool.IndexOfId(person.Id) is var i and >= 0 && ReferenceEquals(pool.People[i], person)) return pool.Level(i, competency);
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
    /// <param name="counted">People already counted as qualified for the duty: training them adds nobody to it.</param>
    public IReadOnlyList<Prospect> Backups(RosterState state, Role role, Obligation? obligation, bool employeesOnly = false, bool includeHolders = false,
        IReadOnlyList<string>? counted = null)
    {
        var needs = Needs(role, obligation);
        var pool = PoolOf(state);
        // Obligation risks often need exactly what their accountable role needs: search once per question.
        var key = new StringBuilder().Append(role.Id).Append('|').Append(employeesOnly).Append('|').Append(includeHolders);
        foreach (var need in needs) key.Append('|').Append(need.Competency).Append(':').Append(need.Level).Append(':').Append(need.Critical);
        HashSet<int>? skip = null;
        foreach (var id in counted ?? [])
        {
            key.Append("|-").Append(id);
            if (pool.IndexOfId(id) is var at and >= 0) (skip ??= []).Add(at);
        }
        var cacheKey = key.ToString();
        if (pool.Backups.TryGetValue(cacheKey, out var known)) return known;

        var columns = new int[]?[needs.Count];
        var required = new int[needs.Count];
        var weight = new int[needs.Count];
        for (var n = 0; n < needs.Count; n++)
        {
            columns[n] = pool.Column(needs[n].Competency);
            required[n] = needs[n].Level;
            weight[n] = needs[n].Critical ? 2 : 1;
        }
        var holds = includeHolders ? [] : pool.HoldersOf(role.Id);
        var minimum = role.MinExperienceYears;
        var years = pool.Years;
        // The best few by (employees first, distance, id); people are visited in id order, so a later
        // person with the same employment and distance never displaces an earlier one.
        Span<int> best = stackalloc int[MaxNamed];
        Span<int> bestDistance = stackalloc int[MaxNamed];
        Span<bool> bestExternal = stackalloc bool[MaxNamed];
        var count = 0;
        var people = pool.People;
        for (var i = 0; i < people.Length; i++)
        {
            var external = pool.External[i];
            if (employeesOnly && external) continue;
            if (!(years[i] >= minimum)) continue;
            if (Pool.In(holds, i) || (skip is not null && skip.Contains(i))) continue;
            var distance = 0;
            for (var n = 0; n < columns.Length; n++)
            {
                var missing = required[n] - (columns[n] is { } column ? column[i] : 0);
                if (missing > 0) distance += missing * weight[n];
            }
            var at = count;
            while (at > 0 && (external != bestExternal[at - 1] ? !external : distance < bestDistance[at - 1])) at--;
            if (at >= MaxNamed) continue;
            for (var j = Math.Min(count, MaxNamed - 1); j > at; j--)
                (best[j], bestDistance[j], bestExternal[j]) = (best[j - 1], bestDistance[j - 1], bestExternal[j - 1]);
            (best[at], bestDistance[at], bestExternal[at]) = (i, distance, external);
            if (count < MaxNamed) count++;
        }
        var prospects = new Prospect[count];
        for (var r = 0; r < count; r++)
        {
            var person = people[best[r]];
            var gaps = Gaps(person, needs);
            var reason = (person.EmploymentType.IsExternal() ? person.EmploymentType.ToString().ToLowerInvariant() : "employee")
                + (gaps.Count == 0 ? ", already meets every requirement" : $", {string.Join("; ", gaps.Select(g => $"{g.Competency} {g.Level}→{g.Required}"))}")
                + $", now {string.Join(", ", state.SeatsOf(person.Id).Select(x => x.Assignment.RoleId))}";
            prospects[r] = new Prospect(person, bestDistance[r], gaps, reason);
        }
        IReadOnlyList<Prospect> result = [.. prospects];
        pool.Backups[cacheKey] = result;
        return result;
    }

    /// <summary>Mentors for a mentee's gaps: one level above the mentee and at least the required level on each.</summary>
    public IReadOnlyList<Prospect> Mentors(RosterState state, Role role, Person mentee, IReadOnlyList<Shortfall.CompetencyGap> gaps)
    {
        var pool = PoolOf(state);
        var columns = new int[]?[gaps.Count];
        var floors = new int[gaps.Count];
        for (var g = 0; g < gaps.Count; g++)
        {
            columns[g] = pool.Column(gaps[g].Competency);
            floors[g] = Math.Max(gaps[g].Required, gaps[g].Level + 1);
        }
        // The best two by (holders of the role first, highest total level, id), visiting people in id order.
        const int Named = 2;
        Span<int> best = stackalloc int[Named];
        Span<int> bestTotal = stackalloc int[Named];
        Span<bool> bestInRole = stackalloc bool[Named];
        var count = 0;
        var people = pool.People;
        var self = pool.IndexOfId(mentee.Id);
        var holds = pool.HoldersOf(role.Id);
        var years = pool.Years;
        var minimum = role.MinExperienceYears;
        for (var i = 0; i < people.Length; i++)
        {
            if (i == self) continue;
            var total = 0;
            var fits = true;
            for (var g = 0; g < columns.Length; g++)
            {
                var level = columns[g] is { } column ? column[i] : 0;
                if (level < floors[g]) { fits = false; break; }
                total += level;
            }
            if (!fits || (gaps.Count == 0 && !(years[i] >= minimum))) continue;
            var inRole = Pool.In(holds, i);
            var at = count;
            while (at > 0 && (inRole != bestInRole[at - 1] ? inRole : total > bestTotal[at - 1])) at--;
            if (at >= Named) continue;
            for (var j = Math.Min(count, Named - 1); j > at; j--)
                (best[j], bestTotal[j], bestInRole[j]) = (best[j - 1], bestTotal[j - 1], bestInRole[j - 1]);
            (best[at], bestTotal[at], bestInRole[at]) = (i, total, inRole);
            if (count < Named) count++;
        }
        var mentors = new Prospect[count];
        for (var r = 0; r < count; r++)
        {
            var person = people[best[r]];
            mentors[r] = new Prospect(person, -bestTotal[r], [],
                (bestInRole[r] ? $"also holds {role.Id}" : $"holds {string.Join(", ", state.SeatsOf(person.Id).Select(s => s.Assignment.RoleId))}")
                + (gaps.Count > 0 ? $", {string.Join("; ", gaps.Select(g => $"{g.Competency} {Level(person, g.Competency)}"))}" : $", {(person.YearsExperience is { } given ? Experience.Years(given) : "no")} years"));
        }
        return [.. mentors];
    }

    /// <summary>Accepted certifications that would evidence the gaps, to sponsor.</summary>
    public IEnumerable<Certification> Sponsorable(Role role, IReadOnlyList<Shortfall.CompetencyGap> gaps) =>
        role.CertificationPolicy.Accepted.Select(id => catalog.FindCertification(id)!)
            .Where(c => gaps.Any(g => c.Evidences.Any(e => e.Competency == g.Competency && e.Level >= g.Required)))
            .OrderByDescending(c => gaps.Count(g => c.Evidences.Any(e => e.Competency == g.Competency && e.Level >= g.Required)))
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .Take(1);
}
