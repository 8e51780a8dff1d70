using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Engine.Risks;

/// <summary>An action, and what the roster would look like once it is done (for the residual score).</summary>
internal sealed record PlannedAction(RiskAction Action, Func<RosterState, RosterState> Effect, string Assumes);

/// <summary>
/// Concrete responses for a risk, in the fixed priority order of <see cref="ActionKind"/>: each names the
/// people it relies on and why they were picked, and the certifications to sponsor with the date needed.
/// </summary>
internal sealed class ResponsePlanner(Catalog catalog, CatalogMethod method, DateOnly asOf, Qualification qualification)
{
    /// <summary>Stands for a person the organization does not have yet (a hire or a contractor).</summary>
    public const string NewHireId = "(new hire)";

    private readonly Candidates _candidates = new(catalog, method, asOf, qualification);

    /// <summary>People an action names one by one; a large department's rest is counted, not listed.</summary>
    private const int MaxMentees = 5;
    private const int MaxListed = 10;
    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>What a risk is about: its role (or the obligation's first accountable role) and the findings that call for action.</summary>
    public sealed record Situation(
        Role Role, Obligation? Obligation, IReadOnlySet<string> Findings, ImmutableArray<FragilityFlag> Flags,
        IReadOnlyList<string> Discharging, IReadOnlyList<string> Pool, IReadOnlyList<CertainLoss> CertainLosses, DateOnly Due);

    public IReadOnlyList<PlannedAction> Plan(RosterState state, Situation s)
    {
        var actions = new List<PlannedAction>();
        bool Has(params string[] codes) => codes.Any(s.Findings.Contains);
        // A large department's role carries tens of thousands of flags: each code's are read where they are,
        // in flag order, rather than copied into groups (a few passes over the array cost less than the copies).
        var flags = s.Flags;
        IEnumerable<FragilityFlag> Flagged(FlagCode code)
        {
            foreach (var flag in flags)
                if (flag.Code == code) yield return flag;
        }

        if (Has("VACANT") || (Has("UNCOVERED") && state.SeatsIn(s.Role.Id).Count == 0))
            actions.Add(FillVacancy(state, s));
        if (Has("MULTIPLE_DESIGNATED_OFFICIALS", "NOT_DESIGNATED"))
            actions.Add(Designate(state, s));
        if (Has("NO_QUALIFIED_HOLDER", "SINGLE_POINT_OF_FAILURE", "BELOW_REQUIRED_HEADCOUNT", "KEY_PEOPLE")
            || (Has("UNCOVERED") && state.SeatsIn(s.Role.Id).Count > 0))
            actions.Add(QualifyBackup(state, s, includeHolders: Has("NO_QUALIFIED_HOLDER", "UNCOVERED")));
        var renewals = Flagged(FlagCode.CertExpiring).Concat(Flagged(FlagCode.CertExpired))
            .Select(f => (Person: f.PersonId!, Certification: (string)f.Evidence["certification"],
                Expires: f.Evidence.TryGetValue("expires", out var e) || f.Evidence.TryGetValue("expired", out e) ? (DateOnly?)e : null))
            .Concat(s.CertainLosses.Where(l => l.Kind == CertainLossKind.CertificateExpiry).Select(l => (Person: l.PersonId, Certification: l.CertificationId!, Expires: (DateOnly?)l.Date)))
            .DistinctBy(r => (r.Person, r.Certification)).ToList();
        if (renewals.Count > 0) actions.Add(Renew(state, s, renewals));
        var mentees = FirstDistinct(Flagged(FlagCode.CompetencyGap).Concat(Flagged(FlagCode.InexperiencedIncumbent)).Concat(Flagged(FlagCode.CertMissing))
            .Select(f => f.PersonId!), MaxMentees);
        if (mentees.Count > 0 || Has("JUNIOR_ONLY_COVERAGE")) actions.Add(Mentor(state, s, mentees));
        if (Has("EXTERNAL_DEPENDENCY", "EXTERNAL_ONLY")) actions.Add(TransferKnowledge(state, s));
        var leavers = Flagged(FlagCode.DeparturePending).Select(f => (f.PersonId!, (DateOnly)f.Evidence["date"]))
            .Concat(s.CertainLosses.Where(l => l.Kind != CertainLossKind.CertificateExpiry).Select(l => (l.PersonId, l.Date)))
            .DistinctBy(x => x.Item1).ToList();
        if (leavers.Count > 0) actions.Add(PlanSuccession(state, s, leavers));
        var overloaded = FlaggedPeople.Of(flags, FlagCode.Overloaded, _seen);
        if (!overloaded.IsEmpty) actions.Add(Rebalance(state, s, overloaded));
        var untrained = FlaggedPeople.Of(flags, FlagCode.TrainingOverdue, _seen);
        if (!untrained.IsEmpty) actions.Add(PersonFix(ActionKind.CompleteTraining, s, untrained,
            $"Have {Names(state, untrained)} complete security and privacy training", p => p with { LastTraining = asOf }, "the overdue training completed"));
        var unexercised = FlaggedPeople.Of(flags, FlagCode.CurrencyLapsed, _seen);
        if (!unexercised.IsEmpty) actions.Add(PersonFix(ActionKind.ScheduleExercise, s, unexercised,
            $"Run an exercise or tabletop with {Names(state, unexercised)} ({string.Join("; ", s.Role.Currency.Select(c => c.Description))})",
            p => p with { LastExercise = asOf, LastTraining = s.Role.Currency.Any(c => c.Evidence == CurrencyEvidence.Training) ? asOf : p.LastTraining }, "the exercise held"));
        var interims = FlaggedPeople.Of(flags, FlagCode.InterimTooLong, _seen);
        if (!interims.IsEmpty) actions.Add(ResolveInterim(state, s, interims));
        if (actions.Count == 0) actions.Add(QualifyBackup(state, s, includeHolders: false));

        return [.. actions.Select((a, i) => a with { Action = a.Action with { Order = i + 1 } })];
    }

    // People found distinct by one list of flags or names: one set reused by every plan of the register,
    // rather than a set grown anew for each (thousands of holders for a large department).
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <remarks>The ids are read where they are: a large department's list of thousands was copied for the ten it names.</remarks>
    private static string Names(RosterState state, IReadOnlyList<string> ids)
    {
        var named = string.Join(", ", ids.Take(MaxListed).Select(id => state.FindPerson(id)?.Name is { } name ? $"{name} ({PersonMentions.Of(id)})" : PersonMentions.Of(id)));
        return ids.Count > MaxListed ? $"{named} and {ids.Count - MaxListed} more" : named;
    }

    private static NamedPerson Named(Prospect p) => new(p.Person.Id, p.Person.Name, p.Reason);

    /// <summary>A hypothetical qualified person: what recruiting buys.</summary>
    private Person NewHire(Role role, Obligation? obligation) => new()
    {
        Id = NewHireId,
        YearsExperience = role.MinExperienceYears,
        Competencies = Candidates.Needs(role, obligation).ToImmutableDictionary(n => n.Competency, n => n.Level, StringComparer.Ordinal),
        Certifications = role.CertificationPolicy.Mode == CertificationPolicyMode.RequiredByOrg ? [new HeldCertification(role.CertificationPolicy.Accepted[0], null)] : [],
        LastTraining = asOf,
        LastExercise = asOf,
    };

    private RoleAssignment Seat(Role role, Assignment assignment, DateOnly? start = null) =>
        new() { PersonId = "", RoleId = role.Id, Assignment = assignment, Fte = assignment == Assignment.Backup ? 0 : 1, RoleStart = start ?? asOf, Row = 0 };

    /// <summary>The person trained up to the role's (and obligation's) levels, with an accepted certificate where the organization requires one.</summary>
    private Person Trained(Person person, Role role, Obligation? obligation)
    {
        var competencies = person.Competencies;
        foreach (var need in Candidates.Needs(role, obligation))
            if (competencies.GetValueOrDefault(need.Competency) < need.Level) competencies = competencies.SetItem(need.Competency, need.Level);
        return Certified(person, role) with { Competencies = competencies, LastTraining = asOf, LastExercise = asOf };
    }

    /// <summary>Under <c>required-by-org</c>, whether the person holds no current accepted certification (CERT_MISSING).</summary>
    private bool LacksRequiredCertificate(Person person, Role role) =>
        role.CertificationPolicy.Mode == CertificationPolicyMode.RequiredByOrg
        && !Qualification.CurrentOn(person, asOf).Any(c => role.CertificationPolicy.Accepted.Contains(c.CertificationId));

    /// <summary>The person with the accepted certificate the organization requires, when they lack one: the role's first accepted.</summary>
    private Person Certified(Person person, Role role) => LacksRequiredCertificate(person, role)
        ? person with { Certifications = person.Certifications.Add(new HeldCertification(role.CertificationPolicy.Accepted[0], null)) }
        : person;

    /// <summary>
    /// What to sponsor for a person: an accepted certification that evidences their gaps; failing that, where the organization
    /// requires one they lack, the certificate <see cref="Certified"/> assumes they obtain (their qualification waits for it).
    /// </summary>
    private List<Certification> ToSponsor(Role role, Person person, IReadOnlyList<Shortfall.CompetencyGap> gaps)
    {
        var evidencing = _candidates.Sponsorable(role, gaps).ToList();
        return evidencing.Count > 0 || !LacksRequiredCertificate(person, role) ? evidencing : [catalog.FindCertification(role.CertificationPolicy.Accepted[0])!];
    }

    private ImmutableArray<CertificationToSponsor> Sponsor(Role role, Prospect? prospect, DateOnly due) =>
        prospect is null ? [] : [.. ToSponsor(role, prospect.Person, prospect.Gaps).Select(c => new CertificationToSponsor(c.Id, c.Name, prospect.Person.Id, due))];

    private PlannedAction FillVacancy(RosterState state, Situation s)
    {
        var interim = _candidates.Backups(state, s.Role, s.Obligation, employeesOnly: true);
        var text = $"Appoint a qualified {s.Role.Title}: recruit";
        if (interim.Count > 0) text += $", and until then name {Names(state, [interim[0].Person.Id])} interim";
        var action = new RiskAction(0, ActionKind.FillVacancy, text, [.. interim.Select(Named)], Sponsor(s.Role, interim.FirstOrDefault(), s.Due), s.Due);
        return new(action, st => st.WithSeat(NewHire(s.Role, s.Obligation), Seat(s.Role, Assignment.Primary)), $"a qualified {s.Role.Title} appointed");
    }

    private PlannedAction Designate(RosterState state, Situation s)
    {
        if (s.Findings.Contains("MULTIPLE_DESIGNATED_OFFICIALS"))
        {
            var keep = Staying(s, s.Discharging);
            var others = s.Discharging.Where(id => id != keep).ToList();
            var action = new RiskAction(0, ActionKind.DesignateOfficial,
                $"Designate one {s.Role.Title} of record ({Names(state, [keep])} or another) and make {Names(state, others)} the named backup",
                [.. s.Discharging.Select(id => new NamedPerson(id, state.FindPerson(id)?.Name, "holds the single-official duty as primary or interim"))], [], s.Due);
            return new(action, st => others.Aggregate(st, (acc, id) => acc.FindPerson(id) is { } p ? acc.WithSeat(p, Reseated(acc, id, s.Role, Assignment.Backup)) : acc), "one official designated");
        }
        var backup = Staying(s, s.Pool);
        var designate = new RiskAction(0, ActionKind.DesignateOfficial, $"Designate {Names(state, [backup])}, the qualified backup, as the {s.Role.Title} of record",
            [new NamedPerson(backup, state.FindPerson(backup)?.Name, "qualified backup")], [], s.Due);
        return new(designate, st => st.FindPerson(backup) is { } p ? st.WithSeat(p, Reseated(st, backup, s.Role, Assignment.Primary)) : st, $"{PersonMentions.Of(backup)} designated");
    }

    /// <summary>The first of the people not certain to be lost within the horizon (else the first): the one to designate.</summary>
    private static string Staying(Situation s, IReadOnlyList<string> people) =>
        people.FirstOrDefault(id => !s.CertainLosses.Any(l => l.PersonId == id)) ?? people[0];

    /// <summary>
    /// The person's seat in the role with another assignment: designating a holder, or making one a backup, changes what
    /// they are, not how long they have been in the role (a new start would count them new in it, at a raised loss rate).
    /// </summary>
    private RoleAssignment Reseated(RosterState state, string personId, Role role, Assignment assignment) =>
        state.SeatsOf(personId).FirstOrDefault(x => x.Assignment.RoleId == role.Id) is { } seat
            ? seat.Assignment with { Assignment = assignment }
            : Seat(role, assignment);

    private PlannedAction QualifyBackup(RosterState state, Situation s, bool includeHolders)
    {
        // The people an obligation already counts (or, for a single-official duty, would designate next) add nobody to it.
        var prospects = _candidates.Backups(state, s.Role, s.Obligation, includeHolders: includeHolders, counted: s.Pool);
        var top = prospects.FirstOrDefault();
        if (top is null)
        {
            var hire = new RiskAction(0, ActionKind.QualifyBackup,
                $"Add a qualified backup {s.Role.Title}: nobody on the roster has the experience and availability to be trained in time, so recruit or contract one",
                [], [], s.Due);
            return new(hire, st => st.WithSeat(NewHire(s.Role, s.Obligation), Seat(s.Role, Assignment.Backup)), $"a qualified backup {s.Role.Title} added");
        }
        var holds = state.SeatsOf(top.Person.Id).Any(x => x.Assignment.RoleId == s.Role.Id);
        // A single-official duty nobody qualified discharges needs the trained person designated, not a backup; unless a
        // qualified backup is there to be designated (the designate-official action names them).
        var designate = s.Obligation is { Designation: true } && s.Discharging.Count == 0 && s.Pool.Count == 0;
        var seat = designate ? "interim" : "backup";
        var gaps = string.Join("; ", top.Gaps.Select(g => $"{g.Competency} {g.Level}→{g.Required}"));
        var text = top.Gaps.Count == 0
            ? $"Name {Names(state, [top.Person.Id])} as qualified {seat} {s.Role.Title}"
            : holds ? $"Bring {Names(state, [top.Person.Id])} up to {s.Role.Title} ({gaps})"
            : $"Cross-train {Names(state, [top.Person.Id])} as {seat} {s.Role.Title} ({gaps})";
        if (designate) text += " and designate them the official of record";
        var action = new RiskAction(0, ActionKind.QualifyBackup, text, [.. prospects.Select(Named)], Sponsor(s.Role, top, s.Due), s.Due);
        return new(action, st =>
        {
            var trained = Trained(top.Person, s.Role, s.Obligation);
            // A holder already in the seat as primary or interim stays so; a backup takes it as interim, keeping their start.
            if (designate && !(holds && st.SeatsOf(top.Person.Id).Any(x => x.Assignment.RoleId == s.Role.Id && x.IsIncumbent)))
                return st.WithSeat(trained, Reseated(st, top.Person.Id, s.Role, Assignment.Interim));
            return holds ? st.WithPerson(trained) : st.WithSeat(trained, Seat(s.Role, Assignment.Backup));
        }, $"{PersonMentions.Of(top.Person.Id)} qualified as {(designate ? "the designated official" : holds ? "holder" : "backup")}");
    }

    private PlannedAction Renew(RosterState state, Situation s, List<(string Person, string Certification, DateOnly? Expires)> renewals)
    {
        var certificates = renewals.Select(r =>
        {
            var needed = r.Expires is { } e && e >= asOf && e < s.Due ? e : s.Due;
            return new CertificationToSponsor(r.Certification, catalog.FindCertification(r.Certification)?.Name ?? r.Certification, r.Person, needed);
        }).ToImmutableArray();
        var due = certificates.Min(c => c.NeededBy);
        var text = "Renew " + string.Join("; ", renewals.Select(r =>
            $"{Names(state, [r.Person])}'s {catalog.FindCertification(r.Certification)?.Name ?? r.Certification}" + (r.Expires is { } e ? (e < asOf ? $" (lapsed {Day(e)})" : $" (expires {Day(e)})") : "")));
        var people = renewals.Select(r => r.Person).Distinct().Select(id => new NamedPerson(id, state.FindPerson(id)?.Name, "their qualification rests on the certificate")).ToImmutableArray();
        var action = new RiskAction(0, ActionKind.RenewCertification, text, people, certificates, due);
        return new(action, st => st.WithPeople(Renewed(st, renewals)), "the certificates renewed");
    }

    /// <summary>Each person with a renewal, in the order first named, with the named certificates renewed.</summary>
    /// <remarks>
    /// The renewals are looked up in one set of (person, certificate), rather than grouped by person: a
    /// large department renews thousands of people's certificates, each group an object and an array.
    /// </remarks>
    private List<Person> Renewed(RosterState state, List<(string Person, string Certification, DateOnly? Expires)> renewals)
    {
        var renewed = new HashSet<(string Person, string Certification)>(renewals.Count);
        foreach (var (person, certification, _) in renewals) renewed.Add((person, certification));
        var people = new List<Person>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, _, _) in renewals)
        {
            if (!done.Add(id) || state.FindPerson(id) is not { } person) continue;
            var certificates = new HeldCertification[person.Certifications.Length];
            for (var i = 0; i < certificates.Length; i++)
            {
                var held = person.Certifications[i];
                certificates[i] = renewed.Contains((id, held.CertificationId)) ? held with { Expires = asOf.AddYears(3) } : held;
            }
            people.Add(person with { Certifications = ImmutableCollectionsMarshal.AsImmutableArray(certificates) });
        }
        return people;
    }

    /// <summary>
    /// The first <paramref name="take"/> of the distinct ids in ordinal order, and how many distinct ids there
    /// are: what the mentoring action names and counts. A large department flags thousands of holders; they
    /// are counted and the few named are kept in order as they come, rather than all of them sorted.
    /// </summary>
    private (List<string> First, int Count) FirstDistinct(IEnumerable<string> ids, int take)
    {
        var seen = _seen;
        seen.Clear();
        var first = new List<string>(take + 1);
        foreach (var id in ids)
        {
            if (!seen.Add(id)) continue;
            var at = first.Count;
            while (at > 0 && string.CompareOrdinal(id, first[at - 1]) < 0) at--;
            if (at >= take) continue;
            first.Insert(at, id);
            if (first.Count > take) first.RemoveAt(take);
        }
        return (first, seen.Count);
    }

    private PlannedAction Mentor(RosterState state, Situation s, (List<string> First, int Count) mentees)
    {
        var named = new List<NamedPerson>();
        var parts = new List<string>();
        var plans = new List<(Person Mentee, IReadOnlyList<Shortfall.CompetencyGap> Gaps, bool Uncertified, List<Certification> Sponsored)>();
        var all = mentees.Count > 0 ? mentees : ([.. state.SeatsIn(s.Role.Id).Take(MaxMentees).Select(x => x.Person.Id)], state.SeatsIn(s.Role.Id).Count);
        foreach (var id in all.First.Take(MaxMentees))
        {
            if (state.FindPerson(id) is not { } mentee) continue;
            var shortfalls = qualification.ForRole(mentee, s.Role, [.. Qualification.CurrentOn(mentee, asOf)]);
            var gaps = shortfalls.OfType<Shortfall.CompetencyGap>().ToList();
            var uncertified = shortfalls.Any(x => x is Shortfall.NoAcceptedCertification);
            var sponsored = ToSponsor(s.Role, mentee, gaps);
            plans.Add((mentee, gaps, uncertified, sponsored));
            // A holder who lacks only the certificate the organization requires needs the certificate, not a mentor.
            var mentored = !(uncertified && shortfalls.All(x => x is Shortfall.NoAcceptedCertification));
            var mentors = mentored ? _candidates.Mentors(state, s.Role, mentee, gaps) : [];
            named.Add(new NamedPerson(mentee.Id, mentee.Name, gaps.Count > 0 ? $"mentee: {string.Join("; ", gaps.Select(g => $"{g.Competency} {g.Level}→{g.Required}"))}"
                : mentored ? (mentee.YearsExperience is { } years
                    ? $"mentee: {Experience.Years(years)} years of {Experience.Years(s.Role.MinExperienceYears)}"
                    : $"mentee: no experience given, needs {Experience.Years(s.Role.MinExperienceYears)} years")
                : $"mentee: no current certification of {string.Join(", ", s.Role.CertificationPolicy.Accepted)}"));
            named.AddRange(mentors.Select(m => new NamedPerson(m.Person.Id, m.Person.Name, $"mentor for {PersonMentions.Of(mentee.Id)}: {m.Reason}")));
            var part = !mentored ? null : mentors.Count > 0
                ? $"pair {Names(state, [mentee.Id])} with {Names(state, [mentors[0].Person.Id])}{(gaps.Count > 0 ? $" on {string.Join(", ", gaps.Select(g => g.Competency))}" : "")}"
                : $"find {Names(state, [mentee.Id])} an outside mentor or course{(gaps.Count > 0 ? $" for {string.Join(", ", gaps.Select(g => g.Competency))}" : "")} (nobody on the roster is a level above)";
            if (uncertified)
            {
                var certificate = $"{sponsored[0].Name}, which the organization requires for the role";
                part = part is null ? $"sponsor {Names(state, [mentee.Id])} for {certificate}" : $"{part}, and sponsor them for {certificate}";
            }
            parts.Add(part!);
        }
        var text = "Mentor: " + string.Join("; ", parts) + (all.Count > MaxMentees ? $"; and {all.Count - MaxMentees} more holders with the same needs" : "");
        var certificates = plans.SelectMany(p => p.Sponsored.Select(c => new CertificationToSponsor(c.Id, c.Name, p.Mentee.Id, s.Due))).ToImmutableArray();
        var action = new RiskAction(0, ActionKind.Mentor, text, [.. named.DistinctBy(n => (n.PersonId, n.Reason))], certificates, s.Due);
        return new(action, st => plans.Aggregate(st, (acc, p) => acc.FindPerson(p.Mentee.Id) is { } person
            ? acc.WithPerson(Certified(person, s.Role) with { Competencies = p.Gaps.Aggregate(person.Competencies, (c, g) => c.SetItem(g.Competency, g.Required)) })
            : acc), plans.Any(p => p.Uncertified)
                ? "the mentees' competency gaps closed and the certificates the organization requires obtained (experience still accrues)"
                : "the mentees' competency gaps closed (experience still accrues)");
    }

    private PlannedAction TransferKnowledge(RosterState state, Situation s)
    {
        var vendors = state.SeatsIn(s.Role.Id).Select(x => x.Person).Where(p => p.EmploymentType.IsExternal())
            .Select(p => (Text: p.Vendor ?? p.Id, Person: p.Vendor is null ? p.Id : null)).OrderBy(v => v.Text, StringComparer.Ordinal).DistinctBy(v => NameKey.Of(v.Text))
            .Select(v => v.Person is { } id ? PersonMentions.Of(id) : v.Text).ToList();
        var prospects = _candidates.Backups(state, s.Role, s.Obligation, employeesOnly: true);
        var top = prospects.FirstOrDefault();
        var text = $"Transfer knowledge from {string.Join(", ", vendors)} to an employee: " + (top is null
            ? $"hire an employee {s.Role.Title} and have the vendor document and hand over"
            : $"cross-train {Names(state, [top.Person.Id])}{(top.Gaps.Count > 0 ? $" ({string.Join("; ", top.Gaps.Select(g => $"{g.Competency} {g.Level}→{g.Required}"))})" : "")} with the vendor's documentation and shadowing");
        var action = new RiskAction(0, ActionKind.TransferKnowledge, text, [.. prospects.Select(Named)], Sponsor(s.Role, top, s.Due), s.Due);
        return new(action, st => top is null
            ? st.WithSeat(NewHire(s.Role, s.Obligation), Seat(s.Role, Assignment.Backup))
            : st.WithSeat(Trained(top.Person, s.Role, s.Obligation), Seat(s.Role, Assignment.Backup)), "an employee qualified alongside the vendor");
    }

    private PlannedAction PlanSuccession(RosterState state, Situation s, List<(string Person, DateOnly Date)> leavers)
    {
        var prospects = _candidates.Backups(state, s.Role, s.Obligation);
        var top = prospects.FirstOrDefault();
        var due = leavers.Min(l => l.Date) is var first && first < s.Due ? first : s.Due;
        var text = $"Plan succession for {string.Join(", ", leavers.Select(l => $"{Names(state, [l.Person])} (leaves {Day(l.Date)})"))}: "
            + (top is null ? "recruit a successor now so there is a hand-over" : $"hand over to {Names(state, [top.Person.Id])}{(top.Gaps.Count > 0 ? $" ({string.Join("; ", top.Gaps.Select(g => $"{g.Competency} {g.Level}→{g.Required}"))})" : "")} before the last day");
        var action = new RiskAction(0, ActionKind.PlanSuccession, text,
            [.. leavers.Select(l => new NamedPerson(l.Person, state.FindPerson(l.Person)?.Name, $"leaves {Day(l.Date)}")), .. prospects.Select(Named)],
            Sponsor(s.Role, top, due), due);
        return new(action, st => top is null
            ? st.WithSeat(NewHire(s.Role, s.Obligation), Seat(s.Role, Assignment.Backup))
            : st.WithSeat(Trained(top.Person, s.Role, s.Obligation), Seat(s.Role, Assignment.Backup)), "a successor qualified before the departure");
    }

    private PlannedAction Rebalance(RosterState state, Situation s, ImmutableArray<string> overloaded)
    {
        var moves = overloaded.Select(id => (Id: id, Others: state.SeatsOf(id).Where(x => x.Assignment.RoleId != s.Role.Id).Select(x => x.Assignment.RoleId).ToList())).ToList();
        var text = "Rebalance: " + string.Join("; ", moves.Select(m => m.Others.Count > 0
            ? $"move {Names(state, [m.Id])}'s seat in {string.Join(", ", m.Others)} to someone else, or reduce their FTE to 1.0 in total"
            : $"reduce {Names(state, [m.Id])}'s FTE to 1.0 in total"));
        var action = new RiskAction(0, ActionKind.RebalanceLoad, text,
            [.. moves.Select(m => new NamedPerson(m.Id, state.FindPerson(m.Id)?.Name, $"overloaded: {state.LoadOf(m.Id).FteText} FTE, critical seats {string.Join(", ", state.LoadOf(m.Id).CriticalIncumbentRoles)}"))], [], s.Due);
        return new(action, st => moves.Aggregate(st, (acc, m) =>
        {
            acc = m.Others.Aggregate(acc, (a, role) => a.WithoutSeat(m.Id, role));
            return acc.FindPerson(m.Id) is { } p && acc.SeatsOf(m.Id).FirstOrDefault(x => x.Assignment.RoleId == s.Role.Id) is { } seat && seat.Assignment.Fte > 1
                ? acc.WithSeat(p, seat.Assignment with { Fte = 1 })
                : acc;
        }), "the other seats moved to someone else");
    }

    private static PlannedAction PersonFix(ActionKind kind, Situation s, ImmutableArray<string> people, string text, Func<Person, Person> fix, string assumes)
    {
        var action = new RiskAction(0, kind, text, [.. people.Select(id => new NamedPerson(id, null, kind == ActionKind.CompleteTraining ? "training overdue or not recorded" : "exercise lapsed or not recorded"))], [], s.Due);
        return new(action, st => st.WithPeople([.. people.Select(st.FindPerson).OfType<Person>().Select(fix)]), assumes);
    }

    private PlannedAction ResolveInterim(RosterState state, Situation s, ImmutableArray<string> interims)
    {
        var text = $"End the long interim: confirm {Names(state, interims)} in the {s.Role.Title} seat if qualified, or appoint a permanent holder";
        var action = new RiskAction(0, ActionKind.ResolveInterim, text,
            [.. interims.Select(id => new NamedPerson(id, state.FindPerson(id)?.Name, $"interim for more than {method.Windows.InterimMaxDays} days"))], [], s.Due);
        return new(action, st => interims.Aggregate(st, (acc, id) => acc.FindPerson(id) is { } p && acc.SeatsOf(id).Any(x => x.Assignment.RoleId == s.Role.Id)
            ? acc.WithSeat(p, Reseated(acc, id, s.Role, Assignment.Primary))
            : acc), "the interim appointment made permanent");
    }
}
