using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Engine.Assessments;

/// <summary>A person able to carry a duty, with the seats through which they qualify.</summary>
/// <remarks>
/// A value over a slice of one array of the pool's seats: a pool of thousands of people is then two arrays,
/// not an object and a list per person.
/// </remarks>
internal readonly record struct Candidate(Person Person, ArraySegment<Seat> Seats)
{
    public bool IsIncumbent
    {
        get
        {
            foreach (var seat in Seats)
                if (seat.IsIncumbent) return true;
            return false;
        }
    }
}

/// <summary>
/// Who may be lost within the horizon and how likely (DESIGN §5): one event per person, except that
/// people supplied by the same vendor under the same kind of engagement share one contract event whose
/// probability is the contract's, not any member's (so removing a person can never make the others
/// safer). Departures, contract ends and relied-on certificates expiring inside the horizon are certain.
/// </summary>
internal sealed class LossModel(CatalogMethod method, DateOnly asOf)
{
    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // Asked for every person of every pool: the dates worked out once, and the annual rates, wherever they are read,
    // from an ordinary dictionary rather than the method's immutable one (a tree walk each time).
    public DateOnly HorizonEnd { get; } = asOf.AddMonths(method.Windows.HorizonMonths);
    private readonly DateOnly _newSince = asOf.AddMonths(-method.Attrition.NewInRoleMonths);
    private readonly Dictionary<EmploymentType, double> _annualRates = method.Attrition.Rates.ToDictionary(r => r.Key, r => r.Value.AnnualRate);

    /// <summary>An event and its group, side by side: a value, as a pool has one per person.</summary>
    public readonly record struct Scored(LossDistribution.Group Group, LossEvent Event);

    // Everyone on their own with the same probability of loss is the same group: one each, not one per person.
    private readonly Dictionary<double, LossDistribution.Group> _alone = [];

    private LossDistribution.Group Alone(double probability)
    {
        if (!_alone.TryGetValue(probability, out var group)) _alone[probability] = group = new(0, [probability]);
        return group;
    }

    /// <param name="qualifiesOn">Whether a candidate would still qualify holding only the certificates current on the given date.</param>
    /// <param name="restsOn">
    /// Whether a candidate who will not qualify at the horizon's end would fall short in fewer ways were the certificate
    /// still current then: the certificates their qualification rests on, the only ones a certain loss names.
    /// </param>
    public List<Scored> Events(IReadOnlyList<Candidate> pool, Func<Candidate, DateOnly, bool> qualifiesOn, Func<Candidate, HeldCertification, bool> restsOn)
    {
        // At most one event per candidate: made at that size, not grown by doubling through a large pool.
        var events = new List<Scored>(pool.Count);
        foreach (var contract in Contracts(pool))
        {
            var members = contract.ToList();
            var shared = _annualRates[contract.Key.EmploymentType];
            var certain = members.Select(m => CertainLosses(m, qualifiesOn, restsOn)).ToList();
            var own = certain.Select(Describe).ToList();
            var vendor = members[0].Person.Vendor!.Trim();
            var reason = $"vendor contract {vendor} ({contract.Key.EmploymentType.ToString().ToLowerInvariant()}): members leave together, annual rate {shared.ToString("0.###", CultureInfo.InvariantCulture)}";
            var notes = own.Select((o, i) => o is null ? null : $"{PersonMentions.Of(members[i].Person.Id)} {o}").OfType<string>().ToList();
            if (notes.Count > 0) reason += "; " + string.Join("; ", notes);
            var wholeGroupLost = shared + (1 - shared) * (own.All(o => o is not null) ? 1 : 0);
            events.Add(new(new(shared, [.. own.Select(o => o is null ? 0.0 : 1.0)]),
                new LossEvent([.. members.Select(m => m.Person.Id)], Math.Round(wholeGroupLost, 6), reason) { Certain = [.. certain.SelectMany(c => c)] }));
        }
        foreach (var candidate in pool.Where(c => !OnContract(c)))
        {
            var certain = CertainLosses(candidate, qualifiesOn, restsOn);
            var (probability, reason) = certain.IsEmpty ? PersonLoss(candidate) : (1.0, Describe(certain)!);
            events.Add(new(Alone(probability), new LossEvent([candidate.Person.Id], Math.Round(probability, 6), reason) { Certain = certain }));
        }
        return events;
    }

    /// <summary>
    /// The groups <see cref="Events"/> would give, in the same order, without describing them: for a
    /// probability that is not reported event by event (a role's likelihood, a residual).
    /// </summary>
    public List<LossDistribution.Group> Groups(IReadOnlyList<Candidate> pool, Func<Candidate, DateOnly, bool> qualifiesOn)
    {
        // At most one group per candidate: made at that size.
        var groups = new List<LossDistribution.Group>(pool.Count);
        foreach (var contract in Contracts(pool))
        {
            var shared = _annualRates[contract.Key.EmploymentType];
            groups.Add(new(shared, [.. contract.Select(m => CertainLosses(m, qualifiesOn).IsEmpty ? 0.0 : 1.0)]));
        }
        foreach (var candidate in pool)
            if (!OnContract(candidate)) groups.Add(Alone(CertainLosses(candidate, qualifiesOn).IsEmpty ? PersonRate(candidate, out _, out _) : 1.0));
        return groups;
    }

    private static bool OnContract(Candidate c) => c.Person.EmploymentType.IsExternal() && !string.IsNullOrWhiteSpace(c.Person.Vendor);

    /// <summary>People supplied by the same vendor under the same kind of engagement, by vendor then kind.</summary>
    private IEnumerable<IGrouping<(string Vendor, EmploymentType EmploymentType), Candidate>> Contracts(IReadOnlyList<Candidate> pool) =>
        pool.Where(OnContract)
            .GroupBy(c => (Vendor: VendorKey(c.Person.Vendor!), c.Person.EmploymentType))
            .OrderBy(g => g.Key.Vendor, StringComparer.Ordinal).ThenBy(g => g.Key.EmploymentType);

    // Thousands of contractors in every pool name a few vendors: each name's key is made once, not once
    // per contractor per pool (a builder and a string each).
    private readonly Dictionary<string, string> _vendorKeys = new(StringComparer.Ordinal);

    private string VendorKey(string vendor)
    {
        if (!_vendorKeys.TryGetValue(vendor, out var key)) _vendorKeys[vendor] = key = NameKey.Of(vendor);
        return key;
    }

    // Every person of one kind of employment has the same base reason: written once.
    private readonly Dictionary<EmploymentType, string> _rateReasons = [];

    private (double Probability, string Reason) PersonLoss(Candidate candidate)
    {
        var type = candidate.Person.EmploymentType;
        if (!_rateReasons.TryGetValue(type, out var reason))
            _rateReasons[type] = reason = $"{type.ToString().ToLowerInvariant()} annual rate {_annualRates[type].ToString("0.###", CultureInfo.InvariantCulture)}";
        var rate = PersonRate(candidate, out var start, out var isNew);
        // Written at once, the date straight into it: a few thousand people are new in their role.
        if (isNew)
            reason = string.Create(CultureInfo.InvariantCulture,
                $"{reason} × {method.Attrition.NewInRoleMultiplier:0.##} (in role since {start:yyyy-MM-dd}, under {method.Attrition.NewInRoleMonths} months)");
        return (rate, reason);
    }

    /// <summary>The person's annual rate, raised while they are new in the role.</summary>
    private double PersonRate(Candidate candidate, out DateOnly start, out bool isNew)
    {
        var rate = _annualRates[candidate.Person.EmploymentType];
        // The earliest start given (default when none is): asked for every person of every pool, so a loop.
        DateOnly? earliest = null;
        foreach (var seat in candidate.Seats)
            if (seat.Assignment.RoleStart is { } since && (earliest is null || since < earliest)) earliest = since;
        start = earliest ?? default;
        isNew = start != default && start > _newSince;
        return isNew ? Math.Min(1, rate * method.Attrition.NewInRoleMultiplier) : rate;
    }

    /// <summary>A loss known to happen inside the horizon: a departure, a contract end, or relied-on certificates expiring.</summary>
    /// <param name="restsOn">
    /// Null when only whether there is a loss matters (<see cref="Groups"/>): a certificate the qualification rests on is
    /// among those expiring whenever the candidate will not qualify at the end, so the unfiltered list is as empty as it.
    /// </param>
    private ImmutableArray<CertainLoss> CertainLosses(Candidate candidate, Func<Candidate, DateOnly, bool> qualifiesOn,
        Func<Candidate, HeldCertification, bool>? restsOn = null)
    {
        var person = candidate.Person;
        var end = HorizonEnd;
        if (person.Departure is { } leaves && leaves < end) return [new CertainLoss(person.Id, CertainLossKind.Departure, leaves)];
        if (person.EmploymentType.IsExternal() && person.ContractEnd is { } contractEnd && contractEnd < end)
            return [new CertainLoss(person.Id, CertainLossKind.ContractEnd, contractEnd)];
        // Still qualified on the certificates that last the horizon (those current on its last day)?
        if (qualifiesOn(candidate, end)) return [];
        return ExpiringWithin(candidate, end, restsOn);
    }

    private bool ExpiresWithin(HeldCertification held, DateOnly end) => held.Expires is { } e && e >= asOf && e < end;

    /// <summary>
    /// The candidate's certificates expiring from the as-of date to before the end that their qualification rests on (all
    /// of them when <paramref name="restsOn"/> is null), soonest first (in held order on the same day).
    /// </summary>
    /// <remarks>
    /// Put in order as they are found (a person holds a few), and nothing made when none expires: a sorted query made
    /// a closure, a sorter and its key arrays for each of thousands of people, asked for every pool. A certificate that
    /// evidences nothing the duty needs is not a reason the person is lost, nor one to renew.
    /// </remarks>
    private ImmutableArray<CertainLoss> ExpiringWithin(Candidate candidate, DateOnly end, Func<Candidate, HeldCertification, bool>? restsOn)
    {
        var person = candidate.Person;
        var count = 0;
        foreach (var held in person.Certifications)
            if (ExpiresWithin(held, end)) count++;
        if (count == 0) return [];
        var losses = new CertainLoss[count];
        var found = 0;
        foreach (var held in person.Certifications)
        {
            if (!ExpiresWithin(held, end) || (restsOn is not null && !restsOn(candidate, held))) continue;
            var loss = new CertainLoss(person.Id, CertainLossKind.CertificateExpiry, held.Expires!.Value, held.CertificationId);
            var at = found++;
            for (; at > 0 && losses[at - 1].Date > loss.Date; at--) losses[at] = losses[at - 1];
            losses[at] = loss;
        }
        if (found < count) Array.Resize(ref losses, found);
        return ImmutableCollectionsMarshal.AsImmutableArray(losses);
    }

    private static string? Describe(ImmutableArray<CertainLoss> losses) => losses.IsEmpty ? null : losses[0].Kind switch
    {
        CertainLossKind.Departure => $"leaves on {Day(losses[0].Date)}",
        CertainLossKind.ContractEnd => $"contract ends on {Day(losses[0].Date)}",
        _ => $"qualification rests on {string.Join(", ", losses.Select(c => $"{c.CertificationId} (expires {Day(c.Date)})"))}",
    };

    /// <summary>P(fewer than <paramref name="minimum"/> of the pool remain at the horizon), rounded for stable output.</summary>
    public static double ProbabilityBelow(List<Scored> events, int minimum)
    {
        // The members counted here, so the groups are read where they are rather than copied into an array.
        var most = 1;
        foreach (var scored in events) most += scored.Group.MemberLoss.Count;
        return Math.Round(LossDistribution.ProbabilityBelow(events.Select(e => e.Group), most, minimum), 6);
    }

    /// <summary>People whose loss within the horizon is certain, alone or with their whole contract.</summary>
    /// <remarks>Read event by event: a query boxed each event's certain losses and made an iterator over them, for thousands of events.</remarks>
    public static HashSet<string> CertainlyLost(List<Scored> events)
    {
        var lost = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (group, loss) in events)
            if (group.SharedLoss >= 1)
                foreach (var id in loss.People) lost.Add(id);
            else
                foreach (var certain in loss.Certain) lost.Add(certain.PersonId);
        return lost;
    }

    public static ImmutableArray<LossEvent> Describe(List<Scored> events)
    {
        var described = new LossEvent[events.Count];
        for (var i = 0; i < described.Length; i++) described[i] = events[i].Event;
        return ImmutableCollectionsMarshal.AsImmutableArray(described);
    }
}
