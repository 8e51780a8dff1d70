using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
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
            ? $"experience: {y.ToString("0.#", CultureInfo.InvariantCulture)} years, needs {Required.ToString("0.#", CultureInfo.InvariantCulture)}"
            : $"experience: no experience given, needs {Required.ToString("0.#", CultureInfo.InvariantCulture)} years";
    }

    public sealed record NoAcceptedCertification(ImmutableArray<string> Accepted) : Shortfall
    {
        public override string ToString() => $"certification: none current of {string.Join(", ", Accepted)}";
    }
}

/// <summary>
/// DESIGN §3 "Qualified": every critical competency at the required level (self-reported, or the level a
/// current certification evidences, whichever is higher), the minimum experience, and under
/// <c>required-by-org</c> a current accepted certification. Pure functions of a person and a set of
/// certifications deemed current, so callers can ask "what if this certificate lapsed?".
/// </summary>
public sealed class Qualification(Catalog catalog)
{
    // One assessment asks about the same person and role many times (flags, coverage, scores, residuals):
    // people and roles are immutable records, so an answer is kept per object and date.
    private readonly Dictionary<(Person, object, DateOnly), ImmutableArray<Shortfall>> _answers = new(SameObjects.Instance);

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
        ImmutableArray<Shortfall>.Builder? result = null;
        foreach (var requirement in role.Requires)
        {
            if (!requirement.Critical) continue;
            var level = EvidencedLevel(person, requirement.Competency, current, date);
            if (level < requirement.Level) (result ??= ImmutableArray.CreateBuilder<Shortfall>()).Add(new Shortfall.CompetencyGap(requirement.Competency, level, requirement.Level));
        }
        if (role.MinExperienceYears > 0 && !(person.YearsExperience >= role.MinExperienceYears))
            (result ??= ImmutableArray.CreateBuilder<Shortfall>()).Add(new Shortfall.TooLittleExperience(person.YearsExperience, role.MinExperienceYears));
        if (role.CertificationPolicy.Mode == CertificationPolicyMode.RequiredByOrg && !HoldsAccepted(person, role, current, date))
            (result ??= ImmutableArray.CreateBuilder<Shortfall>()).Add(new Shortfall.NoAcceptedCertification(role.CertificationPolicy.Accepted));
        return result is null ? [] : result.ToImmutable();
    }

    /// <summary>The obligation's own competency levels, beyond what the accountable role asks.</summary>
    public ImmutableArray<Shortfall> ForObligation(Person person, Obligation obligation, IReadOnlyCollection<HeldCertification> current) =>
        ForObligation(person, obligation, current, default);

    private ImmutableArray<Shortfall> ForObligation(Person person, Obligation obligation, IReadOnlyCollection<HeldCertification>? current, DateOnly date)
    {
        ImmutableArray<Shortfall>.Builder? result = null;
        foreach (var requirement in obligation.Requires)
        {
            var level = EvidencedLevel(person, requirement.Competency, current, date);
            if (level < requirement.Level) (result ??= ImmutableArray.CreateBuilder<Shortfall>()).Add(new Shortfall.CompetencyGap(requirement.Competency, level, requirement.Level));
        }
        return result is null ? [] : result.ToImmutable();
    }
}
