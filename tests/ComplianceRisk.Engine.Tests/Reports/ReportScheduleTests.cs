using System.Globalization;
using ComplianceRisk.Engine.Reports;

namespace ComplianceRisk.Engine.Tests.Reports;

/// <summary>
/// When a subscription is due: the scheduled instant of each period in the subscription's own time zone, and the
/// window (after, upTo] an hourly UTC timer asks about. Plain instants stand in for the clock.
/// </summary>
public sealed class ReportScheduleTests
{
    private static ReportSchedule Schedule(string cadence, string? day, int hour, string zone) =>
        ReportSchedule.Create(Enum.Parse<ReportCadence>(cadence, ignoreCase: true), day, hour, zone).GetValueOrThrow();

    private static DateTimeOffset Utc(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    [Theory]
    // An ordinary winter morning in New York: 08:00 EST is 13:00 UTC.
    [InlineData("daily", null, 8, "America/New_York", "2026-12-04", "2026-12-04T13:00Z")]
    // Spring forward (2026-03-08): 02:00 does not exist; the first instant after the gap is 03:00 EDT = 07:00 UTC.
    [InlineData("daily", null, 2, "America/New_York", "2026-03-08", "2026-03-08T07:00Z")]
    // Fall back (2026-11-01): 01:00 happens twice; the first occurrence is 01:00 EDT = 05:00 UTC.
    [InlineData("daily", null, 1, "America/New_York", "2026-11-01", "2026-11-01T05:00Z")]
    // London springs forward at 01:00 GMT (2026-03-29): 01:00 local does not exist, 02:00 BST = 01:00 UTC.
    [InlineData("daily", null, 1, "Europe/London", "2026-03-29", "2026-03-29T01:00Z")]
    // London falls back at 02:00 BST (2026-10-25): 01:00 happens twice, first as BST = 00:00 UTC.
    [InlineData("daily", null, 1, "Europe/London", "2026-10-25", "2026-10-25T00:00Z")]
    // Lord Howe moves 30 minutes (2026-10-04 02:00 → 02:30): the first instant after the gap is 02:30 +11:00.
    [InlineData("daily", null, 2, "Australia/Lord_Howe", "2026-10-04", "2026-10-03T15:30Z")]
    // Lord Howe in standard time is +10:30.
    [InlineData("daily", null, 9, "Australia/Lord_Howe", "2026-06-15", "2026-06-14T22:30Z")]
    // Kolkata, +05:30 all year: 08:00 local is 02:30 UTC, between two hourly ticks.
    [InlineData("daily", null, 8, "Asia/Kolkata", "2026-07-01", "2026-07-01T02:30Z")]
    // Chatham, +12:45 in winter: 09:00 local is 20:15 UTC the day before.
    [InlineData("daily", null, 9, "Pacific/Chatham", "2026-06-15", "2026-06-14T20:15Z")]
    // Chatham springs forward at 02:45 → 03:45 (2026-09-27): 03:00 does not exist, 03:45 +13:45 = 14:00 UTC.
    [InlineData("daily", null, 3, "Pacific/Chatham", "2026-09-27", "2026-09-26T14:00Z")]
    [InlineData("daily", null, 0, "UTC", "2026-12-04", "2026-12-04T00:00Z")]
    // Weekly across New York's spring forward: Sunday 08:00 is 13:00 UTC one week, 12:00 UTC the next.
    [InlineData("weekly", "sunday", 8, "America/New_York", "2026-03-01", "2026-03-01T13:00Z")]
    [InlineData("weekly", "sunday", 8, "America/New_York", "2026-03-08", "2026-03-08T12:00Z")]
    // Monthly on the 31st: February's last day, 28 or 29 in a leap year; April's is the 30th.
    [InlineData("monthly", "31", 8, "UTC", "2026-02-28", "2026-02-28T08:00Z")]
    [InlineData("monthly", "31", 8, "UTC", "2028-02-29", "2028-02-29T08:00Z")]
    [InlineData("monthly", "31", 8, "Europe/London", "2026-04-30", "2026-04-30T07:00Z")]
    public void InstantOn_ScheduledDate(string cadence, string? day, int hour, string zone, string date, string expected)
    {
        Assert.Equal(Utc(expected), Schedule(cadence, day, hour, zone).InstantOn(DateOnly.Parse(date, CultureInfo.InvariantCulture)));
    }

    [Theory]
    // The window holding the instant reports its period; the window before it does not.
    [InlineData("daily", null, 8, "America/New_York", "2026-12-04T12:00Z", "2026-12-04T13:00Z", "2026-12-04")]
    [InlineData("daily", null, 8, "America/New_York", "2026-12-04T11:00Z", "2026-12-04T12:00Z", null)]
    // Kolkata's 02:30 UTC instant is picked up by the 03:00 tick, not the 02:00 one.
    [InlineData("daily", null, 8, "Asia/Kolkata", "2026-07-01T02:00Z", "2026-07-01T03:00Z", "2026-07-01")]
    [InlineData("daily", null, 8, "Asia/Kolkata", "2026-07-01T01:00Z", "2026-07-01T02:00Z", null)]
    // Chatham's 20:15 UTC instant belongs to the local date of the next day.
    [InlineData("daily", null, 9, "Pacific/Chatham", "2026-06-14T20:00Z", "2026-06-14T21:00Z", "2026-06-15")]
    // Spring forward: 02:00 New York reports once, at 07:00 UTC; the next hour has nothing.
    [InlineData("daily", null, 2, "America/New_York", "2026-03-08T06:00Z", "2026-03-08T07:00Z", "2026-03-08")]
    [InlineData("daily", null, 2, "America/New_York", "2026-03-08T07:00Z", "2026-03-08T08:00Z", null)]
    // Fall back: the second 01:00 (06:00 UTC) is not a second report.
    [InlineData("daily", null, 1, "America/New_York", "2026-11-01T04:00Z", "2026-11-01T05:00Z", "2026-11-01")]
    [InlineData("daily", null, 1, "America/New_York", "2026-11-01T05:00Z", "2026-11-01T06:00Z", null)]
    // ISO weeks across New Year: Thursday 2026-12-31 is in 2026-W53, and so is Friday 2027-01-01; Monday 2027-01-04 starts 2027-W01.
    [InlineData("weekly", "thursday", 8, "UTC", "2026-12-31T07:00Z", "2026-12-31T08:00Z", "2026-W53")]
    [InlineData("weekly", "friday", 8, "UTC", "2027-01-01T07:00Z", "2027-01-01T08:00Z", "2026-W53")]
    [InlineData("weekly", "monday", 8, "UTC", "2027-01-04T07:00Z", "2027-01-04T08:00Z", "2027-W01")]
    // Weekly in Auckland's neighbour Chatham: Monday 09:00 local is Sunday 20:15 UTC; the week is the local one.
    [InlineData("weekly", "monday", 9, "Pacific/Chatham", "2026-06-14T20:00Z", "2026-06-14T21:00Z", "2026-W25")]
    [InlineData("monthly", "31", 8, "UTC", "2026-02-28T07:00Z", "2026-02-28T08:00Z", "2026-02")]
    [InlineData("monthly", "31", 8, "UTC", "2026-02-27T07:00Z", "2026-02-27T08:00Z", null)]
    [InlineData("monthly", "15", 8, "America/New_York", "2026-12-15T12:00Z", "2026-12-15T13:00Z", "2026-12")]
    public void Due_Window(string cadence, string? day, int hour, string zone, string after, string upTo, string? expected)
    {
        var subscription = new ReportSubscription { Schedule = Schedule(cadence, day, hour, zone), Recipients = ["cio@example.org"] };
        Assert.Equal(expected, ReportSchedule.Due(subscription, Utc(after), Utc(upTo))?.Id);
    }

    [Fact]
    public void Due_TimerDownForFiveHours_ReportsThePeriodOfTheMissedHourOnce()
    {
        var subscription = new ReportSubscription { Schedule = Schedule("daily", null, 8, "America/New_York"), Recipients = ["cio@example.org"] };
        // The timer last ran at 10:00 UTC and comes back at 15:00 UTC; 08:00 EST (13:00 UTC) was missed.
        Assert.Equal("2026-12-04", ReportSchedule.Due(subscription, Utc("2026-12-04T10:00Z"), Utc("2026-12-04T15:00Z"))?.Id);
        // The next hourly run (after = 15:00) does not report it again.
        Assert.Null(ReportSchedule.Due(subscription, Utc("2026-12-04T15:00Z"), Utc("2026-12-04T16:00Z")));
    }

    [Fact]
    public void Due_WindowHoldingSeveralPeriods_ReportsTheLatest()
    {
        var subscription = new ReportSubscription { Schedule = Schedule("daily", null, 8, "UTC"), Recipients = ["cio@example.org"] };
        Assert.Equal("2026-12-04", ReportSchedule.Due(subscription, Utc("2026-12-01T00:00Z"), Utc("2026-12-04T09:00Z"))?.Id);
    }

    [Fact]
    public void Due_Paused_IsNeverDue()
    {
        var subscription = new ReportSubscription { Schedule = Schedule("daily", null, 8, "UTC"), Recipients = ["cio@example.org"], Paused = true };
        Assert.Null(ReportSchedule.Due(subscription, Utc("2026-12-01T00:00Z"), Utc("2026-12-04T09:00Z")));
    }

    [Fact]
    public void Due_EmptyOrBackwardWindow_IsNothing()
    {
        var schedule = Schedule("daily", null, 8, "UTC");
        Assert.Null(schedule.LatestIn(Utc("2026-12-04T08:00Z"), Utc("2026-12-04T08:00Z")));
        Assert.Null(schedule.LatestIn(Utc("2026-12-04T09:00Z"), Utc("2026-12-04T07:00Z")));
    }

    public static TheoryData<string, string, string?, int> YearWalks()
    {
        var data = new TheoryData<string, string, string?, int>();
        foreach (var zone in new[] { "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham", "UTC" })
        {
            // Hours chosen to fall inside each zone's gap or overlap on some day of the year, and one ordinary hour.
            foreach (var hour in new[] { 1, 2, 3, 8 })
            {
                data.Add(zone, "daily", null, hour);
                data.Add(zone, "weekly", "sunday", hour);
            }
            data.Add(zone, "monthly", "31", 2);
            data.Add(zone, "monthly", "1", 0);
        }
        return data;
    }

    /// <summary>
    /// Hourly ticks over a year, each asking about (previous tick, tick]: every period between the first and the last
    /// report comes exactly once, in order, at its local hour (or the first instant after a gap, or the first of two
    /// occurrences).
    /// </summary>
    [Theory]
    [MemberData(nameof(YearWalks))]
    public void Due_HourlyTicksOverAYear_EachPeriodOnce(string zone, string cadence, string? day, int hour)
    {
        var schedule = Schedule(cadence, day, hour, zone);
        var subscription = new ReportSubscription { Schedule = schedule, Recipients = ["cio@example.org"] };
        var start = Utc("2026-01-01T00:00Z");
        var found = new List<(string Period, DateTimeOffset Tick)>();
        for (var tick = start.AddHours(1); tick <= start.AddYears(1); tick = tick.AddHours(1))
            if (ReportSchedule.Due(subscription, tick.AddHours(-1), tick) is { } period) found.Add((period.Id, tick));

        var expected = new List<string>();
        for (var date = new DateOnly(2025, 12, 30); date <= new DateOnly(2027, 1, 2); date = date.AddDays(1))
        {
            var instant = schedule.InstantOn(date);
            var scheduled = cadence switch
            {
                "daily" => true,
                "weekly" => date.DayOfWeek == DayOfWeek.Sunday,
                _ => date.Day == Math.Min(int.Parse(day!, CultureInfo.InvariantCulture), DateTime.DaysInMonth(date.Year, date.Month)),
            };
            if (scheduled && instant > start && instant <= start.AddYears(1)) expected.Add(ReportPeriod.Of(schedule.Cadence, date).Id);
        }
        Assert.Equal(expected, found.Select(f => f.Period));
        Assert.Equal(cadence switch { "daily" => 365, "weekly" => 52, _ => 12 }, found.Count, (a, b) => Math.Abs(a - b) <= 1);

        foreach (var (period, tick) in found)
        {
            var scheduledFor = schedule.LatestIn(tick.AddHours(-1), tick)!.ScheduledFor;
            var local = TimeZoneInfo.ConvertTime(scheduledFor, schedule.TimeZone);
            var wanted = local.Date.AddHours(hour);
            if (schedule.TimeZone.IsInvalidTime(wanted))
            {
                // The first instant after the gap: a minute earlier the wall clock had not yet reached the hour.
                Assert.True(local.DateTime > wanted, $"{period}: {local} should be after the gap");
                Assert.True(TimeZoneInfo.ConvertTime(scheduledFor.AddMinutes(-1), schedule.TimeZone).DateTime < wanted, $"{period}: {local} is not the gap's end");
            }
            else
            {
                Assert.Equal(wanted, local.DateTime);
                // The first occurrence: an hour earlier, the wall clock had not been at this hour today.
                Assert.NotEqual(wanted, TimeZoneInfo.ConvertTime(scheduledFor.AddHours(-1), schedule.TimeZone).DateTime);
            }
        }
    }
}
