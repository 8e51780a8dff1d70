using System.Collections.Immutable;
using System.Globalization;
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
    /// <summary>Certifications current on <paramref name="date"/>: no expiry, or expiring on or after it.</summary>
    public static IEnumerable<HeldCertification> CurrentOn(Person person, DateOnly date) =>
        person.Certifications.Where(c => c.Expires is null || c.Expires >= date);

    public int EvidencedLevel(Person person, string competency, IEnumerable<HeldCertification> current)
    {
        var level = person.Competencies.GetValueOrDefault(competency);
        foreach (var held in current)
            if (catalog.FindCertification(held.CertificationId) is { } cert)
                foreach (var evidence in cert.Evidences)
                    if (evidence.Competency == competency && evidence.Level > level) level = evidence.Level;
        return level;
    }

    public ImmutableArray<Shortfall> ForRole(Person person, Role role, IReadOnlyCollection<HeldCertification> current)
    {
        var result = ImmutableArray.CreateBuilder<Shortfall>();
        foreach (var requirement in role.Requires)
        {
            if (!requirement.Critical) continue;
            var level = EvidencedLevel(person, requirement.Competency, current);
            if (level < requirement.Level) result.Add(new Shortfall.CompetencyGap(requirement.Competency, level, requirement.Level));
        }
        if (role.MinExperienceYears > 0 && !(person.YearsExperience >= role.MinExperienceYears))
            result.Add(new Shortfall.TooLittleExperience(person.YearsExperience, role.MinExperienceYears));
        if (role.CertificationPolicy.Mode == CertificationPolicyMode.RequiredByOrg
            && !current.Any(c => role.CertificationPolicy.Accepted.Contains(c.CertificationId)))
            result.Add(new Shortfall.NoAcceptedCertification(role.CertificationPolicy.Accepted));
        return result.ToImmutable();
    }

    /// <summary>The obligation's own competency levels, beyond what the accountable role asks.</summary>
    public ImmutableArray<Shortfall> ForObligation(Person person, Obligation obligation, IReadOnlyCollection<HeldCertification> current)
    {
        var result = ImmutableArray.CreateBuilder<Shortfall>();
        foreach (var requirement in obligation.Requires)
        {
            var level = EvidencedLevel(person, requirement.Competency, current);
            if (level < requirement.Level) result.Add(new Shortfall.CompetencyGap(requirement.Competency, level, requirement.Level));
        }
        return result.ToImmutable();
    }
}
