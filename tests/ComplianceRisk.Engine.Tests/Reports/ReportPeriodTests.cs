using System.Globalization;
using ComplianceRisk.Engine.Reports;
using FsCheck;
using FsCheck.Fluent;

namespace ComplianceRisk.Engine.Tests.Reports;

public sealed class ReportPeriodTests
{
    [Theory]
    [InlineData(ReportCadence.Daily, "2026-12-04", "2026-12-04")]
    [InlineData(ReportCadence.Monthly, "2026-12-04", "2026-12")]
    [InlineData(ReportCadence.Weekly, "2026-12-04", "2026-W49")]
    // ISO 8601 weeks at New Year: 2026 has 53 weeks (it starts on a Thursday).
    [InlineData(ReportCadence.Weekly, "2026-12-31", "2026-W53")]
    [InlineData(ReportCadence.Weekly, "2027-01-03", "2026-W53")]
    [InlineData(ReportCadence.Weekly, "2027-01-04", "2027-W01")]
    // Week 1 can start in December: Monday 2024-12-30 is in 2025-W01.
    [InlineData(ReportCadence.Weekly, "2024-12-30", "2025-W01")]
    public void Of_LocalDate(ReportCadence cadence, string date, string expected)
    {
        Assert.Equal(expected, ReportPeriod.Of(cadence, DateOnly.Parse(date, CultureInfo.InvariantCulture)).Id);
    }

    [Theory]
    [InlineData("2026-12-04", true)]
    [InlineData("2026-12", true)]
    [InlineData("2026-W53", true)]
    [InlineData("2028-02-29", true)]
    // 2027 has 52 ISO weeks; February 2026 has 28 days; no month 13; the shape is fixed.
    [InlineData("2027-W53", false)]
    [InlineData("2026-02-29", false)]
    [InlineData("2026-13", false)]
    [InlineData("2026-W00", false)]
    [InlineData("2026-12-4", false)]
    [InlineData("../2026-12", false)]
    [InlineData("2026-12-04\n", false)]
    [InlineData("२०२६-12", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void TryParse_ChecksShapeAndCalendar(string? id, bool valid)
    {
        Assert.Equal(valid, ReportPeriod.TryParse(id, out var period));
        if (valid) Assert.Equal(id, period!.Id);
    }

    /// <summary>Every period the schedule names, for any date of the calendar, reads back as a valid id of the same shape.</summary>
    [Fact]
    public void Of_AnyDate_IsAValidIdOfItsCadence()
    {
        var days = Gen.Choose(0, DateOnly.MaxValue.DayNumber).Select(DateOnly.FromDayNumber).ToArbitrary();
        Prop.ForAll(days, date => Enum.GetValues<ReportCadence>().All(cadence =>
        {
            var id = ReportPeriod.Of(cadence, date).Id;
            return ReportPeriod.TryParse(id, out _) && id.Length == cadence switch { ReportCadence.Daily => 10, ReportCadence.Weekly => 8, _ => 7 };
        })).QuickCheckThrowOnFailure();
    }
}
