using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Engine.Assessments;

/// <summary>
/// Computes one role's holders and fragility flags (DESIGN §5, the flag table). Each rule below is one row
/// of that table; docs/flags.md states them for users.
/// </summary>
internal sealed class RoleFlagRules(Catalog catalog, CatalogMethod method, DateOnly asOf, Qualification qualification)
{
    private static Invariant<double> Fte(Load load) => new(load.StatedFte, Load.FteFormat);
    private static Invariant<double> Years(double value) => new(value, Experience.Format);
    private static Invariant<DateOnly> Day(DateOnly date) => new(date, "yyyy-MM-dd");

    /// <summary>A number or date written the same way in every culture, straight into the message being made (no string of its own).</summary>
    private readonly struct Invariant<T>(T value, string format) : ISpanFormattable where T : ISpanFormattable
    {
        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> _, IFormatProvider? __) =>
            value.TryFormat(destination, out charsWritten, format, CultureInfo.InvariantCulture);

        public string ToString(string? _, IFormatProvider? __) => ToString();

        public override string ToString() => value.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>An enum's names in lower case, made once (each message would otherwise make two strings of one).</summary>
    private static class LowerName<T> where T : struct, Enum
    {
        private static readonly FrozenDictionary<T, string> Names = Enum.GetValues<T>().Distinct().ToFrozenDictionary(v => v, v => v.ToString().ToLowerInvariant());

        public static string Of(T value) => Names.TryGetValue(value, out var name) ? name : value.ToString().ToLowerInvariant();
    }

    /// <summary>
    /// One boxed copy of each number and date stated as evidence: most flags state the same few, and once an evidence
    /// map of the same content exists the flag shares it, so a box made for each flag would be garbage at once.
    /// </summary>
    private sealed class Boxes
    {
        private const int MaxRemembered = 10_000;
        private readonly Dictionary<int, object> _ints = [];
        // By their bits: 0 and -0 are written differently.
        private readonly Dictionary<long, object> _doubles = [];
        private readonly Dictionary<DateOnly, object> _days = [];
        private readonly Dictionary<Assignment, object> _assignments = [];

        public object Of(int value) => _ints.GetOrMake(value, static v => v, MaxRemembered);
        public object Of(double value) => _doubles.GetOrMake(BitConverter.DoubleToInt64Bits(value), static bits => BitConverter.Int64BitsToDouble(bits), MaxRemembered);
        public object Of(DateOnly value) => _days.GetOrMake(value, static v => v, MaxRemembered);
        public object Of(Assignment value) => _assignments.GetOrMake(value, static v => v, MaxRemembered);
    }

    private readonly Boxes _boxes = new();

    /// <summary>What one seat contributes: its holder entry and its flags, and the load they were worked out with.</summary>
    /// <remarks>A struct, kept in the role's array of outcomes: no object per seat.</remarks>
    private readonly record struct SeatOutcome(Load Load, Holder Holder, bool Qualified, FragilityFlag[] Flags)
    {
        /// <summary>The codes of <see cref="Flags"/>, a bit per code.</summary>
        public ulong Codes { get; } = CodesOf(Flags);

        private static ulong CodesOf(FragilityFlag[] flags)
        {
            var codes = 0UL;
            foreach (var flag in flags) codes |= Bit(flag.Code);
            return codes;
        }
    }

    private static ulong Bit(FlagCode code) => 1UL << (int)code;

    /// <summary>Every flag code has a bit of its own in a <see cref="ulong"/>.</summary>
    private static readonly bool CodesFit = Enum.GetValues<FlagCode>().All(c => (int)c is >= 0 and < 64);

    // The last full assessment of each role, seat by seat. A seat's holder entry and flags depend only on
    // the seat (person and assignment), the role and the person's load across the roster; a what-if state
    // keeps almost every seat object, in the same order, so scoring it reuses those outcomes.
    private readonly Dictionary<Role, (RosterState State, ImmutableArray<Seat> Seats, SeatOutcome[] Outcomes, List<Seat> Qualified)> _assessed = new(ReferenceEqualityComparer.Instance);

    // Holders share a great deal of evidence (the same training date, rule and date, gaps, years): each
    // distinct content gets one immutable evidence map, shared by every flag that states it. It is looked up by
    // the flag's items on the stack; only a new content is copied into an array to be kept.
    private readonly Dictionary<(string, object?)[], ImmutableSortedDictionary<string, object>> _evidence = new(SameEvidence.Instance);
    private Dictionary<(string, object?)[], ImmutableSortedDictionary<string, object>>.AlternateLookup<ReadOnlySpan<(string, object?)>> EvidenceByItems =>
        _evidence.GetAlternateLookup<ReadOnlySpan<(string, object?)>>();

    // Holders share shortfalls ("experience: 2 years, needs 3"): each distinct list is written once.
    private readonly ShortfallTexts _shortfallTexts = new();

    private ImmutableSortedDictionary<string, object> SharedEvidence(ReadOnlySpan<(string, object?)> items)
    {
        if (EvidenceByItems.TryGetValue(items, out var shared)) return shared;
        var values = new (string, object?)[items.Length];
        for (var i = 0; i < items.Length; i++)
            values[i] = items[i].Item2 is GapList list
                ? (items[i].Item1, list.Gaps.Select(g => new Dictionary<string, object> { ["competency"] = g.Competency, ["level"] = g.Level, ["required"] = g.Required }).ToArray())
                : items[i];
        shared = Evidence.Of(values);
        if (SameEvidence.Comparable(items)) _evidence[items.ToArray()] = shared;
        return shared;
    }

    /// <summary>Evidence items equal by content: same names, and values of the same type that are equal (doubles bit for bit, lists item by item).</summary>
    private sealed class SameEvidence : IEqualityComparer<(string, object?)[]>, IAlternateEqualityComparer<ReadOnlySpan<(string, object?)>, (string, object?)[]>
    {
        public static readonly SameEvidence Instance = new();

        public static bool Comparable(ReadOnlySpan<(string, object?)> items)
        {
            foreach (var (_, value) in items)
                if (!(value is null or string or int or double or DateOnly or Enum or GapList or string[])) return false;
            return true;
        }

        public bool Equals((string, object?)[]? x, (string, object?)[]? y)
        {
            if (ReferenceEquals(x, y)) return true;
            return x is not null && y is not null && Equals(x.AsSpan(), y);
        }

        public bool Equals(ReadOnlySpan<(string, object?)> x, (string, object?)[] y)
        {
            if (x.Length != y.Length) return false;
            for (var i = 0; i < x.Length; i++)
                if (!string.Equals(x[i].Item1, y[i].Item1, StringComparison.Ordinal) || !SameValue(x[i].Item2, y[i].Item2)) return false;
            return true;
        }

        private static bool SameValue(object? a, object? b) => (a, b) switch
        {
            (null, null) => true,
            (null, _) or (_, null) => false,
            _ when a.GetType() != b.GetType() => false,
            (double da, double db) => BitConverter.DoubleToInt64Bits(da) == BitConverter.DoubleToInt64Bits(db),
            (string[] sa, string[] sb) => sa.AsSpan().SequenceEqual(sb),
            (GapList ga, GapList gb) => ga.Gaps.SequenceEqual(gb.Gaps),
            _ => a.Equals(b),
        };

        public int GetHashCode((string, object?)[] items) => GetHashCode(items.AsSpan());

        public (string, object?)[] Create(ReadOnlySpan<(string, object?)> items) => items.ToArray();

        public int GetHashCode(ReadOnlySpan<(string, object?)> items)
        {
            var hash = new HashCode();
            foreach (var (name, value) in items)
            {
                hash.Add(name, StringComparer.Ordinal);
                switch (value)
                {
                    case double d: hash.Add(BitConverter.DoubleToInt64Bits(d)); break;
                    case string[] list: foreach (var item in list) hash.Add(item, StringComparer.Ordinal); break;
                    case GapList gaps: foreach (var gap in gaps.Gaps) hash.Add(gap); break;
                    default: hash.Add(value); break;
                }
            }
            return hash.ToHashCode();
        }
    }

    private static bool SameLoad(Load a, Load b) =>
        (!a.IsOverloaded && !b.IsOverloaded)
        || (a.TotalFte.Equals(b.TotalFte) && a.CriticalIncumbentRoles.SequenceEqual(b.CriticalIncumbentRoles, StringComparer.Ordinal) && a.PersonId == b.PersonId);

    public RoleResult Assess(Role role, RosterState state)
    {
        var seats = state.SeatArrayIn(role.Id);
        var outcomes = new SeatOutcome[seats.Length];
        var holders = new Holder[seats.Length];
        var qualified = new List<Seat>();
        var count = 0;
        for (var i = 0; i < seats.Length; i++)
        {
            var outcome = outcomes[i] = AssessSeat(role, seats[i], state.LoadOf(seats[i].Person.Id));
            if (outcome.Qualified) qualified.Add(seats[i]);
            holders[i] = outcome.Holder;
            count += outcome.Flags.Length;
        }
        _assessed[role] = (state, seats, outcomes, qualified);
        var roleFlags = new List<FragilityFlag>();
        RoleLevelFlags(role, seats, qualified, (code, personId, message, evidence) =>
            roleFlags.Add(new FragilityFlag(code, personId, message, Evidence.Of(evidence))));
        // A large role raises tens of thousands of flags: the array is made once at its size rather than
        // grown by doubling, each copy a large object for the collector.
        var flags = new FragilityFlag[count + roleFlags.Count];
        var at = 0;
        foreach (var outcome in outcomes)
        {
            outcome.Flags.CopyTo(flags, at);
            at += outcome.Flags.Length;
        }
        roleFlags.CopyTo(flags, at);

        return new RoleResult
        {
            RoleId = role.Id,
            Title = role.Title,
            Tier = role.Tier,
            Holders = Sorted(holders, static h => (int)h.Assignment, static (a, b) => string.CompareOrdinal(a.PersonId, b.PersonId)),
            QualifiedCount = qualified.Count,
            RequiredQualified = role.RequiredQualified,
            Flags = Sorted(flags, static f => (int)f.Code, static (a, b) =>
            {
                var c = string.CompareOrdinal(a.PersonId, b.PersonId);
                return c != 0 ? c : string.CompareOrdinal(a.Message, b.Message);
            }),
        };
    }

    /// <summary>
    /// The items ordered by their number, then by <paramref name="within"/>, then by their place in the array: the
    /// order of a stable OrderBy/ThenBy on the same keys.
    /// </summary>
    /// <remarks>
    /// The numbers are a handful (flag codes, assignments), so items are first counted into place by number,
    /// keeping their order; within a number they usually come in order already (a role's seats as the roster
    /// lists them, often by id), so a run is sorted only when it is not. A large role's hundred thousand flags
    /// are then put in order in a few passes instead of a comparison sort's millions of string comparisons, and
    /// without a sort key per item.
    /// </remarks>
    private static ImmutableArray<T> Sorted<T>(T[] items, Func<T, int> number, Comparison<T> within)
    {
        if (items.Length < 2) return ImmutableCollectionsMarshal.AsImmutableArray(items);
        int least = int.MaxValue, most = int.MinValue;
        foreach (var item in items)
        {
            var n = number(item);
            least = Math.Min(least, n);
            most = Math.Max(most, n);
        }
        T[] sorted;
        if ((long)most - least < 1024)
        {
            // Counted into place by number (a counting sort), keeping their order within a number.
            var starts = new int[most - least + 2];
            foreach (var item in items) starts[number(item) - least + 1]++;
            for (var n = 1; n < starts.Length; n++) starts[n] += starts[n - 1];
            sorted = new T[items.Length];
            foreach (var item in items) sorted[starts[number(item) - least]++] = item;
        }
        else
        {
            // Numbers too far apart to count: one run, sorted by number as well (the array is the caller's own).
            sorted = items;
            var (byNumber, inNumber) = (number, within);
            within = (a, b) => byNumber(a) != byNumber(b) ? byNumber(a).CompareTo(byNumber(b)) : inNumber(a, b);
            number = static _ => 0;
        }
        for (var start = 0; start < sorted.Length;)
        {
            var run = number(sorted[start]);
            var end = start + 1;
            var inOrder = true;
            for (; end < sorted.Length && number(sorted[end]) == run; end++)
                if (inOrder && within(sorted[end - 1], sorted[end]) > 0) inOrder = false;
            if (!inOrder) SortStably(sorted.AsSpan(start, end - start), within);
            start = end;
        }
        return ImmutableCollectionsMarshal.AsImmutableArray(sorted);
    }

    /// <summary>The items ordered by <paramref name="within"/>, keeping their order where it finds them equal.</summary>
    private static void SortStably<T>(Span<T> items, Comparison<T> within)
    {
        var copy = items.ToArray();
        var places = new int[copy.Length];
        for (var i = 0; i < places.Length; i++) places[i] = i;
        places.AsSpan().Sort((a, b) =>
        {
            var c = within(copy[a], copy[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
        for (var i = 0; i < places.Length; i++) items[i] = copy[places[i]];
    }

    /// <summary>The seats found qualified, in seat order, by the last <see cref="Assess"/> of the role on this state; null if there was none.</summary>
    public IReadOnlyList<Seat>? QualifiedIn(Role role, RosterState state) =>
        _assessed.TryGetValue(role, out var last) && ReferenceEquals(last.State, state) ? last.Qualified : null;

    /// <summary>
    /// What scoring a role on a what-if state needs, without writing the assessment out: the codes of the
    /// flags <see cref="Assess"/> would raise (a bit per <see cref="FlagCode"/>) and the qualified seats, in order.
    /// </summary>
    public (ulong Codes, List<Seat> Qualified) Outline(Role role, RosterState state)
    {
        var seats = state.SeatArrayIn(role.Id);
        var codes = 0UL;
        var qualified = new List<Seat>();
        if (!CodesFit)
        {
            foreach (var flag in Assess(role, state).Flags) codes |= Bit(flag.Code);
            return (codes, [.. seats.Where(s => AssessSeat(role, s, state.LoadOf(s.Person.Id)).Qualified)]);
        }
        // A seat of the last full assessment keeps its outcome unless its holder's seats changed since, and
        // their load with them; any other seat is assessed. A what-if replaces seats in place, adds them at
        // the end and removes them, so a seat is looked for where it was, then just after the last one found.
        var prior = _assessed.GetValueOrDefault(role);
        var changed = prior.State is null ? null : state.SeatsOfPeopleChangedSince(prior.State);
        Dictionary<Seat, int>? places = null;
        var next = 0;
        for (var i = 0; i < seats.Length; i++)
        {
            var seat = seats[i];
            SeatOutcome? outcome = null; // (a nullable struct: no object)
            if (changed is not null)
            {
                var was = prior.Seats;
                var found = i < was.Length && ReferenceEquals(was[i], seat) ? i
                    : next < was.Length && ReferenceEquals(was[next], seat) ? next
                    : next + 1 < was.Length && ReferenceEquals(was[next + 1], seat) ? next + 1
                    : (places ??= Places(was)).GetValueOrDefault(seat, -1);
                if (found >= 0)
                {
                    next = found + 1;
                    outcome = prior.Outcomes[found];
                    if (changed.Contains(seat) && !SameLoad(outcome.Value.Load, state.LoadOf(seat.Person.Id))) outcome = null;
                }
            }
            var known = outcome ?? AssessSeat(role, seat, state.LoadOf(seat.Person.Id));
            codes |= known.Codes;
            if (known.Qualified) qualified.Add(seat);
        }
        RoleLevelFlags(role, seats, qualified, (code, _, _, _) => codes |= Bit(code));
        return (codes, qualified);
    }

    private static Dictionary<Seat, int> Places(ImmutableArray<Seat> seats)
    {
        var places = new Dictionary<Seat, int>(seats.Length, SameSeat.Instance);
        for (var i = 0; i < seats.Length; i++) places.TryAdd(seats[i], i);
        return places;
    }

    /// <summary>Seats compared by reference, hashed by their holder's id (cheaper than an identity hash for each new seat).</summary>
    private sealed class SameSeat : IEqualityComparer<Seat>
    {
        public static readonly SameSeat Instance = new();
        public bool Equals(Seat? x, Seat? y) => ReferenceEquals(x, y);
        public int GetHashCode(Seat seat) => StringComparer.Ordinal.GetHashCode(seat.Person.Id);
    }

    /// <summary>Role-level rules: about the set of holders, not one of them.</summary>
    private static void RoleLevelFlags(Role role, IReadOnlyList<Seat> seats, List<Seat> qualified, Action<FlagCode, string?, string, (string, object?)[]> flag)
    {
        void Flag(FlagCode code, string? personId, string message, params (string, object?)[] evidence) => flag(code, personId, message, evidence);

        var required = role.RequiredQualified;
        if (seats.Count == 0)
            Flag(FlagCode.Vacant, null, $"Nobody holds the role of {role.Title}", ("requiredQualified", required));
        else if (qualified.Count == 0)
            Flag(FlagCode.NoQualifiedHolder, null, $"{seats.Count} holder(s), none qualified",
                ("holders", seats.Count), ("requiredQualified", required));
        if (qualified.Count == 1)
            Flag(FlagCode.SinglePointOfFailure, qualified[0].Person.Id,
                $"{qualified[0].Person.Id} is the only qualified holder", ("qualified", 1), ("requiredQualified", required));
        if (qualified.Count > 0 && qualified.Count < required)
            Flag(FlagCode.BelowRequiredHeadcount, null, $"{qualified.Count} qualified of {required} required",
                ("qualified", qualified.Count), ("requiredQualified", required));
        if (seats.Count > 0 && role.MinExperienceYears > 0 && seats.All(s => !(s.Person.YearsExperience >= role.MinExperienceYears)))
            Flag(FlagCode.JuniorOnlyCoverage, null,
                $"Every holder has less than the {Years(role.MinExperienceYears)} years of experience the role needs",
                ("holders", seats.Count), ("minExperienceYears", role.MinExperienceYears));
        var relied = qualified.Count > 0 ? qualified : seats;
        if (relied.Count > 0 && relied.All(s => s.Person.EmploymentType.IsExternal()))
            Flag(FlagCode.ExternalDependency, null,
                qualified.Count > 0
                    ? $"Every qualified holder is a contractor, vendor or MSP ({string.Join(", ", relied.Select(s => s.Person).DistinctBy(p => NameKey.Of(p.Vendor ?? p.Id)).Select(p => p.Vendor ?? PersonMentions.Of(p.Id)))})"
                    : "Nobody is qualified and every holder is a contractor, vendor or MSP",
                ("people", relied.Select(s => s.Person.Id).ToArray()),
                // One vendor however its name is written, as the loss model groups their people (one contract).
                ("vendors", relied.Select(s => s.Person.Vendor).OfType<string>().DistinctBy(NameKey.Of).ToArray()));
    }

    private static readonly GapList NoGaps = new([]);

    // The flags of the seat being assessed, one seat at a time: each outcome keeps an array of its own flags' size.
    private readonly List<FragilityFlag> _seatFlags = [];

    /// <summary>The holder entry and the person-level flags of one seat (the rows of the flag table about one holder).</summary>
    private SeatOutcome AssessSeat(Role role, Seat seat, Load load)
    {
        var flags = _seatFlags;
        flags.Clear();
        // Called directly, never as a delegate, with the evidence on the stack, so it costs no allocation per seat.
        void Flag(FlagCode code, string? personId, string message, params ReadOnlySpan<(string, object?)> evidence) => AddFlag(flags, code, personId, message, evidence);

        var person = seat.Person;
        var shortfalls = qualification.ForRoleOnce(person, role, asOf);
        var holder = new Holder
        {
            PersonId = person.Id,
            Name = person.Name,
            Assignment = seat.Assignment.Assignment,
            EmploymentType = person.EmploymentType,
            Vendor = person.Vendor,
            Fte = seat.Assignment.Fte,
            RoleStart = seat.Assignment.RoleStart,
            YearsExperience = person.YearsExperience,
            Qualified = shortfalls.IsEmpty,
            Shortfalls = shortfalls.IsEmpty ? [] : _shortfallTexts.Of(shortfalls),
        };

        var (gaps, gapText) = shortfalls.IsEmpty ? (NoGaps, "") : _shortfallTexts.GapsOf(shortfalls);
        if (gaps.Gaps.Count > 0)
            Flag(FlagCode.CompetencyGap, person.Id, $"{person.Id} is below the required level on {gapText}", ("gaps", gaps));

        if (seat.IsIncumbent && role.MinExperienceYears > 0 && !(person.YearsExperience >= role.MinExperienceYears))
            Flag(FlagCode.InexperiencedIncumbent, person.Id,
                person.YearsExperience is { } years
                    ? $"{person.Id} ({LowerName<Assignment>.Of(seat.Assignment.Assignment)}) has {Years(years)} year{(years == 1 ? "" : "s")} of relevant experience; the role needs {Years(role.MinExperienceYears)}"
                    : $"{person.Id} ({LowerName<Assignment>.Of(seat.Assignment.Assignment)}) has no experience given; the role needs {Years(role.MinExperienceYears)} years",
                ("yearsExperience", person.YearsExperience is { } y ? _boxes.Of(y) : "no experience given"),
                ("minExperienceYears", _boxes.Of(role.MinExperienceYears)),
                ("assignment", _boxes.Of(seat.Assignment.Assignment)));

        if (shortfalls.Any(s => s is Shortfall.NoAcceptedCertification))
            Flag(FlagCode.CertMissing, person.Id,
                $"{person.Id} holds no current certification the organization requires for this role ({string.Join(", ", role.CertificationPolicy.Accepted)})",
                ("accepted", role.CertificationPolicy.Accepted.ToArray()));

        CertificationFlags(role, person, shortfalls, flags);

        if (qualifiedNow(shortfalls) && LeavesWithin(person, method.Windows.DeparturePendingDays) is { } leaving)
            Flag(FlagCode.DeparturePending, person.Id,
                $"{person.Id}, a qualified holder, {leaving.What} on {Day(leaving.Date)} (within {method.Windows.DeparturePendingDays} days)",
                ("date", _boxes.Of(leaving.Date)), ("kind", leaving.Kind), ("windowDays", _boxes.Of(method.Windows.DeparturePendingDays)));

        if (load.IsOverloaded)
            Flag(FlagCode.Overloaded, person.Id,
                load.CriticalIncumbentRoles.Count >= 2
                    ? $"{person.Id} holds primary or interim seats in {load.CriticalIncumbentRoles.Count} tier 1-2 roles ({string.Join(", ", load.CriticalIncumbentRoles)})"
                    : $"{person.Id} carries {Fte(load)} FTE across their roles",
                ("criticalIncumbentRoles", load.CriticalIncumbentRoles.ToArray()), ("totalFte", load.StatedFte));

        foreach (var rule in role.Currency)
        {
            var last = rule.Evidence == CurrencyEvidence.Exercise ? person.LastExercise : person.LastTraining;
            var limit = asOf.AddMonths(-rule.WithinMonths);
            if (last is null || last < limit)
                Flag(FlagCode.CurrencyLapsed, person.Id,
                    last is { } date
                        ? $"{person.Id}: {rule.Description.AsSpan().TrimEnd('.')} — last {LowerName<CurrencyEvidence>.Of(rule.Evidence)} {Day(date)} is more than {rule.WithinMonths} months ago"
                        : $"{person.Id}: {rule.Description.AsSpan().TrimEnd('.')} — no date given",
                    ("rule", rule.Id), ("last", last is { } l ? _boxes.Of(l) : "no date given"), ("withinMonths", _boxes.Of(rule.WithinMonths)));
        }

        var cadence = method.Windows.TrainingCadenceMonths;
        if (person.LastTraining is null || person.LastTraining < asOf.AddMonths(-cadence))
            Flag(FlagCode.TrainingOverdue, person.Id,
                person.LastTraining is { } trained
                    ? $"{person.Id} last trained on {Day(trained)}, more than {cadence} months ago"
                    : $"{person.Id} has no training date given",
                ("lastTraining", person.LastTraining is { } t ? _boxes.Of(t) : "no date given"), ("cadenceMonths", _boxes.Of(cadence)));

        if (seat.Assignment.Assignment == Assignment.Interim && seat.Assignment.RoleStart is { } start
            && asOf.DayNumber - start.DayNumber > method.Windows.InterimMaxDays)
            Flag(FlagCode.InterimTooLong, person.Id,
                $"{person.Id} has held the seat as interim since {Day(start)} ({asOf.DayNumber - start.DayNumber} days; limit {method.Windows.InterimMaxDays})",
                ("roleStart", _boxes.Of(start)), ("days", _boxes.Of(asOf.DayNumber - start.DayNumber)), ("maxDays", _boxes.Of(method.Windows.InterimMaxDays)));
        return new SeatOutcome(load, holder, shortfalls.IsEmpty, flags.Count == 0 ? [] : [.. flags]);

        static bool qualifiedNow(ImmutableArray<Shortfall> shortfalls) => shortfalls.IsEmpty;
    }

    private void AddFlag(List<FragilityFlag> flags, FlagCode code, string? personId, string message, ReadOnlySpan<(string, object?)> evidence) =>
        flags.Add(new FragilityFlag(code, personId, message, SharedEvidence(evidence)));

    /// <summary>
    /// CERT_EXPIRED / CERT_EXPIRING: only certificates the holder's qualification rests on. An expiring
    /// certificate counts when losing it would add a shortfall; an expired one when it would remove one.
    /// </summary>
    private void CertificationFlags(Role role, Person person, ImmutableArray<Shortfall> shortfalls, List<FragilityFlag> flags)
    {
        void flag(FlagCode code, string? personId, string message, ReadOnlySpan<(string, object?)> evidence) => AddFlag(flags, code, personId, message, evidence);

        if (!person.Certifications.Any(c => c.Expires is not null)) return;
        // Listed only for a certificate that can count: most holders' dated certificates cannot for the role.
        List<HeldCertification>? current = null;
        var window = method.Windows.CertExpiringDays;
        // Read rosters list certifications by id already; only others are put in that order here.
        var certifications = person.Certifications;
        for (var i = 1; i < certifications.Length; i++)
            if (string.CompareOrdinal(certifications[i - 1].CertificationId, certifications[i].CertificationId) > 0)
            {
                certifications = [.. certifications.OrderBy(c => c.CertificationId, StringComparer.Ordinal)];
                break;
            }
        foreach (var held in certifications)
        {
            if (held.Expires is not { } expires) continue;
            // A certificate the role's qualification cannot rest on changes no shortfall either way.
            if (!CanCount(role, held)) continue;
            var name = catalog.FindCertification(held.CertificationId)?.Name ?? held.CertificationId;
            if (expires < asOf)
            {
                current ??= Qualification.CurrentOn(person, asOf).ToList();
                var withIt = qualification.ForRole(person, role, [.. current, held with { Expires = null }]);
                if (withIt.Length < shortfalls.Length)
                    flag(FlagCode.CertExpired, person.Id,
                        $"{person.Id}'s {name} expired on {Day(expires)}; it was evidence for this role",
                        [("certification", held.CertificationId), ("expired", expires)]);
            }
            else if (expires.DayNumber - asOf.DayNumber <= window)
            {
                current ??= Qualification.CurrentOn(person, asOf).ToList();
                var without = qualification.ForRole(person, role, AllBut(current, held));
                if (without.Length > shortfalls.Length)
                    flag(FlagCode.CertExpiring, person.Id,
                        $"{person.Id}'s {name} expires on {Day(expires)} (within {window} days); their qualification rests on it",
                        [("certification", held.CertificationId), ("expires", expires), ("windowDays", window)]);
            }
        }
    }

    /// <summary>The certificates but one.</summary>
    /// <remarks>A loop rather than a lambda, whose closure would be made for every dated certificate looked at, counted or not.</remarks>
    private static List<HeldCertification> AllBut(List<HeldCertification> certifications, HeldCertification left)
    {
        var others = new List<HeldCertification>(certifications.Count);
        foreach (var held in certifications)
            if (held != left) others.Add(held);
        return others;
    }

    /// <summary>
    /// Whether holding the certificate can change the holder's shortfalls for the role: it evidences a level on
    /// one of the role's critical competencies, or it is one of the role's accepted certificates and the
    /// organization requires one. Otherwise the role's qualification is the same with or without it.
    /// </summary>
    private bool CanCount(Role role, HeldCertification held)
    {
        if (role.CertificationPolicy.Mode == CertificationPolicyMode.RequiredByOrg && role.CertificationPolicy.Accepted.Contains(held.CertificationId)) return true;
        if (catalog.FindCertification(held.CertificationId) is not { } cert) return false;
        foreach (var evidence in cert.Evidences)
            foreach (var requirement in role.Requires)
                if (requirement.Critical && evidence.Competency == requirement.Competency) return true;
        return false;
    }

    internal sealed record Leaving(DateOnly Date, string Kind, string What);

    /// <summary>The person's departure, or for external staff their contract end, on or after the as-of date and within the window.</summary>
    /// <remarks>Of the two, the earlier; on the same day, the departure.</remarks>
    private Leaving? LeavesWithin(Person person, int days)
    {
        bool within(DateOnly date) => date >= asOf && date.DayNumber - asOf.DayNumber <= days;

        DateOnly? departure = person.Departure is { } d && within(d) ? d : null;
        DateOnly? contractEnd = person.EmploymentType.IsExternal() && person.ContractEnd is { } c && within(c) ? c : null;
        if (contractEnd is { } end && (departure is null || end < departure))
            return new(end, "contract-end", "reaches the end of their contract");
        return departure is { } leaves ? new(leaves, "departure", "leaves") : null;
    }
}

/// <summary>A holder's competency gaps as evidence: compared by content, written as a list of {competency, level, required}.</summary>
internal sealed record GapList(List<Shortfall.CompetencyGap> Gaps);

/// <summary>
/// The text of a holder's shortfalls, and their competency gaps with the text of those, one shared copy per
/// distinct list: thousands of holders of a role fall short in the same few ways. Lists are compared by what
/// their text is made of (<see cref="SameShortfalls"/>).
/// </summary>
internal sealed class ShortfallTexts
{
    private const int MaxRemembered = 10_000;
    private readonly Dictionary<ImmutableArray<Shortfall>, ImmutableArray<string>> _texts = new(SameShortfalls.Instance);

    private readonly Dictionary<ImmutableArray<Shortfall>, (GapList, string)> _gaps = new(SameShortfalls.Instance);

    /// <summary>The competency gaps among the shortfalls, one shared (never changed) list per distinct list, and their text.</summary>
    public (GapList Gaps, string Text) GapsOf(ImmutableArray<Shortfall> shortfalls)
    {
        return _gaps.GetOrMake(shortfalls, static shortfalls =>
        {
            var gaps = new GapList(shortfalls.OfType<Shortfall.CompetencyGap>().ToList());
            return (gaps, string.Join(", ", gaps.Gaps.Select(g => $"{g.Competency} ({g.Level} of {g.Required})")));
        }, MaxRemembered);
    }

    public ImmutableArray<string> Of(ImmutableArray<Shortfall> shortfalls)
    {
        return _texts.GetOrMake(shortfalls, static shortfalls => [.. shortfalls.Select(s => s.ToString())], MaxRemembered);
    }
}
