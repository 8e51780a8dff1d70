using System.Collections.Immutable;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Engine.Assessments;

/// <summary>
/// Who can meet an obligation, who it hangs on, and how likely it is to be uncovered within the horizon
/// (DESIGN §5 "Per obligation").
/// </summary>
internal sealed class ObligationCoverage(Catalog catalog, CatalogMethod method, DateOnly asOf, Qualification qualification)
{
    private readonly LossModel _losses = new(method, asOf);

    // Obligations share accountable roles: who is qualified for a role today is worked out once per state.
    private (RosterState State, Dictionary<string, List<Seat>> ByRole)? _qualifiedSeats;

    /// <summary>The role's seats, in roster order, whose holder is qualified for the role today.</summary>
    private List<Seat> QualifiedSeats(RosterState state, string roleId)
    {
        if (_qualifiedSeats is not { } known || !ReferenceEquals(known.State, state))
            _qualifiedSeats = known = (state, new Dictionary<string, List<Seat>>(StringComparer.Ordinal));
        if (known.ByRole.TryGetValue(roleId, out var seats)) return seats;
        var role = catalog.GetRole(roleId);
        seats = [];
        foreach (var seat in state.SeatsIn(roleId))
            if (qualification.ForRoleOn(seat.Person, role, asOf).IsEmpty) seats.Add(seat);
        known.ByRole[roleId] = seats;
        return seats;
    }

    public ObligationResult Assess(Obligation obligation, RosterState state)
    {
        // Qualified = qualified for an accountable role they hold, and meeting the obligation's own levels.
        var candidates = new Dictionary<string, List<Seat>>(StringComparer.Ordinal);
        foreach (var roleId in obligation.AccountableRoles)
        {
            foreach (var seat in QualifiedSeats(state, roleId))
            {
                if (!qualification.ForObligationOn(seat.Person, obligation, asOf).IsEmpty) continue;
                if (!candidates.TryGetValue(seat.Person.Id, out var list)) candidates[seat.Person.Id] = list = [];
                list.Add(seat);
            }
        }
        var pool = candidates.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new Candidate(c.Value[0].Person, c.Value)).ToList();

        // A designation duty is discharged only by a primary or interim holder; a qualified backup is who
        // would be designated next, so backups count toward fragility but not toward coverage today.
        var discharging = obligation.Designation ? pool.Where(c => c.IsIncumbent).ToList() : pool;
        var minimum = obligation.MinQualified;
        var findings = ImmutableArray.CreateBuilder<string>();
        if (obligation.Designation && discharging.Count > 1)
            findings.Add($"MULTIPLE_DESIGNATED_OFFICIALS: {string.Join(", ", discharging.Select(c => c.Person.Id))} all hold the single-official duty as primary or interim; designate one");
        if (obligation.Designation && discharging.Count == 0 && pool.Count > 0)
            findings.Add($"NOT_DESIGNATED: {string.Join(", ", pool.Select(c => c.Person.Id))} {(pool.Count == 1 ? "is" : "are")} qualified as backup, but no qualified person holds the seat as primary or interim");

        var events = _losses.Events(pool, (candidate, date) => candidate.Seats.Any(seat =>
            qualification.ForRoleOn(candidate.Person, catalog.GetRole(seat.Assignment.RoleId), date).IsEmpty
            && qualification.ForObligationOn(candidate.Person, obligation, date).IsEmpty));
        var uncovered = discharging.Count < minimum;
        var probability = uncovered ? 1.0 : LossModel.ProbabilityBelow(events, minimum);
        // Someone certain to leave within the horizon is not lasting cover: whoever remains is key; and when
        // too few remain, today's cover rests on the leavers too.
        var certainlyLost = LossModel.CertainlyLost(events);
        var staying = pool.Where(c => !certainlyLost.Contains(c.Person.Id)).ToList();
        var key = uncovered || staying.Count - 1 >= minimum ? []
            : staying.Count < minimum ? pool
            : staying;
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
