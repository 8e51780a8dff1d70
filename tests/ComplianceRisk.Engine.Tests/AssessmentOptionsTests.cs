using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Engine.Tests;

public sealed class AssessmentOptionsTests
{
    public static TheoryData<DateOnly> Bounds => [AssessmentOptions.EarliestAsOf, AssessmentOptions.LatestAsOf];

    /// <summary>
    /// At either end of the supported dates every window the default catalog steps through (training cadence, horizon,
    /// response due dates, a renewal's three years) stays a date: the assessment completes, with its flags and risks.
    /// </summary>
    [Theory]
    [MemberData(nameof(Bounds))]
    public void AtEitherBound_TheAssessmentCompletes(DateOnly asOf)
    {
        var assessment = new Scenario { Catalog = DefaultCatalog.Load() }
            .Add("E1", "security-official", p => p with
            {
                LastTraining = null,
                Certifications = [new HeldCertification("cissp", asOf.AddDays(30))],
                Departure = asOf.AddDays(60),
            }, Assignment.Interim, roleStart: asOf.AddDays(-200))
            .Assess(asOf);

        Assert.Equal(asOf, assessment.AsOf);
        Assert.Contains(assessment.Role("security-official").Flags, f => f.Code == FlagCode.TrainingOverdue);
        Assert.Contains(assessment.Risks, r => r.RiskId == "ROLE:security-official");
    }

    public static TheoryData<DateOnly> Outside => [DateOnly.MinValue, new DateOnly(1899, 12, 31), new DateOnly(2201, 1, 1), DateOnly.MaxValue];

    [Theory]
    [MemberData(nameof(Outside))]
    public void OutsideTheSupportedDates_IsRefusedWhenTheOptionsAreMade(DateOnly asOf)
    {
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => new AssessmentOptions { AsOf = asOf });
        Assert.Contains("1900-01-01 to 2200-12-31", refused.Message);
    }
}
