using System.Collections.Immutable;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Engine.Assessments;

/// <summary>
/// Who can meet an obligation, who it hangs on, and how likely it is to be uncovered within the horizon
/// (DESIGN §5 "Per obligation").
/// </summary>
internal sealed class ObligationCoverage(Catalog catalog, CatalogMethod method, DateOnly asOf, Qualification qualification, RoleFlagRules rules)
{
    private readonly LossModel _losses = new(method, asOf);

    // Obligations share accountable roles: who is qualified for a role today is worked out once per list of
    // the role's seats. A what-if state keeps the very seat list of every role it does not touch, so the
    // answer is kept by that list (compared by reference): residual scoring re-reads it rather than asking
    // about thousands of holders again. The roster's own lists and the latest few others are kept.
    private readonly Dictionary<string, List<(ImmutableArray<Seat> Seats, List<Seat> Qualified)>> _qualifiedSeats = new(StringComparer.Ordinal);
    private const int KeptSeatLists = 4;

    /// <summary>The role's seats, in roster order, whose holder is qualified for the role today.</summary>
    private List<Seat> QualifiedSeats(RosterState state, string roleId)
    {
        var seats = state.SeatArrayIn(roleId);
        if (!_qualifiedSeats.TryGetValue(roleId, out var known)) _qualifiedSeats[roleId] = known = [];
        foreach (var (list, found) in known)
            if (list == seats) return found;
        var role = catalog.GetRole(roleId);
        // The role's own assessment of this state found the same seats (the same rule, in seat order).
        List<Seat> qualified;
        if (rules.QualifiedIn(role, state) is List<Seat> assessed) qualified = assessed;
        else
        {
            qualified = [];
            foreach (var seat in seats)
                if (qualification.ForRoleOn(seat.Person, role, asOf).IsEmpty) qualified.Add(seat);
        }
        if (known.Count == KeptSeatLists) known.RemoveAt(1);
        known.Add((seats, qualified));
        return qualified;
    }

    /// <summary>Whether the candidate would still be qualified, through one of their seats, holding only the certificates current on the date.</summary>
    private bool QualifiesOn(Candidate candidate, Obligation obligation, DateOnly date)
    {
        foreach (var seat in candidate.Seats)
            if (qualification.ForRoleOn(candidate.Person, catalog.GetRole(seat.Assignment.RoleId), date).IsEmpty
                && qualification.ForObligationOn(candidate.Person, obligation, date).IsEmpty)
                return true;
        return false;
    }

    /// <summary>
    /// Whether, holding only the certificates that last the horizon, one of the candidate's seats would fall short in fewer
    /// ways were this certificate still current then: their qualification rests on it. (Each of their seats qualifies
    /// today, so whenever they will not qualify at the end, some expiring certificate is one it rests on.)
    /// </summary>
    private bool RestsOn(Candidate candidate, Obligation obligation, HeldCertification certificate)
    {
        var person = candidate.Person;
        List<HeldCertification> lasting = [.. Qualification.CurrentOn(person, _losses.HorizonEnd)];
        List<HeldCertification> kept = [.. lasting, certificate with { Expires = null }];
        foreach (var seat in candidate.Seats)
        {
            var role = catalog.GetRole(seat.Assignment.RoleId);
            if (Shortfalls(person, role, obligation, kept) < Shortfalls(person, role, obligation, lasting)) return true;
        }
        return false;
    }

    private int Shortfalls(Person person, Role role, Obligation obligation, List<HeldCertification> certificates) =>
        qualification.ForRole(person, role, certificates).Length + qualification.ForObligation(person, obligation, certificates).Length;

    // The qualified seats of one obligation, in the order found: one list reused by every obligation assessed.
    private readonly List<Seat> _found = [];

    /// <summary>The holders of the seats in id order (ordinal), each with their seats in the order found.</summary>
    /// <remarks>
    /// The seats are sorted by holder into one array, and each candidate is a slice of it: a dictionary of a
    /// list per person cost an object, a list and an entry for each of thousands of people per obligation.
    /// </remarks>
    private static List<Candidate> PoolOf(List<Seat> found)
    {
        var seats = found.ToArray();
        // A roster listed by id gives its seats in id order already: sorted only when they are not.
        for (var i = 1; i < seats.Length; i++)
            if (string.CompareOrdinal(seats[i - 1].Person.Id, seats[i].Person.Id) > 0)
            {
                var order = new int[seats.Length];
                for (var j = 0; j < order.Length; j++) order[j] = j;
                // By id, then by where the seat was found, so a person's seats keep their order.
                Array.Sort(order, (a, b) => string.CompareOrdinal(found[a].Person.Id, found[b].Person.Id) is var c and not 0 ? c : a.CompareTo(b));
                for (var j = 0; j < order.Length; j++) seats[j] = found[order[j]];
                break;
            }
        var pool = new List<Candidate>(seats.Length);
        for (var start = 0; start < seats.Length;)
        {
            var end = start + 1;
            while (end < seats.Length && seats[end].Person.Id == seats[start].Person.Id) end++;
            pool.Add(new Candidate(seats[start].Person, new ArraySegment<Seat>(seats, start, end - start)));
            start = end;
        }
        return pool;
    }

    public ObligationResult Assess(Obligation obligation, RosterState state)
    {
        // Qualified = qualified for an accountable role they hold, and meeting the obligation's own levels.
        _found.Clear();
        foreach (var roleId in obligation.AccountableRoles)
            foreach (var seat in QualifiedSeats(state, roleId))
                if (qualification.ForObligationOn(seat.Person, obligation, asOf).IsEmpty) _found.Add(seat);
        var pool = PoolOf(_found);

        // A designation duty is discharged only by a primary or interim holder; a qualified backup is who
        // would be designated next, so backups count toward fragility but not toward coverage today.
        var discharging = obligation.Designation ? pool.Where(c => c.IsIncumbent).ToList() : pool;
        var minimum = obligation.MinQualified;
        var findings = ImmutableArray.CreateBuilder<string>();
        if (obligation.Designation && discharging.Count > 1)
            findings.Add($"MULTIPLE_DESIGNATED_OFFICIALS: {string.Join(", ", discharging.Select(c => PersonMentions.Of(c.Person.Id)))} all hold the single-official duty as primary or interim; designate one");
        if (obligation.Designation && discharging.Count == 0 && pool.Count > 0)
            findings.Add($"NOT_DESIGNATED: {string.Join(", ", pool.Select(c => PersonMentions.Of(c.Person.Id)))} {(pool.Count == 1 ? "is" : "are")} qualified as backup, but no qualified person holds the seat as primary or interim");

        var events = _losses.Events(pool, (candidate, date) => QualifiesOn(candidate, obligation, date),
            (candidate, certificate) => RestsOn(candidate, obligation, certificate));
        var uncovered = discharging.Count < minimum;
        var probability = uncovered ? 1.0 : LossModel.ProbabilityBelow(events, minimum);
        // Someone certain to leave within the horizon is not lasting cover: whoever remains is key; and when
        // too few remain, today's cover rests on the leavers too.
        var certainlyLost = LossModel.CertainlyLost(events);
        // Counted, and listed only when they are the key people (then no more than the minimum).
        var staying = 0;
        foreach (var candidate in pool)
            if (!certainlyLost.Contains(candidate.Person.Id)) staying++;
        var key = uncovered || staying - 1 >= minimum ? []
            : staying < minimum ? pool
            : pool.Where(c => !certainlyLost.Contains(c.Person.Id)).ToList();
        var keyPeople = key.Select(c => c.Person.Id).ToImmutableArray();
        var externalOnly = pool.Count > 0 && pool.All(c => c.Person.EmploymentType.IsExternal());

        var status = uncovered ? CoverageStatus.Uncovered
            : keyPeople.Length > 0 || probability >= method.FragileProbability || externalOnly ? CoverageStatus.Fragile
            : CoverageStatus.Covered;
        CoverageStatus? whenInForce = null;
        if (obligation.ComplianceDate is { } due && due > asOf)
        {
            whenInForce = status;
            status = CoverageStatus.Upcoming;
        }

        return new ObligationResult
        {
            ObligationId = obligation.Id,
            Citation = obligation.Citation,
            Regime = obligation.Regime,
            Title = obligation.Title,
            Lifecycle = obligation.Status,
            Severity = obligation.Severity,
            ComplianceDate = obligation.ComplianceDate,
            Status = status,
            StatusWhenInForce = whenInForce,
            QualifiedCount = discharging.Count,
            MinQualified = minimum,
            Designation = obligation.Designation,
            QualifiedPeople = [.. discharging.Select(c => c.Person.Id)],
            ExternalOnly = externalOnly,
            KeyPeople = keyPeople,
            ProbabilityUncovered12m = probability,
            LossEvents = LossModel.Describe(events),
            AccountableRoles = obligation.AccountableRoles,
            Findings = findings.ToImmutable(),
            Unconfirmed = obligation.Unconfirmed,
        };
    }
}
