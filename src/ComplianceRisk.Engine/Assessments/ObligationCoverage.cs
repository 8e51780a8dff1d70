using System.Collections.Immutable;
using System.Globalization;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Engine.Assessments;

/// <summary>
/// Who can meet an obligation, who it hangs on, and how likely it is to be uncovered within the horizon
/// (DESIGN §5 "Per obligation").
/// </summary>
internal sealed class ObligationCoverage(Catalog catalog, CatalogMethod method, DateOnly asOf, Qualification qualification)
{
    private DateOnly HorizonEnd => asOf.AddMonths(method.Windows.HorizonMonths);
    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A person able to discharge the obligation, through one of its accountable roles.</summary>
    private sealed record Candidate(Person Person, IReadOnlyList<Seat> Seats)
    {
        public bool IsIncumbent => Seats.Any(s => s.IsIncumbent);
    }

    public ObligationResult Assess(Obligation obligation, IReadOnlyDictionary<string, IReadOnlyList<Seat>> seatsByRole)
    {
        // Qualified = qualified for an accountable role they hold, and meeting the obligation's own levels.
        var candidates = new Dictionary<string, List<Seat>>(StringComparer.Ordinal);
        foreach (var roleId in obligation.AccountableRoles)
        {
            var role = catalog.GetRole(roleId);
            foreach (var seat in seatsByRole.GetValueOrDefault(roleId) ?? [])
            {
                var current = Qualification.CurrentOn(seat.Person, asOf).ToList();
                if (!qualification.ForRole(seat.Person, role, current).IsEmpty) continue;
                if (!qualification.ForObligation(seat.Person, obligation, current).IsEmpty) continue;
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
            findings.Add($"NOT_DESIGNATED: {string.Join(", ", pool.Select(c => c.Person.Id))} qualified as backup but nobody holds the seat as primary or interim");

        var events = LossEvents(obligation, pool);
        var uncovered = discharging.Count < minimum;
        var probability = uncovered ? 1.0 : Math.Round(LossDistribution.ProbabilityBelow(events.Select(e => e.Group), minimum), 6);
        var keyPeople = !uncovered && pool.Count - 1 < minimum ? pool.Select(c => c.Person.Id).ToImmutableArray() : [];
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
            KeyPeople = keyPeople,
            ProbabilityUncovered12m = probability,
            LossEvents = [.. events.Select(e => e.Event)],
            AccountableRoles = obligation.AccountableRoles,
            Findings = findings.ToImmutable(),
            Unconfirmed = obligation.Unconfirmed,
        };
    }

    private sealed record ScoredEvent(LossDistribution.Group Group, LossEvent Event);

    /// <summary>
    /// One event per person, except that people supplied by the same vendor under the same kind of
    /// engagement share one contract event whose probability is the contract's, not any member's
    /// (so removing a person can never make the others safer).
    /// </summary>
    private List<ScoredEvent> LossEvents(Obligation obligation, List<Candidate> pool)
    {
        var events = new List<ScoredEvent>();
        var rates = method.Attrition.Rates;
        foreach (var contract in pool.Where(c => c.Person.EmploymentType.IsExternal() && !string.IsNullOrWhiteSpace(c.Person.Vendor))
                     .GroupBy(c => (Vendor: NameKey.Of(c.Person.Vendor!), c.Person.EmploymentType))
                     .OrderBy(g => g.Key.Vendor, StringComparer.Ordinal).ThenBy(g => g.Key.EmploymentType))
        {
            var members = contract.ToList();
            var shared = rates[contract.Key.EmploymentType].AnnualRate;
            var own = members.Select(m => CertainLoss(obligation, m)).ToList();
            var vendor = members[0].Person.Vendor!.Trim();
            var reason = $"vendor contract {vendor} ({contract.Key.EmploymentType.ToString().ToLowerInvariant()}): members leave together, annual rate {shared.ToString("0.###", CultureInfo.InvariantCulture)}";
            var certain = own.Select((o, i) => o is null ? null : $"{members[i].Person.Id} {o}").OfType<string>().ToList();
            if (certain.Count > 0) reason += "; " + string.Join("; ", certain);
            events.Add(new(new(shared, [.. own.Select(o => o is null ? 0.0 : 1.0)]),
                new LossEvent([.. members.Select(m => m.Person.Id)], Math.Round(shared + (1 - shared) * (own.All(o => o is not null) ? 1 : 0), 6), reason)));
        }
        foreach (var candidate in pool.Where(c => !(c.Person.EmploymentType.IsExternal() && !string.IsNullOrWhiteSpace(c.Person.Vendor))))
        {
            var (probability, reason) = PersonLoss(obligation, candidate);
            events.Add(new(new(0, [probability]), new LossEvent([candidate.Person.Id], Math.Round(probability, 6), reason)));
        }
        return events;
    }

    private (double Probability, string Reason) PersonLoss(Obligation obligation, Candidate candidate)
    {
        if (CertainLoss(obligation, candidate) is { } certain) return (1.0, certain);
        var type = candidate.Person.EmploymentType;
        var rate = method.Attrition.Rates[type].AnnualRate;
        var reason = $"{type.ToString().ToLowerInvariant()} annual rate {rate.ToString("0.###", CultureInfo.InvariantCulture)}";
        var newSince = asOf.AddMonths(-method.Attrition.NewInRoleMonths);
        var start = candidate.Seats.Select(s => s.Assignment.RoleStart).OfType<DateOnly>().DefaultIfEmpty().Min();
        if (start != default && start > newSince)
        {
            rate = Math.Min(1, rate * method.Attrition.NewInRoleMultiplier);
            reason += $" × {method.Attrition.NewInRoleMultiplier.ToString("0.##", CultureInfo.InvariantCulture)} (in role since {Day(start)}, under {method.Attrition.NewInRoleMonths} months)";
        }
        return (rate, reason);
    }

    /// <summary>A loss known to happen inside the horizon: a departure, a contract end, or a relied-on certificate expiring.</summary>
    private string? CertainLoss(Obligation obligation, Candidate candidate)
    {
        var person = candidate.Person;
        var end = HorizonEnd;
        if (person.Departure is { } leaves && leaves < end) return $"leaves on {Day(leaves)}";
        if (person.EmploymentType.IsExternal() && person.ContractEnd is { } contractEnd && contractEnd < end)
            return $"contract ends on {Day(contractEnd)}";
        // Would they still qualify with only the certificates that last through the horizon?
        var lasting = person.Certifications.Where(c => c.Expires is null || c.Expires >= end).ToList();
        var stillQualified = candidate.Seats.Any(seat =>
            qualification.ForRole(person, catalog.GetRole(seat.Assignment.RoleId), lasting).IsEmpty
            && qualification.ForObligation(person, obligation, lasting).IsEmpty);
        if (stillQualified) return null;
        var expiring = person.Certifications.Where(c => c.Expires is { } e && e >= asOf && e < end).OrderBy(c => c.Expires).ToList();
        return $"qualification rests on {string.Join(", ", expiring.Select(c => $"{c.CertificationId} (expires {Day(c.Expires!.Value)})"))}";
    }
}
