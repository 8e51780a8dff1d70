using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Engine.Assessments;

/// <summary>A reason a person falls short of a role or obligation.</summary>
public abstract record Shortfall
{
    public sealed record CompetencyGap(string Competency, int Level, int Required) : Shortfall
    {
        public override string ToString() => $"{Competency}: level {Level}, needs {Required}";
    }

    public sealed record TooLittleExperience(double? Years, double Required) : Shortfall
    {
        public override string ToString() => Years is { } y
            ? $"experience: {Experience.Years(y)} years, needs {Experience.Years(Required)}"
            : $"experience: no experience given, needs {Experience.Years(Required)} years";
    }

    public sealed record NoAcceptedCertification(ImmutableArray<string> Accepted) : Shortfall
    {
        public override string ToString() => $"certification: none current of {string.Join(", ", Accepted)}";
    }
}

/// <summary>Years of experience in words, as the roster and the catalog give them.</summary>
/// <remarks>
/// Never rounded: a holder is short of a role's minimum by any fraction, and 4.99 years rounded would read as the 5 the
/// role needs. (The roster's years are read from text, so the shortest round-trip form is what it said.)
/// </remarks>
public static class Experience
{
    /// <summary>The format of <see cref="Years"/>, for text written without a string of its own.</summary>
    public const string Format = "R";

    public static string Years(double years) => years.ToString(Format, CultureInfo.InvariantCulture);
}

/// <summary>
/// DESIGN §3 "Qualified": every critical competency at the required level (self-reported, or the level a
/// current certification evidences, whichever is higher), the minimum experience, and under
/// <c>required-by-org</c> a current accepted certification. Pure functions of a person and a set of
/// certifications deemed current, so callers can ask "what if this certificate lapsed?".
/// </summary>
public sealed class Qualification(Catalog catalog)
{
    // Coverage, scores and residuals ask about the same qualified people and role on the same few dates (today,
    // each certificate's expiry) many times: people and roles are immutable records, so an answer is kept per
    // object and date. The roles' assessment asks about each seat's holder today once and keeps the answer in
    // its own outcome (ForRoleOnce), so a hundred thousand of them are not kept here as well.
    private readonly Dictionary<(Person, object, DateOnly), ImmutableArray<Shortfall>> _answers = new(SameObjects.Instance);

    // Thousands of people fall short of a role in the same few ways: each distinct answer is made once and shared.
    private readonly SharedShortfalls _shared = new();

    private sealed class SameObjects : IEqualityComparer<(Person Person, object Requirement, DateOnly Date)>
    {
        public static readonly SameObjects Instance = new();
        public bool Equals((Person Person, object Requirement, DateOnly Date) x, (Person Person, object Requirement, DateOnly Date) y) =>
            ReferenceEquals(x.Person, y.Person) && ReferenceEquals(x.Requirement, y.Requirement) && x.Date == y.Date;
        // Hashed by the person's id, not their object: giving each of a hundred thousand new objects an identity
        // hash costs more than hashing a short id. (What-if copies of a person share the id and only a bucket.)
        public int GetHashCode((Person Person, object Requirement, DateOnly Date) key) =>
            HashCode.Combine(StringComparer.Ordinal.GetHashCode(key.Person.Id), RuntimeHelpers.GetHashCode(key.Requirement), key.Date);
    }

    /// <summary><see cref="ForRole"/> with the certifications current on <paramref name="date"/>, remembered.</summary>
    public ImmutableArray<Shortfall> ForRoleOn(Person person, Role role, DateOnly date)
    {
        if (_answers.TryGetValue((person, role, date), out var known)) return known;
        var answer = ForRole(person, role, null, date);
        _answers[(person, role, date)] = answer;
        return answer;
    }

    /// <summary><see cref="ForRole"/> with the certifications current on <paramref name="date"/>, not remembered: for a caller that keeps the answer itself.</summary>
    internal ImmutableArray<Shortfall> ForRoleOnce(Person person, Role role, DateOnly date) => ForRole(person, role, null, date);

    /// <summary><see cref="ForObligation"/> with the certifications current on <paramref name="date"/>.</summary>
    /// <remarks>
    /// Not remembered: an obligation asks for one or two levels, cheaper to look up again than to keep an
    /// answer for every person, obligation and date of a large roster.
    /// </remarks>
    public ImmutableArray<Shortfall> ForObligationOn(Person person, Obligation obligation, DateOnly date) =>
        ForObligation(person, obligation, null, date);

    /// <summary>Certifications current on <paramref name="date"/>: no expiry, or expiring on or after it.</summary>
    public static IEnumerable<HeldCertification> CurrentOn(Person person, DateOnly date) =>
        person.Certifications.Where(c => IsCurrentOn(c, date));

    private static bool IsCurrentOn(HeldCertification certification, DateOnly date) => certification.Expires is null || certification.Expires >= date;

    public int EvidencedLevel(Person person, string competency, IEnumerable<HeldCertification> current)
    {
        var level = person.Competencies.GetValueOrDefault(competency);
        foreach (var held in current) level = Raise(level, held, competency);
        return level;
    }

    /// <summary>
    /// <see cref="EvidencedLevel(Person, string, IEnumerable{HeldCertification})"/> over <paramref name="current"/>, or when
    /// it is null over the person's certifications current on <paramref name="date"/> (without listing them).
    /// </summary>
    private int EvidencedLevel(Person person, string competency, IReadOnlyCollection<HeldCertification>? current, DateOnly date)
    {
        if (current is not null) return EvidencedLevel(person, competency, current);
        var level = person.Competencies.GetValueOrDefault(competency);
        foreach (var held in person.Certifications)
            if (IsCurrentOn(held, date)) level = Raise(level, held, competency);
        return level;
    }

    /// <summary>The level, raised to what the certificate evidences on the competency if that is higher.</summary>
    private int Raise(int level, HeldCertification held, string competency)
    {
        if (catalog.FindCertification(held.CertificationId) is { } cert)
            foreach (var evidence in cert.Evidences)
                if (evidence.Competency == competency && evidence.Level > level) level = evidence.Level;
        return level;
    }

    private static bool HoldsAccepted(Person person, Role role, IReadOnlyCollection<HeldCertification>? current, DateOnly date)
    {
        if (current is not null) return current.Any(c => role.CertificationPolicy.Accepted.Contains(c.CertificationId));
        foreach (var held in person.Certifications)
            if (IsCurrentOn(held, date) && role.CertificationPolicy.Accepted.Contains(held.CertificationId)) return true;
        return false;
    }

    public ImmutableArray<Shortfall> ForRole(Person person, Role role, IReadOnlyCollection<HeldCertification> current) =>
        ForRole(person, role, current, default);

    /// <summary>The certifications held are <paramref name="current"/>, or when it is null those current on <paramref name="date"/>.</summary>
    private ImmutableArray<Shortfall> ForRole(Person person, Role role, IReadOnlyCollection<HeldCertification>? current, DateOnly date)
    {
        var found = _shared.Start();
        foreach (var requirement in role.Requires)
        {
            if (!requirement.Critical) continue;
            var level = EvidencedLevel(person, requirement.Competency, current, date);
            if (level < requirement.Level) found.Add(_shared.Gap(requirement.Competency, level, requirement.Level));
        }
        if (role.MinExperienceYears > 0 && !(person.YearsExperience >= role.MinExperienceYears))
            found.Add(_shared.Experience(person.YearsExperience, role.MinExperienceYears));
        if (role.CertificationPolicy.Mode == CertificationPolicyMode.RequiredByOrg && !HoldsAccepted(person, role, current, date))
            found.Add(_shared.NoCertification(role.CertificationPolicy.Accepted));
        return _shared.ListOf(found);
    }

    /// <summary>The obligation's own competency levels, beyond what the accountable role asks.</summary>
    public ImmutableArray<Shortfall> ForObligation(Person person, Obligation obligation, IReadOnlyCollection<HeldCertification> current) =>
        ForObligation(person, obligation, current, default);

    private ImmutableArray<Shortfall> ForObligation(Person person, Obligation obligation, IReadOnlyCollection<HeldCertification>? current, DateOnly date)
    {
        var found = _shared.Start();
        foreach (var requirement in obligation.Requires)
        {
            var level = EvidencedLevel(person, requirement.Competency, current, date);
            if (level < requirement.Level) found.Add(_shared.Gap(requirement.Competency, level, requirement.Level));
        }
        return _shared.ListOf(found);
    }

    /// <summary>
    /// One shared copy of each distinct shortfall and list of them, so an answer costs no allocation once its
    /// like has been seen: answers are immutable and compared by what their text is made of (<see cref="SameShortfalls"/>).
    /// Bounded, so a roster of all-different experience years keeps no more than a few thousand.
    /// </summary>
    private sealed class SharedShortfalls
    {
        private const int MaxRemembered = 10_000;
        private readonly Dictionary<(string, int, int), Shortfall.CompetencyGap> _gaps = [];
        // Years by their bits: 0 and -0 print differently.
        private readonly Dictionary<(long?, long), Shortfall.TooLittleExperience> _experience = [];
        private readonly Dictionary<ImmutableArray<string>, Shortfall.NoAcceptedCertification> _certifications = [];
        private readonly Dictionary<ImmutableArray<Shortfall>, ImmutableArray<Shortfall>> _lists = new(SameShortfalls.Instance);
        private readonly Dictionary<ImmutableArray<Shortfall>, ImmutableArray<Shortfall>>.AlternateLookup<ReadOnlySpan<Shortfall>> _listsBySpan;
        // The answer being worked out; one at a time (nothing here calls back into the qualification).
        private readonly List<Shortfall> _found = [];

        public SharedShortfalls() => _listsBySpan = _lists.GetAlternateLookup<ReadOnlySpan<Shortfall>>();

        public List<Shortfall> Start()
        {
            _found.Clear();
            return _found;
        }

        public Shortfall.CompetencyGap Gap(string competency, int level, int required) =>
            _gaps.GetOrMake((competency, level, required), static k => new(k.Item1, k.Item2, k.Item3), MaxRemembered);

        public Shortfall.TooLittleExperience Experience(double? years, double required) =>
            _experience.GetOrMake((years is { } y ? BitConverter.DoubleToInt64Bits(y) : null, BitConverter.DoubleToInt64Bits(required)),
                static k => new(k.Item1 is { } y ? BitConverter.Int64BitsToDouble(y) : null, BitConverter.Int64BitsToDouble(k.Item2)), MaxRemembered);

        public Shortfall.NoAcceptedCertification NoCertification(ImmutableArray<string> accepted) => _certifications.GetOrMake(accepted, static a => new(a), MaxRemembered);

        public ImmutableArray<Shortfall> ListOf(List<Shortfall> found)
        {
            if (found.Count == 0) return [];
            var span = CollectionsMarshal.AsSpan(found);
            if (_listsBySpan.TryGetValue(span, out var list)) return list;
            list = [.. span];
            if (_lists.Count < MaxRemembered) _lists[list] = list;
            return list;
        }
    }
}

/// <summary>
/// Lists of shortfalls compared by what their text is made of (experience years bit for bit, so 0 and -0, which
/// print differently, stay apart), as a whole or as a span of a list being made.
/// </summary>
internal sealed class SameShortfalls : IEqualityComparer<ImmutableArray<Shortfall>>, IAlternateEqualityComparer<ReadOnlySpan<Shortfall>, ImmutableArray<Shortfall>>
{
    public static readonly SameShortfalls Instance = new();

    public bool Equals(ImmutableArray<Shortfall> x, ImmutableArray<Shortfall> y) => Equals(x.AsSpan(), y);

    public bool Equals(ReadOnlySpan<Shortfall> x, ImmutableArray<Shortfall> y)
    {
        if (x.Length != y.Length) return false;
        for (var i = 0; i < x.Length; i++)
            if (!Same(x[i], y[i])) return false;
        return true;
    }

    private static bool Same(Shortfall a, Shortfall b) => ReferenceEquals(a, b) || (a, b) switch
    {
        (Shortfall.CompetencyGap g, Shortfall.CompetencyGap h) => g == h,
        (Shortfall.TooLittleExperience e, Shortfall.TooLittleExperience f) =>
            Bits(e.Years) == Bits(f.Years) && BitConverter.DoubleToInt64Bits(e.Required) == BitConverter.DoubleToInt64Bits(f.Required),
        (Shortfall.NoAcceptedCertification c, Shortfall.NoAcceptedCertification d) => c.Accepted.AsSpan().SequenceEqual(d.Accepted.AsSpan()),
        _ => false,
    };

    private static long? Bits(double? value) => value is { } v ? BitConverter.DoubleToInt64Bits(v) : null;

    public int GetHashCode(ImmutableArray<Shortfall> shortfalls) => GetHashCode(shortfalls.AsSpan());

    public int GetHashCode(ReadOnlySpan<Shortfall> shortfalls)
    {
        var hash = new HashCode();
        foreach (var shortfall in shortfalls)
            switch (shortfall)
            {
                case Shortfall.CompetencyGap g: hash.Add(g); break;
                case Shortfall.TooLittleExperience e: hash.Add(Bits(e.Years)); hash.Add(BitConverter.DoubleToInt64Bits(e.Required)); break;
                case Shortfall.NoAcceptedCertification c: hash.Add(c.Accepted.Length); break;
            }
        return hash.ToHashCode();
    }

    public ImmutableArray<Shortfall> Create(ReadOnlySpan<Shortfall> shortfalls) => [.. shortfalls];
}
