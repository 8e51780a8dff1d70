using System.Collections.Immutable;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Rosters;
using FsCheck;
using FsCheck.Fluent;

namespace ComplianceRisk.Engine.Tests;

/// <summary>
/// Properties over many random rosters. FsCheck supplies the seeds (and shrinks a failing one); each seed
/// builds a roster over the test catalog with varied levels, certificates, employment, vendors and dates.
/// </summary>
public sealed class PropertyTests
{
    private static readonly string[] Roles = ["sec", "net", "desk", "spare"];
    private static readonly string[] Vendors = ["Acme", "Globex"];

    internal static Scenario RandomScenario(int seed)
    {
        var random = new Random(seed);
        var scenario = new Scenario();
        var people = random.Next(1, 12);
        for (var i = 0; i < people; i++)
        {
            var type = (EmploymentType)random.Next(4);
            DateOnly? Maybe(int lo, int hi) => random.Next(3) == 0 ? null : Scenario.AsOf.AddDays(random.Next(lo, hi));
            Person Make(Person p) => p with
            {
                EmploymentType = type,
                Vendor = type != EmploymentType.Employee && random.Next(3) > 0 ? Vendors[random.Next(2)] : null,
                ContractEnd = type != EmploymentType.Employee ? Maybe(1, 700) : null,
                YearsExperience = random.Next(5) == 0 ? null : random.Next(0, 12),
                Competencies = ImmutableDictionary.CreateRange(new Dictionary<string, int>
                {
                    ["security"] = random.Next(5), ["risk"] = random.Next(5), ["network"] = random.Next(5), ["itsm"] = random.Next(5),
                }),
                Certifications = [.. new[] { "cissp", "ccnp" }.Where(_ => random.Next(2) == 0).Select(c => new HeldCertification(c, Maybe(-100, 800)))],
                Departure = random.Next(5) == 0 ? Scenario.AsOf.AddDays(random.Next(0, 500)) : null,
                LastTraining = Maybe(-500, 0),
                LastExercise = Maybe(-500, 0),
            };
            var seats = random.Next(1, 3);
            foreach (var role in Roles.OrderBy(_ => random.Next()).Take(seats))
                scenario.Add($"P{i:D2}", role, Make, (Assignment)random.Next(3), roleStart: Scenario.AsOf.AddDays(-random.Next(0, 900)));
        }
        return scenario;
    }

    private static Arbitrary<int> Seeds => ArbMap.Default.ArbFor<int>();

    [Fact]
    public void RemovingAQualifiedPerson_NeverLowersAnyObligationsProbability()
    {
        Prop.ForAll(Seeds, seed =>
        {
            var scenario = RandomScenario(seed);
            var before = scenario.Assess();
            var qualified = before.Obligations.SelectMany(o => o.QualifiedPeople.Concat(o.LossEvents.SelectMany(e => e.People))).Distinct().ToList();
            if (qualified.Count == 0) return true;
            var removed = qualified[Math.Abs(seed % qualified.Count)];
            var after = scenario.Assess(without: removed);
            return before.Obligations.All(o => after.Obligation(o.ObligationId).ProbabilityUncovered12m >= o.ProbabilityUncovered12m - 1e-9);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void AddingASecondQualifiedHolder_RemovesSinglePointOfFailure()
    {
        Prop.ForAll(Seeds, seed =>
        {
            var scenario = RandomScenario(seed);
            var role = scenario.Assess().Role("sec");
            if (!role.Flags.Any(f => f.Code == FlagCode.SinglePointOfFailure)) return true;
            scenario.Add("NEW", "sec", p => p with { Competencies = p.Competencies.SetItem("security", 4) }, Assignment.Backup);
            var after = scenario.Assess().Role("sec");
            return after.QualifiedCount == 2 && !after.Flags.Any(f => f.Code == FlagCode.SinglePointOfFailure);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Probabilities_AreProbabilities_AndStatusFollowsFromThem()
    {
        Prop.ForAll(Seeds, seed => RandomScenario(seed).Assess().Obligations.All(o =>
            o.ProbabilityUncovered12m is >= 0 and <= 1
            && (o.Status == CoverageStatus.Uncovered) == (o.QualifiedCount < o.MinQualified && o.ComplianceDate <= Scenario.AsOf)
            && (o.Status != CoverageStatus.Covered || (o.KeyPeople.IsEmpty && o.ProbabilityUncovered12m < 0.2))))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void SameInputs_GiveTheSameIdAndResults()
    {
        Prop.ForAll(Seeds, seed =>
        {
            var a = RandomScenario(seed).Assess();
            var b = RandomScenario(seed).Assess();
            return a.AssessmentId == b.AssessmentId
                && a.Roles.Select(r => string.Join(",", r.FlagKeys())).SequenceEqual(b.Roles.Select(r => string.Join(",", r.FlagKeys())))
                && a.Obligations.Select(o => (o.Status, o.ProbabilityUncovered12m)).SequenceEqual(b.Obligations.Select(o => (o.Status, o.ProbabilityUncovered12m)));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void AssessmentId_ChangesWithEveryInput()
    {
        var scenario = RandomScenario(42);
        var id = scenario.Assess().AssessmentId;
        Assert.NotEqual(id, scenario.Assess(Scenario.AsOf.AddDays(1)).AssessmentId);
        Assert.NotEqual(id, scenario.Assess(without: "P00").AssessmentId);
        Assert.NotEqual(id, new Scenario { Profile = Profiles.Hospital("US-NY") }.Assess().AssessmentId);
        Assert.Matches("^[0-9a-f]{32}$", id);
    }
}

/// <summary>Properties of the risk register over many random rosters (issue 3).</summary>
public sealed class RiskPropertyTests
{
    private static Arbitrary<int> Seeds => ArbMap.Default.ArbFor<int>();

    [Fact]
    public void Residual_NeverExceedsInherent() =>
        Prop.ForAll(Seeds, seed => PropertyTests.RandomScenario(seed).Assess().Risks.All(r =>
            r.Residual.Score <= r.Score && r.Residual.Likelihood <= r.Likelihood && r.Residual.Impact == r.Impact)).QuickCheckThrowOnFailure();

    [Fact]
    public void RemovingAPerson_NeverRaisesReadiness() =>
        Prop.ForAll(Seeds, seed =>
        {
            var scenario = PropertyTests.RandomScenario(seed);
            var before = scenario.Assess();
            var people = scenario.Roster.People;
            var removed = people[Math.Abs(seed % people.Length)].Id;
            var after = scenario.Assess(without: removed);
            return (after.Summary.ReadinessIndex ?? 0) <= (before.Summary.ReadinessIndex ?? 0) + 1e-9
                && after.Summary.Regimes.All(r => (r.ReadinessIndex ?? 0) <= (before.Summary.Regimes.Single(b => b.RegimeId == r.RegimeId).ReadinessIndex ?? 0) + 1e-9);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void SameInputs_GiveIdenticalRisksAndIds() =>
        Prop.ForAll(Seeds, seed =>
        {
            static string Key(Risks.Risk r) => $"{r.RiskId}|{r.Score}|{r.Residual.Score}|{r.DueDate}|{string.Join("/", r.Actions.Select(a => a.Description))}";
            return PropertyTests.RandomScenario(seed).Assess().Risks.Select(Key).SequenceEqual(PropertyTests.RandomScenario(seed).Assess().Risks.Select(Key));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void RiskIds_NeverContainPersonIds() =>
        Prop.ForAll(Seeds, seed =>
        {
            var scenario = PropertyTests.RandomScenario(seed);
            var ids = scenario.Roster.People.Select(p => p.Id).ToList();
            return scenario.Assess().Risks.All(r => !ids.Any(id => r.RiskId.Contains(id, StringComparison.Ordinal))
                && System.Text.RegularExpressions.Regex.IsMatch(r.RiskId, "^(ROLE|OBL):[a-z0-9][a-z0-9.-]*$"));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void EveryRisk_HasAnAction_InPriorityOrder() =>
        Prop.ForAll(Seeds, seed => PropertyTests.RandomScenario(seed).Assess().Risks.All(r =>
            r.Actions.Length > 0
            && r.Actions.Select(a => a.Order).SequenceEqual(Enumerable.Range(1, r.Actions.Length))
            && r.Actions.Select(a => a.Kind).SequenceEqual(r.Actions.Select(a => a.Kind).Order())
            && r.Actions.All(a => a.DueDate <= r.DueDate))).QuickCheckThrowOnFailure();
}
