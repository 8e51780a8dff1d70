using System.Collections.Immutable;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Engine.Assessments;

/// <summary>
/// The people being assessed and their seats, indexed by role and by person. Immutable: a response's
/// effect (a hire, a backup qualified, a certificate renewed) is a new state sharing almost everything
/// with the old one, so one role or obligation can be re-assessed cheaply (residual risk).
/// </summary>
internal sealed class RosterState
{
    private readonly Catalog _catalog;

    private RosterState(Catalog catalog, ImmutableDictionary<string, ImmutableArray<Seat>> byRole, ImmutableDictionary<string, ImmutableArray<Seat>> byPerson)
        => (_catalog, SeatsByRole, SeatsByPerson) = (catalog, byRole, byPerson);

    public ImmutableDictionary<string, ImmutableArray<Seat>> SeatsByRole { get; }
    public ImmutableDictionary<string, ImmutableArray<Seat>> SeatsByPerson { get; }

    public static RosterState Create(Catalog catalog, IEnumerable<Seat> seats)
    {
        var list = seats.ToList();
        return new RosterState(catalog,
            list.GroupBy(s => s.Assignment.RoleId).ToImmutableDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.Ordinal),
            list.GroupBy(s => s.Person.Id).ToImmutableDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.Ordinal));
    }

    public IReadOnlyList<Seat> SeatsIn(string roleId) => SeatsByRole.TryGetValue(roleId, out var seats) ? seats : [];

    public IEnumerable<Person> People => SeatsByPerson.Values.Select(s => s[0].Person);

    public Person? FindPerson(string id) => SeatsByPerson.TryGetValue(id, out var seats) ? seats[0].Person : null;

    /// <summary>What the person carries across all their seats (for OVERLOADED and for choosing who can take more on).</summary>
    public Load LoadOf(string personId)
    {
        var seats = SeatsByPerson.TryGetValue(personId, out var s) ? s : [];
        return new Load(personId,
            [.. seats.Where(x => x.IsIncumbent && _catalog.GetRole(x.Assignment.RoleId).Tier <= 2).Select(x => x.Assignment.RoleId).Distinct().Order(StringComparer.Ordinal)],
            seats.Sum(x => x.Assignment.Fte));
    }

    /// <summary>The same state with a person's facts replaced in every seat they hold.</summary>
    public RosterState WithPerson(Person person) => WithPeople([person]);

    /// <summary>The same state with several people's facts replaced; each affected role is rebuilt once.</summary>
    public RosterState WithPeople(IReadOnlyCollection<Person> people)
    {
        var changed = people.Where(p => SeatsByPerson.ContainsKey(p.Id)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        if (changed.Count == 0) return this;
        var byRole = SeatsByRole;
        foreach (var role in changed.Keys.SelectMany(id => SeatsByPerson[id]).Select(s => s.Assignment.RoleId).Distinct())
            byRole = byRole.SetItem(role, [.. byRole[role].Select(s => changed.TryGetValue(s.Person.Id, out var p) ? s with { Person = p } : s)]);
        var byPerson = SeatsByPerson.SetItems(changed.Select(c => KeyValuePair.Create(c.Key, SeatsByPerson[c.Key].Select(s => s with { Person = c.Value }).ToImmutableArray())));
        return new RosterState(_catalog, byRole, byPerson);
    }

    /// <summary>The same state with a seat added (replacing the person's seat in that role, if any).</summary>
    public RosterState WithSeat(Person person, RoleAssignment assignment)
    {
        var state = FindPerson(person.Id) is null ? this : WithPerson(person).WithoutSeat(person.Id, assignment.RoleId);
        var seat = new Seat(person, assignment with { PersonId = person.Id });
        var role = assignment.RoleId;
        return new RosterState(_catalog,
            state.SeatsByRole.SetItem(role, state.SeatsByRole.TryGetValue(role, out var r) ? r.Add(seat) : [seat]),
            state.SeatsByPerson.SetItem(person.Id, state.SeatsByPerson.TryGetValue(person.Id, out var p) ? p.Add(seat) : [seat]));
    }

    public RosterState WithoutSeat(string personId, string roleId)
    {
        if (!SeatsByPerson.TryGetValue(personId, out var seats) || !seats.Any(s => s.Assignment.RoleId == roleId)) return this;
        var remaining = seats.RemoveAll(s => s.Assignment.RoleId == roleId);
        var inRole = SeatsByRole[roleId].RemoveAll(s => s.Person.Id == personId);
        return new RosterState(_catalog,
            inRole.IsEmpty ? SeatsByRole.Remove(roleId) : SeatsByRole.SetItem(roleId, inRole),
            remaining.IsEmpty ? SeatsByPerson.Remove(personId) : SeatsByPerson.SetItem(personId, remaining));
    }
}
