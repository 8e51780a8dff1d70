using static ComplianceRisk.Engine.Assessments.LossDistribution;

namespace ComplianceRisk.Engine.Tests;

/// <summary>Hand-computed Poisson-binomial and vendor-correlated cases.</summary>
public sealed class LossDistributionTests
{
    private static Group Person(double loss) => new(0, [loss]);

    public static TheoryData<string, Group[], int, double> Cases => new()
    {
        // Nobody needed: never below.
        { "minimum 0", [Person(0.5)], 0, 0 },
        // Nobody there: certainly below a minimum of 1.
        { "empty pool", [], 1, 1 },
        { "one person", [Person(0.15)], 1, 0.15 },
        // Both lost: 0.15².
        { "two independent, need one", [Person(0.15), Person(0.15)], 1, 0.0225 },
        // Not both stay: 1 − 0.85².
        { "two independent, need two", [Person(0.15), Person(0.15)], 2, 0.2775 },
        // P0 = .1·.2·.3 = .006; P1 = .9·.2·.3 + .1·.8·.3 + .1·.2·.7 = .054 + .024 + .014 = .092.
        { "three unequal, need two", [Person(0.1), Person(0.2), Person(0.3)], 2, 0.098 },
        // A certain loss and a sure stay.
        { "certain loss", [Person(1), Person(0)], 1, 0 },
        { "certain loss, need two", [Person(1), Person(0)], 2, 1 },
        // Vendor pair leaves together (0.25) and an employee (0.15): both events needed for zero survivors.
        { "vendor pair and an employee, need one", [new Group(0.25, [0, 0]), Person(0.15)], 1, 0.25 * 0.15 },
        // Need two: the vendor contract alone is fatal (.25); if it holds, 2 remain whatever the employee does.
        { "vendor pair and an employee, need two", [new Group(0.25, [0, 0]), Person(0.15)], 2, 0.25 },
        // Need three: fatal if the contract ends (.25) or, when it holds, the employee leaves (.75 · .15).
        { "vendor pair and an employee, need three", [new Group(0.25, [0, 0]), Person(0.15)], 3, 0.25 + 0.75 * 0.15 },
        // One vendor member's own contract ends (certain), the other stays unless the contract goes: below 1 only if contract ends.
        { "vendor member certain loss", [new Group(0.25, [1, 0])], 1, 0.25 },
        // The same two people as independent contractors: 0.25² — correlation matters.
        { "same people independent", [Person(0.25), Person(0.25)], 1, 0.0625 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ProbabilityBelow_MatchesHandComputation(string name, Group[] groups, int minimum, double expected)
    {
        var actual = ProbabilityBelow(groups, minimum);
        Assert.True(Math.Abs(expected - actual) < 1e-12, $"{name}: expected {expected}, got {actual}");
    }

    [Fact]
    public void GroupSurvivors_SumsToOne()
    {
        var dist = GroupSurvivors(new Group(0.3, [0.1, 0.5, 0.9, 0.0]));
        Assert.Equal(5, dist.Length);
        Assert.Equal(1.0, dist.Sum(), 12);
    }
}
