using System.Collections.Immutable;
using System.Runtime.InteropServices;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Engine.Assessments;

/// <summary>
/// The people being assessed and their seats, indexed by role and by person. Immutable: a response's
/// effect (a hire, a backup qualified, a certificate renewed) is a new state sharing almost everything
/// with the old one, so one role or obligation can be re-assessed cheaply (residual risk).
/// </summary>
/// <remarks>
/// Seats by person are looked up for every seat assessed, so they live in an ordinary dictionary built
/// once from the roster and shared, never changed, by every state derived from it; a derived state keeps
/// only the people whose seats differ (an immutable map, small, consulted first).
/// </remarks>
internal sealed class RosterState
{
    private readonly Catalog _catalog;
    private readonly Dictionary<string, ImmutableArray<Seat>> _root;
    /// <summary>People whose seats differ from <see cref="_root"/>: their seats, or a default array when they hold none any more.</summary>
    private readonly ImmutableDictionary<string, ImmutableArray<Seat>> _changes;

    private RosterState(Catalog catalog, Dictionary<string, ImmutableArray<Seat>> root, ImmutableDictionary<string, ImmutableArray<Seat>> changes,
        ImmutableDictionary<string, ImmutableArray<Seat>> byRole, LoneRoles loneRoles)
        => (_catalog, _root, _changes, SeatsByRole, _loneRoles) = (catalog, root, changes, byRole, loneRoles);

    public ImmutableDictionary<string, ImmutableArray<Seat>> SeatsByRole { get; }

    /// <remarks>
    /// One pass, one hash per seat: a person's first seat is kept as it is and only the few people with more
    /// get a list, so a large roster costs one array per person and one list per role.
    /// </remarks>
    public static RosterState Create(Catalog catalog, IEnumerable<Seat> seats)
    {
        var byPerson = new Dictionary<string, (Seat First, List<Seat>? More)>(seats.TryGetNonEnumeratedCount(out var count) ? count : 0, StringComparer.Ordinal);
        var byRole = new Dictionary<string, List<Seat>>(StringComparer.Ordinal);
        foreach (var seat in seats)
        {
            ref var held = ref CollectionsMarshal.GetValueRefOrAddDefault(byPerson, seat.Person.Id, out var exists);
            if (!exists) held = (seat, null);
            else (held.More ??= []).Add(seat);
            if (!byRole.TryGetValue(seat.Assignment.RoleId, out var inRole)) byRole[seat.Assignment.RoleId] = inRole = [];
            inRole.Add(seat);
        }
        var root = new Dictionary<string, ImmutableArray<Seat>>(byPerson.Count, StringComparer.Ordinal);
        foreach (var (id, (first, more)) in byPerson) root[id] = more is null ? [first] : [first, .. more];
        return new RosterState(catalog, root, ImmutableDictionary.Create<string, ImmutableArray<Seat>>(StringComparer.Ordinal),
            byRole.ToImmutableDictionary(r => r.Key, r => ImmutableCollectionsMarshal.AsImmutableArray(r.Value.ToArray()), StringComparer.Ordinal), new LoneRoles());
    }

    public IReadOnlyList<Seat> SeatsIn(string roleId) => SeatArrayIn(roleId);

    public ImmutableArray<Seat> SeatArrayIn(string roleId) => SeatsByRole.TryGetValue(roleId, out var seats) ? seats : [];

    /// <summary>
    /// The seats, in this state, of everyone whose seats may differ from <paramref name="earlier"/>'s (anyone either
    /// state changed from the roster they share); null when the two states were not made from the same roster.
    /// </summary>
    public HashSet<Seat>? SeatsOfPeopleChangedSince(RosterState earlier)
    {
        if (!ReferenceEquals(_root, earlier._root)) return null;
        var seats = new HashSet<Seat>(ReferenceEqualityComparer.Instance);
        foreach (var id in _changes.Keys.Concat(earlier._changes.Keys))
            if (TryGetSeats(id, out var held)) seats.UnionWith(held);
        return seats;
    }

    /// <summary>The person's seats, if they hold any.</summary>
    public bool TryGetSeats(string personId, out ImmutableArray<Seat> seats)
    {
        if (_changes.Count > 0 && _changes.TryGetValue(personId, out seats)) return !seats.IsDefault;
        return _root.TryGetValue(personId, out seats);
    }

    /// <summary>The seats of a person who holds some (<see cref="KeyNotFoundException"/> otherwise).</summary>
    public ImmutableArray<Seat> SeatsOf(string personId) =>
        TryGetSeats(personId, out var seats) ? seats : throw new KeyNotFoundException($"No seats for '{personId}'.");

    /// <summary>Every person with their seats, in no particular order.</summary>
    public IEnumerable<KeyValuePair<string, ImmutableArray<Seat>>> SeatsByPerson
    {
        get
        {
            foreach (var entry in _root)
                if (_changes.Count == 0 || !_changes.ContainsKey(entry.Key)) yield return entry;
            foreach (var entry in _changes)
                if (!entry.Value.IsDefault) yield return entry;
        }
    }

    public IEnumerable<Person> People => SeatsByPerson.Select(s => s.Value[0].Person);

    public Person? FindPerson(string id) => TryGetSeats(id, out var seats) ? seats[0].Person : null;

    /// <summary>What the person carries across all their seats (for OVERLOADED and for choosing who can take more on).</summary>
    public Load LoadOf(string personId) => LoadOf(personId, TryGetSeats(personId, out var s) ? s : []);

    /// <summary>The load of a person whose seats the caller already has.</summary>
    /// <remarks>
    /// Asked for every seat of every role assessed: a person with at most one critical seat (nearly everyone)
    /// gets a list shared by everyone holding that role, and only the rest a list of their own.
    /// </remarks>
    public Load LoadOf(string personId, ImmutableArray<Seat> seats)
    {
        string? first = null;
        List<string>? critical = null;
        var fte = 0.0;
        foreach (var seat in seats)
        {
            fte += seat.Assignment.Fte;
            var roleId = seat.Assignment.RoleId;
            if (!seat.IsIncumbent || _catalog.GetRole(roleId).Tier > 2) continue;
            if (first is null) first = roleId;
            else if (critical is null) { if (first != roleId) critical = [first, roleId]; }
            else if (!critical.Contains(roleId)) critical.Add(roleId);
        }
        if (critical is not null)
        {
            critical.Sort(StringComparer.Ordinal);
            return new Load(personId, [.. critical], fte);
        }
        return new Load(personId, first is null ? [] : _loneRoles.Of(first), fte);
    }

    /// <summary>One single-role list per role, shared by every state derived from the same roster.</summary>
    private readonly LoneRoles _loneRoles;

    private sealed class LoneRoles
    {
        private readonly Dictionary<string, IReadOnlyList<string>> _lists = new(StringComparer.Ordinal);

        public IReadOnlyList<string> Of(string roleId)
        {
            if (!_lists.TryGetValue(roleId, out var list)) _lists[roleId] = list = [roleId];
            return list;
        }
    }

    /// <summary>The same state with a person's facts replaced in every seat they hold.</summary>
    public RosterState WithPerson(Person person) => WithPeople([person]);

    /// <summary>The same state with several people's facts replaced; each affected role is rebuilt once.</summary>
    /// <remarks>
    /// Every state keeps one seat object per seat, in both indexes (a person's seats are the very objects their
    /// roles list), so a role's changed seats are found by reference, without looking at the others' people.
    /// </remarks>
    public RosterState WithPeople(IReadOnlyCollection<Person> people)
    {
        var changed = new Dictionary<string, Person>(people.Count, StringComparer.Ordinal);
        foreach (var person in people)
            if (TryGetSeats(person.Id, out _)) changed.Add(person.Id, person);
        if (changed.Count == 0) return this;
        // Old seat -> its replacement, by reference: a renewal or training action can change thousands of a role's holders.
        var replaced = new Dictionary<Seat, Seat>(changed.Count, ReferenceEqualityComparer.Instance);
        var roles = new Dictionary<string, int>(StringComparer.Ordinal);
        // Thousands of people set through one builder: setting each on the immutable map made a new path of
        // tree nodes per person.
        var changes = _changes.ToBuilder();
        foreach (var (id, person) in changed)
        {
            var held = SeatsOf(id);
            var now = new Seat[held.Length];
            for (var i = 0; i < held.Length; i++)
            {
                replaced[held[i]] = now[i] = held[i] with { Person = person };
                CollectionsMarshal.GetValueRefOrAddDefault(roles, held[i].Assignment.RoleId, out _)++;
            }
            changes[id] = ImmutableCollectionsMarshal.AsImmutableArray(now);
        }
        var byRole = SeatsByRole;
        foreach (var (role, count) in roles)
        {
            var seats = byRole[role].ToArray();
            var found = 0;
            for (var i = 0; i < seats.Length; i++)
                if (replaced.TryGetValue(seats[i], out var now)) { seats[i] = now; found++; }
            byRole = byRole.SetItem(role, found == count
                ? ImmutableCollectionsMarshal.AsImmutableArray(seats)
                : [.. byRole[role].Select(s => changed.TryGetValue(s.Person.Id, out var p) ? s with { Person = p } : s)]);
        }
        return new RosterState(_catalog, _root, changes.ToImmutable(), byRole, _loneRoles);
    }

    /// <summary>The same state with a seat added (replacing the person's seat in that role, if any).</summary>
    public RosterState WithSeat(Person person, RoleAssignment assignment)
    {
        var state = FindPerson(person.Id) is null ? this : WithPerson(person).WithoutSeat(person.Id, assignment.RoleId);
        var seat = new Seat(person, assignment with { PersonId = person.Id });
        var role = assignment.RoleId;
        return new RosterState(_catalog, _root,
            state._changes.SetItem(person.Id, state.TryGetSeats(person.Id, out var p) ? p.Add(seat) : [seat]),
            state.SeatsByRole.SetItem(role, state.SeatsByRole.TryGetValue(role, out var r) ? r.Add(seat) : [seat]), _loneRoles);
    }

    public RosterState WithoutSeat(string personId, string roleId)
    {
        if (!TryGetSeats(personId, out var seats) || !seats.Any(s => s.Assignment.RoleId == roleId)) return this;
        var remaining = seats.RemoveAll(s => s.Assignment.RoleId == roleId);
        var inRole = SeatsByRole[roleId].RemoveAll(s => s.Person.Id == personId);
        return new RosterState(_catalog, _root,
            !remaining.IsEmpty ? _changes.SetItem(personId, remaining)
                : _root.ContainsKey(personId) ? _changes.SetItem(personId, default) : _changes.Remove(personId),
            inRole.IsEmpty ? SeatsByRole.Remove(roleId) : SeatsByRole.SetItem(roleId, inRole), _loneRoles);
    }
}
