using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;

namespace ComplianceRisk.Engine.Risks;

/// <summary>
/// Turns findings into register entries (DESIGN §5 "Risks"): one per role with flags and one per
/// obligation not covered, each scored from its factors and probability, with responses in priority order
/// and a residual score re-assessed as if the first response were done.
/// </summary>
internal sealed class RiskRegister
{
    private readonly Catalog _catalog;
    private readonly CatalogMethod _method;
    private readonly DateOnly _asOf;
    private readonly Qualification _qualification;
    private readonly RoleFlagRules _rules;
    private readonly ObligationCoverage _coverage;
    private readonly IReadOnlyList<Obligation> _applicable;
    private readonly RiskScoring _scoring;
    private readonly ResponsePlanner _planner;
    private readonly LossModel _losses;

    public RiskRegister(Catalog catalog, CatalogMethod method, DateOnly asOf, Qualification qualification,
        RoleFlagRules rules, ObligationCoverage coverage, IReadOnlyList<Obligation> applicable)
    {
        (_catalog, _method, _asOf, _qualification, _rules, _coverage, _applicable) = (catalog, method, asOf, qualification, rules, coverage, applicable);
        _scoring = new RiskScoring(method.Scoring);
        _planner = new ResponsePlanner(catalog, method, asOf, qualification);
        _losses = new LossModel(method, asOf);
    }

    private static string Code(FlagCode code) => code.Name();

    public ImmutableArray<Risk> Build(RosterState state, ImmutableArray<RoleResult> roles, ImmutableArray<ObligationResult> obligations)
    {
        var risks = new List<Risk>();
        foreach (var role in roles.Where(r => !r.Flags.IsEmpty)) risks.Add(RoleRisk(state, _catalog.GetRole(role.RoleId), role));
        foreach (var result in obligations.Where(NeedsRisk))
            risks.Add(ObligationRisk(state, _applicable.First(o => o.Id == result.ObligationId), result));
        return [.. risks.OrderByDescending(r => r.Score).ThenByDescending(r => r.Impact).ThenBy(r => r.RiskId, StringComparer.Ordinal)];
    }

    /// <summary>An obligation is a risk unless it is covered (or would be, once in force).</summary>
    private static bool NeedsRisk(ObligationResult o) => (o.StatusWhenInForce ?? o.Status) != CoverageStatus.Covered;

    // ---- roles -------------------------------------------------------------------------------------------

    private (ImmutableArray<RiskFactor> Factors, LikelihoodBasis Basis) ScoreRole(RosterState state, Role role, RoleResult result)
    {
        // One factor per code, in code order. A large department's role carries a hundred thousand flags:
        // they are counted by code and each code's flags read where they are, rather than grouped into copies.
        var flags = result.Flags;
        var counts = new int[flags.IsEmpty ? 0 : flags.Max(f => (int)f.Code) + 1];
        foreach (var flag in flags) counts[(int)flag.Code]++;
        var factors = ImmutableArray.CreateBuilder<RiskFactor>();
        for (var c = 0; c < counts.Length; c++)
        {
            if (counts[c] == 0) continue;
            var code = (FlagCode)c;
            FragilityFlag? only = null;
            foreach (var flag in flags)
                if (flag.Code == code) { only = flag; break; }
            factors.Add(new RiskFactor(Code(code), _method.Scoring.FlagPoints[Code(code)], Messages(flags, code, counts[c]), FlaggedPeople.Of(flags, code, _named),
                counts[c] == 1 ? only!.Evidence : Evidence.Of(("count", counts[c]))));
        }
        var scored = factors.ToImmutable();
        return (scored, _scoring.Likelihood(scored.Sum(f => f.Points), NoQualifiedHolderLeft(state, role, result)));
    }

    /// <summary>The messages of the flags with the code, joined by "; ": written once into a text of its final size (a megabyte for a large department).</summary>
    private static string Messages(ImmutableArray<FragilityFlag> flags, FlagCode code, int count)
    {
        var length = 2 * (count - 1);
        foreach (var flag in flags)
            if (flag.Code == code) length += flag.Message.Length;
        return string.Create(length, (flags, code), static (span, state) =>
        {
            var at = 0;
            foreach (var flag in state.flags)
            {
                if (flag.Code != state.code) continue;
                if (at > 0) { "; ".CopyTo(span[at..]); at += 2; }
                flag.Message.CopyTo(span[at..]);
                at += flag.Message.Length;
            }
        });
    }

    // Holders named by a factor, found distinct through one set reused by every factor of the register.
    private readonly HashSet<string> _named = new(StringComparer.Ordinal);

    /// <summary>A role's likelihood on a what-if state: the points of the flags it would raise, without describing them.</summary>
    private LikelihoodBasis RescoreRole(RosterState state, Role role)
    {
        var (codes, qualified) = _rules.Outline(role, state);
        var points = 0;
        foreach (var code in Enum.GetValues<FlagCode>())
            if ((codes & (1UL << (int)code)) != 0) points += _method.Scoring.FlagPoints[Code(code)];
        return _scoring.Likelihood(points, NoQualifiedHolderLeft(role, qualified));
    }

    /// <summary>Likelihood from probability: that no qualified holder is left at the horizon.</summary>
    private double NoQualifiedHolderLeft(RosterState state, Role role, RoleResult result)
    {
        if (_rules.QualifiedIn(role, state) is { } seats) return NoQualifiedHolderLeft(role, seats);
        var qualifiedIds = result.Holders.Where(h => h.Qualified).Select(h => h.PersonId).ToHashSet(StringComparer.Ordinal);
        return NoQualifiedHolderLeft(role, [.. state.SeatsIn(role.Id).Where(s => qualifiedIds.Contains(s.Person.Id))]);
    }

    // A role's qualified seats and their holders as candidates, one role at a time: two arrays reused by every
    // role of the register (grown to the largest) rather than made for each, twice per role with its residual.
    private Seat[] _held = [];
    private Candidate[] _candidates = [];

    /// <param name="seats">The role's seats held by qualified people, in seat order (qualification is the person's, so all their seats in it).</param>
    private double NoQualifiedHolderLeft(Role role, IReadOnlyList<Seat> seats)
    {
        if (seats.Count == 0) return 1.0;
        if (_held.Length < seats.Count)
        {
            _held = new Seat[Math.Max(seats.Count, 2 * _held.Length)];
            _candidates = new Candidate[_held.Length];
        }
        // Each a candidate through their one seat here: slices of one array.
        for (var i = 0; i < seats.Count; i++)
        {
            _held[i] = seats[i];
            _candidates[i] = new Candidate(_held[i].Person, new ArraySegment<Seat>(_held, i, 1));
        }
        var groups = _losses.Groups(new ArraySegment<Candidate>(_candidates, 0, seats.Count), (c, date) => _qualification.ForRoleOn(c.Person, role, date).IsEmpty);
        return Math.Round(LossDistribution.ProbabilityBelow(groups, 1), 6);
    }

    private Risk RoleRisk(RosterState state, Role role, RoleResult result)
    {
        var (factors, basis) = ScoreRole(state, role, result);
        var atStake = _applicable.Where(o => o.AccountableRoles.Contains(role.Id)).ToList();
        var final = atStake.Where(o => o.Status == ObligationLifecycle.Final).ToList();
        var lead = factors[0];
        return Compose(new RiskDraft
        {
            RiskId = $"ROLE:{role.Id}",
            Title = $"{role.Title}: {Headline(lead.Code)}",
            Description = LeadSentences($"{role.Title} (tier {role.Tier}): ", factors.Take(3).Select(f => (f.Description, StartsWithPerson(result.Flags, f.Code))),
                (atStake.Count > 0 ? $" The role is accountable for {atStake.Count} applicable obligation{(atStake.Count == 1 ? "" : "s")} ({string.Join(", ", atStake.Take(4).Select(o => o.Citation))}{(atStake.Count > 4 ? ", …" : "")})." : "")
                + $" Chance that no qualified holder is left within {_method.Windows.HorizonMonths} months: {Chance.Percent(basis.Probability12m)}."),
            Category = Category(factors.Select(f => f.Code)),
            RoleId = role.Id,
            ObligationIds = [.. atStake.Select(o => o.Id)],
            Impact = Math.Max(_scoring.TierImpact(role.Tier), final.Select(o => o.Severity).DefaultIfEmpty(0).Max()),
            Factors = factors,
            LikelihoodBasis = basis,
            Owner = role.Title,
        }, final, state,
            due => new ResponsePlanner.Situation(role, null, factors.Select(f => f.Code).ToHashSet(), result.Flags, [], [], [], due),
            after => RescoreRole(after, role));
    }

    // ---- obligations -------------------------------------------------------------------------------------

    private (ImmutableArray<RiskFactor> Factors, LikelihoodBasis Basis) ScoreObligation(ObligationResult result)
    {
        var points = _method.Scoring.CoveragePoints;
        var status = result.StatusWhenInForce ?? result.Status;
        var factors = ImmutableArray.CreateBuilder<RiskFactor>();
        if (status == CoverageStatus.Uncovered)
            factors.Add(new RiskFactor("UNCOVERED", points["UNCOVERED"],
                $"{result.QualifiedCount} qualified of the {result.MinQualified} needed", [.. result.QualifiedPeople],
                Evidence.Of(("qualified", result.QualifiedCount), ("minQualified", result.MinQualified))));
        if (!result.KeyPeople.IsEmpty)
            factors.Add(new RiskFactor("KEY_PEOPLE", points["KEY_PEOPLE"],
                $"rests on {string.Join(", ", result.KeyPeople.Select(PersonMentions.Of))}: one departure leaves fewer than {result.MinQualified} qualified", result.KeyPeople,
                Evidence.Of(("keyPeople", result.KeyPeople.ToArray()))));
        if (status != CoverageStatus.Uncovered && result.ExternalOnly)
        {
            var pool = result.LossEvents.SelectMany(e => e.People).ToList();
            factors.Add(new RiskFactor("EXTERNAL_ONLY", points["EXTERNAL_ONLY"], "only contractors, vendors or MSP staff are qualified", [.. pool], Evidence.Of(("people", pool.ToArray()))));
        }
        foreach (var finding in result.Findings)
        {
            var code = finding.Split(':')[0];
            if (points.TryGetValue(code, out var p)) factors.Add(new RiskFactor(code, p, finding[(code.Length + 1)..].Trim(), [], Evidence.Of(("finding", finding))));
        }
        foreach (var loss in result.LossEvents.SelectMany(e => e.Certain))
            factors.Add(new RiskFactor("CERTAIN_LOSS", 0,
                $"{PersonMentions.Of(loss.PersonId)}: " + loss.Kind switch
                {
                    CertainLossKind.Departure => $"leaves on {loss.Date:yyyy-MM-dd}",
                    CertainLossKind.ContractEnd => $"contract ends on {loss.Date:yyyy-MM-dd}",
                    _ => $"qualification rests on {loss.CertificationId}, which expires on {loss.Date:yyyy-MM-dd}",
                }, [loss.PersonId], Evidence.Of(("kind", loss.Kind), ("date", loss.Date), ("certification", loss.CertificationId))));
        if (result.Status == CoverageStatus.Upcoming && result.ComplianceDate is { } date)
            factors.Add(new RiskFactor("UPCOMING", 0, $"compliance required from {date:yyyy-MM-dd}; would be {status.ToString().ToUpperInvariant()} today", [], Evidence.Of(("complianceDate", date))));
        return (factors.ToImmutable(), _scoring.Likelihood(factors.Sum(f => f.Points), result.ProbabilityUncovered12m));
    }

    private Risk ObligationRisk(RosterState state, Obligation obligation, ObligationResult result)
    {
        var (factors, basis) = ScoreObligation(result);
        var role = PrimaryRole(state, obligation);
        var status = result.StatusWhenInForce ?? result.Status;
        var regime = _catalog.FindRegime(obligation.Regime)?.Name ?? obligation.Regime;
        var lifecycle = obligation.Status == ObligationLifecycle.Final ? "" : $" ({obligation.Status.ToString().ToLowerInvariant()})";
        return Compose(new RiskDraft
        {
            RiskId = $"OBL:{obligation.Id}",
            Title = $"{obligation.Title} ({obligation.Citation}): " + (result.Status == CoverageStatus.Upcoming
                ? $"{status.ToString().ToLowerInvariant()} when it takes effect on {result.ComplianceDate:yyyy-MM-dd}"
                : status.ToString().ToLowerInvariant()),
            Description = $"{Sentence(obligation.Description)}. "
                + (status == CoverageStatus.Uncovered
                    ? $"Today {result.QualifiedCount} qualified {(result.QualifiedCount == 1 ? "person is" : "people are")} able to meet it; it needs {result.MinQualified}."
                    : $"{result.QualifiedCount} qualified {(result.QualifiedCount == 1 ? "person meets" : "people meet")} it{(result.KeyPeople.IsEmpty ? "" : $", resting on {string.Join(", ", result.KeyPeople.Select(PersonMentions.Of))}")}.")
                + $" Chance it is uncovered within {_method.Windows.HorizonMonths} months: {Chance.Percent(result.ProbabilityUncovered12m)}."
                + string.Concat(result.Findings.Select(f => $" {Sentence(f[(f.IndexOf(':') + 1)..].Trim())}.")),
            Category = $"Regulatory compliance: {regime}{lifecycle}",
            RoleId = null,
            ObligationIds = [obligation.Id],
            Impact = obligation.Severity,
            Factors = factors,
            LikelihoodBasis = basis,
            Owner = _catalog.GetRole(obligation.AccountableRoles[0]).Title,
        }, [obligation], state,
            due => new ResponsePlanner.Situation(role, obligation, factors.Select(f => f.Code).ToHashSet(), [], result.QualifiedPeople,
                result.LossEvents.SelectMany(e => e.People).Distinct().ToList(), [.. result.LossEvents.SelectMany(e => e.Certain)], due),
            after => ScoreObligation(_coverage.Assess(obligation, after)).Basis);
    }

    /// <summary>
    /// What every risk shares: the score from its likelihood basis and impact, the due date, the responses,
    /// and the residual: the same role or obligation re-scored on the roster as the first response leaves it.
    /// </summary>
    private Risk Compose(RiskDraft risk, IEnumerable<Obligation> dueFrom, RosterState state,
        Func<DateOnly, ResponsePlanner.Situation> situation, Func<RosterState, LikelihoodBasis> rescore)
    {
        var likelihood = RiskScoring.LikelihoodOf(risk.LikelihoodBasis);
        var score = likelihood * risk.Impact;
        var due = DueDate(score, dueFrom);
        var actions = _planner.Plan(state, situation(due));
        var residual = Math.Min(likelihood, RiskScoring.LikelihoodOf(rescore(actions[0].Effect(state))));
        return new Risk
        {
            RiskId = risk.RiskId,
            Title = risk.Title,
            Description = risk.Description,
            Category = risk.Category,
            RoleId = risk.RoleId,
            ObligationIds = risk.ObligationIds,
            Impact = risk.Impact,
            Factors = risk.Factors,
            LikelihoodBasis = risk.LikelihoodBasis,
            Owner = risk.Owner,
            Status = RiskStatus.Open,
            ResponseType = ResponseType.Mitigate,
            Likelihood = likelihood,
            Score = score,
            Rating = _scoring.Rating(score),
            DueDate = due,
            Actions = [.. actions.Select(a => a.Action)],
            Residual = new ResidualScore(residual, risk.Impact, residual * risk.Impact, _scoring.Rating(residual * risk.Impact), actions[0].Assumes),
        };
    }

    /// <summary>What a risk says about itself, before it is scored and given responses.</summary>
    private sealed record RiskDraft
    {
        public required string RiskId { get; init; }
        public required string Title { get; init; }
        public required string Description { get; init; }
        public required string Category { get; init; }
        public string? RoleId { get; init; }
        public required ImmutableArray<string> ObligationIds { get; init; }
        public required int Impact { get; init; }
        public required ImmutableArray<RiskFactor> Factors { get; init; }
        public required LikelihoodBasis LikelihoodBasis { get; init; }
        public required string Owner { get; init; }
    }

    /// <summary>The accountable role to act on: the first that someone holds, else the first listed.</summary>
    private Role PrimaryRole(RosterState state, Obligation obligation) =>
        _catalog.GetRole(obligation.AccountableRoles.FirstOrDefault(r => state.SeatsIn(r).Count > 0) ?? obligation.AccountableRoles[0]);

    // ---- shared ------------------------------------------------------------------------------------------

    /// <summary>The earlier of the rating's response window and the first compliance date still ahead.</summary>
    private DateOnly DueDate(int score, IEnumerable<Obligation> atStake)
    {
        var window = _asOf.AddDays(_scoring.Band(score).ResponseDays);
        var next = atStake.Select(o => o.ComplianceDate).Where(d => d > _asOf).Min();
        return next is { } d && d < window ? d : window;
    }

    private static string Sentence(string text) => text.Length == 0 ? text : Capital(text) + text[1..].TrimEnd('.');

    /// <summary>The first character of a sentence made of the text: capitalized, but for a person id, which is written as the roster has it.</summary>
    private static char Capital(string text, bool startsWithPerson = false) =>
        startsWithPerson || PersonMentions.StartsWithMention(text) ? text[0] : char.ToUpperInvariant(text[0]);

    /// <summary>Whether a role's factor starts with a person's id: its first flag is about a person, whose id starts its message.</summary>
    private static bool StartsWithPerson(ImmutableArray<FragilityFlag> flags, string code)
    {
        foreach (var flag in flags)
            if (Code(flag.Code) == code) return flag.PersonId is { } id && flag.Message.StartsWith(id, StringComparison.Ordinal);
        return false;
    }

    /// <summary>
    /// <paramref name="lead"/>, then each text as a <see cref="Sentence"/> (whose first letter is not capitalized when it
    /// starts with a person's id, written as the roster has it), joined by "; ", a full stop and the
    /// <paramref name="tail"/>. The texts can be very long (every holder's finding): they are copied once,
    /// straight into the result.
    /// </summary>
    private static string LeadSentences(string lead, IEnumerable<(string Text, bool StartsWithPerson)> texts, string tail)
    {
        var list = texts.ToList();
        var length = lead.Length + 1 + tail.Length;
        for (var i = 0; i < list.Count; i++)
            length += (i > 0 ? 2 : 0) + (list[i].Text.Length == 0 ? 0 : 1 + list[i].Text.AsSpan(1).TrimEnd('.').Length);
        return string.Create(length, (lead, list, tail), static (span, parts) =>
        {
            var (lead, list, tail) = parts;
            lead.CopyTo(span);
            var at = lead.Length;
            for (var i = 0; i < list.Count; i++)
            {
                if (i > 0) { "; ".CopyTo(span[at..]); at += 2; }
                var (text, startsWithPerson) = list[i];
                if (text.Length == 0) continue;
                span[at++] = Capital(text, startsWithPerson);
                var rest = text.AsSpan(1).TrimEnd('.');
                rest.CopyTo(span[at..]);
                at += rest.Length;
            }
            span[at++] = '.';
            tail.CopyTo(span[at..]);
        });
    }

    private static string Headline(string code) => code switch
    {
        "VACANT" => "vacant",
        "NO_QUALIFIED_HOLDER" => "no qualified holder",
        "SINGLE_POINT_OF_FAILURE" => "single point of failure",
        "BELOW_REQUIRED_HEADCOUNT" => "below the required qualified headcount",
        "INEXPERIENCED_INCUMBENT" or "JUNIOR_ONLY_COVERAGE" => "inexperienced coverage",
        "COMPETENCY_GAP" => "competency gaps",
        "CERT_MISSING" or "CERT_EXPIRED" or "CERT_EXPIRING" => "certification lapse",
        "EXTERNAL_DEPENDENCY" => "held only by external staff",
        "DEPARTURE_PENDING" => "qualified holder leaving",
        "OVERLOADED" => "overloaded holder",
        "CURRENCY_LAPSED" => "exercise lapsed",
        "TRAINING_OVERDUE" => "training overdue",
        _ => "interim for too long",
    };

    /// <summary>The category of the first factor in response-priority order.</summary>
    private static string Category(IEnumerable<string> codes)
    {
        var set = codes.ToHashSet();
        if (set.Overlaps(["VACANT", "NO_QUALIFIED_HOLDER"])) return "Workforce: vacancy";
        if (set.Overlaps(["SINGLE_POINT_OF_FAILURE", "BELOW_REQUIRED_HEADCOUNT"])) return "Workforce: key-person dependency";
        if (set.Overlaps(["CERT_EXPIRING", "CERT_EXPIRED", "CERT_MISSING", "INEXPERIENCED_INCUMBENT", "JUNIOR_ONLY_COVERAGE", "COMPETENCY_GAP"])) return "Workforce: capability";
        if (set.Contains("EXTERNAL_DEPENDENCY")) return "Workforce: third-party dependency";
        if (set.Contains("DEPARTURE_PENDING")) return "Workforce: succession";
        if (set.Contains("OVERLOADED")) return "Workforce: capacity";
        return "Workforce: currency and training";
    }
}
