using System.Collections.Immutable;
using System.Globalization;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Engine.Assessments;

/// <summary>
/// Computes one role's holders and fragility flags (DESIGN §5, the flag table). Each rule below is one row
/// of that table; docs/flags.md states them for users.
/// </summary>
internal sealed class RoleFlagRules(Catalog catalog, CatalogMethod method, DateOnly asOf, Qualification qualification)
{
    private static string Num(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public RoleResult Assess(Role role, RosterState state)
    {
        var seats = state.SeatsIn(role.Id);
        var flags = new List<FragilityFlag>();
        void Flag(FlagCode code, string? personId, string message, params (string, object?)[] evidence) =>
            flags.Add(new FragilityFlag(code, personId, message, Evidence.Of(evidence)));

        var holders = new List<Holder>();
        var qualified = new List<Seat>();
        foreach (var seat in seats)
        {
            var person = seat.Person;
            var current = Qualification.CurrentOn(person, asOf).ToList();
            var shortfalls = qualification.ForRole(person, role, current);
            if (shortfalls.IsEmpty) qualified.Add(seat);
            holders.Add(new Holder
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
                Shortfalls = [.. shortfalls.Select(s => s.ToString()!)],
            });

            var gaps = shortfalls.OfType<Shortfall.CompetencyGap>().ToList();
            if (gaps.Count > 0)
                Flag(FlagCode.CompetencyGap, person.Id,
                    $"{person.Id} is below the required level on {string.Join(", ", gaps.Select(g => $"{g.Competency} ({g.Level} of {g.Required})"))}",
                    ("gaps", gaps.Select(g => new Dictionary<string, object> { ["competency"] = g.Competency, ["level"] = g.Level, ["required"] = g.Required }).ToArray()));

            if (seat.IsIncumbent && role.MinExperienceYears > 0 && !(person.YearsExperience >= role.MinExperienceYears))
                Flag(FlagCode.InexperiencedIncumbent, person.Id,
                    person.YearsExperience is { } years
                        ? $"{person.Id} ({seat.Assignment.Assignment.ToString().ToLowerInvariant()}) has {Num(years)} year{(years == 1 ? "" : "s")} of relevant experience; the role needs {Num(role.MinExperienceYears)}"
                        : $"{person.Id} ({seat.Assignment.Assignment.ToString().ToLowerInvariant()}) has no experience given; the role needs {Num(role.MinExperienceYears)} years",
                    ("yearsExperience", person.YearsExperience is { } y ? y : "no experience given"),
                    ("minExperienceYears", role.MinExperienceYears),
                    ("assignment", seat.Assignment.Assignment));

            if (shortfalls.OfType<Shortfall.NoAcceptedCertification>().Any())
                Flag(FlagCode.CertMissing, person.Id,
                    $"{person.Id} holds no current certification the organization requires for this role ({string.Join(", ", role.CertificationPolicy.Accepted)})",
                    ("accepted", role.CertificationPolicy.Accepted.ToArray()));

            CertificationFlags(role, person, current, shortfalls, Flag);

            if (qualifiedNow(shortfalls) && LeavesWithin(person, method.Windows.DeparturePendingDays) is { } leaving)
                Flag(FlagCode.DeparturePending, person.Id,
                    $"{person.Id}, a qualified holder, {leaving.What} on {Day(leaving.Date)} (within {method.Windows.DeparturePendingDays} days)",
                    ("date", leaving.Date), ("kind", leaving.Kind), ("windowDays", method.Windows.DeparturePendingDays));

            if (state.LoadOf(person.Id) is { IsOverloaded: true } load)
                Flag(FlagCode.Overloaded, person.Id,
                    load.CriticalIncumbentRoles.Count >= 2
                        ? $"{person.Id} holds primary or interim seats in {load.CriticalIncumbentRoles.Count} tier 1-2 roles ({string.Join(", ", load.CriticalIncumbentRoles)})"
                        : $"{person.Id} carries {Num(load.TotalFte)} FTE across their roles",
                    ("criticalIncumbentRoles", load.CriticalIncumbentRoles.ToArray()), ("totalFte", Math.Round(load.TotalFte, 4)));

            foreach (var rule in role.Currency)
            {
                var last = rule.Evidence == CurrencyEvidence.Exercise ? person.LastExercise : person.LastTraining;
                var limit = asOf.AddMonths(-rule.WithinMonths);
                if (last is null || last < limit)
                    Flag(FlagCode.CurrencyLapsed, person.Id,
                        last is { } date
                            ? $"{person.Id}: {rule.Description.TrimEnd('.')} — last {rule.Evidence.ToString().ToLowerInvariant()} {Day(date)} is more than {rule.WithinMonths} months ago"
                            : $"{person.Id}: {rule.Description.TrimEnd('.')} — no date given",
                        ("rule", rule.Id), ("last", last is { } l ? l : "no date given"), ("withinMonths", rule.WithinMonths));
            }

            var cadence = method.Windows.TrainingCadenceMonths;
            if (person.LastTraining is null || person.LastTraining < asOf.AddMonths(-cadence))
                Flag(FlagCode.TrainingOverdue, person.Id,
                    person.LastTraining is { } trained
                        ? $"{person.Id} last trained on {Day(trained)}, more than {cadence} months ago"
                        : $"{person.Id} has no training date given",
                    ("lastTraining", person.LastTraining is { } t ? t : "no date given"), ("cadenceMonths", cadence));

            if (seat.Assignment.Assignment == Assignment.Interim && seat.Assignment.RoleStart is { } start
                && asOf.DayNumber - start.DayNumber > method.Windows.InterimMaxDays)
                Flag(FlagCode.InterimTooLong, person.Id,
                    $"{person.Id} has held the seat as interim since {Day(start)} ({asOf.DayNumber - start.DayNumber} days; limit {method.Windows.InterimMaxDays})",
                    ("roleStart", start), ("days", asOf.DayNumber - start.DayNumber), ("maxDays", method.Windows.InterimMaxDays));
        }

        // Role-level rules: about the set of holders, not one of them.
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
                $"Every holder has less than the {Num(role.MinExperienceYears)} years of experience the role needs",
                ("holders", seats.Count), ("minExperienceYears", role.MinExperienceYears));
        var relied = qualified.Count > 0 ? qualified : seats;
        if (relied.Count > 0 && relied.All(s => s.Person.EmploymentType.IsExternal()))
            Flag(FlagCode.ExternalDependency, null,
                qualified.Count > 0
                    ? $"Every qualified holder is a contractor, vendor or MSP ({string.Join(", ", relied.Select(s => s.Person.Vendor ?? s.Person.Id).Distinct())})"
                    : "Nobody is qualified and every holder is a contractor, vendor or MSP",
                ("people", relied.Select(s => s.Person.Id).ToArray()),
                ("vendors", relied.Select(s => s.Person.Vendor).OfType<string>().Distinct().ToArray()));

        return new RoleResult
        {
            RoleId = role.Id,
            Title = role.Title,
            Tier = role.Tier,
            Holders = [.. holders.OrderBy(h => h.Assignment).ThenBy(h => h.PersonId, StringComparer.Ordinal)],
            QualifiedCount = qualified.Count,
            RequiredQualified = required,
            Flags = [.. flags.OrderBy(f => f.Code).ThenBy(f => f.PersonId, StringComparer.Ordinal).ThenBy(f => f.Message, StringComparer.Ordinal)],
        };

        static bool qualifiedNow(ImmutableArray<Shortfall> shortfalls) => shortfalls.IsEmpty;
    }

    /// <summary>
    /// CERT_EXPIRED / CERT_EXPIRING: only certificates the holder's qualification rests on. An expiring
    /// certificate counts when losing it would add a shortfall; an expired one when it would remove one.
    /// </summary>
    private void CertificationFlags(Role role, Person person, List<HeldCertification> current, ImmutableArray<Shortfall> shortfalls,
        Action<FlagCode, string?, string, (string, object?)[]> flag)
    {
        var window = method.Windows.CertExpiringDays;
        foreach (var held in person.Certifications.OrderBy(c => c.CertificationId, StringComparer.Ordinal))
        {
            if (held.Expires is not { } expires) continue;
            var name = catalog.FindCertification(held.CertificationId)?.Name ?? held.CertificationId;
            if (expires < asOf)
            {
                var withIt = qualification.ForRole(person, role, [.. current, held with { Expires = null }]);
                if (withIt.Length < shortfalls.Length)
                    flag(FlagCode.CertExpired, person.Id,
                        $"{person.Id}'s {name} expired on {Day(expires)}; it was evidence for this role",
                        [("certification", held.CertificationId), ("expired", expires)]);
            }
            else if (expires.DayNumber - asOf.DayNumber <= window)
            {
                var without = qualification.ForRole(person, role, [.. current.Where(c => c != held)]);
                if (without.Length > shortfalls.Length)
                    flag(FlagCode.CertExpiring, person.Id,
                        $"{person.Id}'s {name} expires on {Day(expires)} (within {window} days); their qualification rests on it",
                        [("certification", held.CertificationId), ("expires", expires), ("windowDays", window)]);
            }
        }
    }

    internal sealed record Leaving(DateOnly Date, string Kind, string What);

    /// <summary>The person's departure, or for external staff their contract end, on or after the as-of date and within the window.</summary>
    private Leaving? LeavesWithin(Person person, int days)
    {
        var candidates = new List<Leaving>();
        if (person.Departure is { } d) candidates.Add(new(d, "departure", "leaves"));
        if (person.EmploymentType.IsExternal() && person.ContractEnd is { } c) candidates.Add(new(c, "contract-end", "reaches the end of their contract"));
        return candidates
            .Where(l => l.Date >= asOf && l.Date.DayNumber - asOf.DayNumber <= days)
            .OrderBy(l => l.Date).FirstOrDefault();
    }
}
