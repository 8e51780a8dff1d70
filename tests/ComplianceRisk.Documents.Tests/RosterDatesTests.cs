using ComplianceRisk.Documents.Rosters;
using ComplianceRisk.Engine.Organizations;

namespace ComplianceRisk.Documents.Tests;

public sealed class RosterDatesTests
{
    public static TheoryData<string, string?, bool> Dates => new()
    {
        // text, expected (month-first organization), ambiguous?
        { "2026-03-31", "2026-03-31", false },
        { "2026-03-31T00:00:00", "2026-03-31", false },
        { "2026-03-31 14:05:00", "2026-03-31", false },
        { "2026/3/31", "2026-03-31", false },
        { "31/03/2026", "2026-03-31", false },
        { "03/31/2026", "2026-03-31", false },
        { "3/31/26", "2026-03-31", false },
        { "04/04/2026", "2026-04-04", false },
        { "03/04/2026", "2026-03-04", true },
        { "31.03.2026", "2026-03-31", false },
        { "31-Mar-2026", "2026-03-31", false },
        { "31 March 2026", "2026-03-31", false },
        { "March 31, 2026", "2026-03-31", false },
        { "Sept 1 2026", "2026-09-01", false },
        // Excel serial 46112 = 2026-03-31.
        { "46112", "2026-03-31", false },
        { "31/02/2026", null, false },
        { "13/13/2026", null, false },
        { "2026-02-29", null, false },
        { "2024-02-29", "2024-02-29", false },
        { "soon", null, false },
        { "2026", null, false },
    };

    [Theory]
    [MemberData(nameof(Dates))]
    public void Text_IsRead(string text, string? expected, bool ambiguous)
    {
        var read = RosterDates.Read(CellValue.FromText(text), DateOrder.MonthFirst);
        Assert.Equal(expected, read.Value?.ToString("yyyy-MM-dd"));
        Assert.Equal(ambiguous, read.Caution is not null);
        Assert.Equal(expected is null, read.Problem is not null);
    }

    [Fact]
    public void Ambiguous_FollowsTheOrganizationsOrder_AndSaysSo()
    {
        var read = RosterDates.Read(CellValue.FromText("03/04/2026"), DateOrder.DayFirst);
        Assert.Equal(new DateOnly(2026, 4, 3), read.Value);
        Assert.Equal("'03/04/2026' is ambiguous; read as 2026-04-03 (day/month order)", read.Caution);
    }

    [Fact]
    public void InvalidDay_SaysWhy() =>
        Assert.Equal("'31/02/2026' is not a date: February 2026 has 28 days", RosterDates.Read(CellValue.FromText("31/02/2026"), DateOrder.MonthFirst).Problem);

    [Fact]
    public void TypedCells_AreRead()
    {
        Assert.Equal(new DateOnly(2026, 3, 31), RosterDates.Read(CellValue.FromDate(new DateOnly(2026, 3, 31)), DateOrder.MonthFirst).Value);
        Assert.Equal(new DateOnly(2026, 3, 31), RosterDates.Read(CellValue.FromNumber(46112.5), DateOrder.MonthFirst).Value);
        Assert.NotNull(RosterDates.Read(CellValue.FromBoolean(true), DateOrder.MonthFirst).Problem);
    }
}
