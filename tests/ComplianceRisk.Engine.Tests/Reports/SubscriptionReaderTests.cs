using System.Text;
using ComplianceRisk.Engine.Reports;

namespace ComplianceRisk.Engine.Tests.Reports;

public sealed class SubscriptionReaderTests
{
    private static ParseResult<ReportSubscription> Read(string json) => SubscriptionReader.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Read_Weekly()
    {
        var subscription = Read("""
            { "$schema": "../schemas/subscription.schema.json", "cadence": "weekly", "day": "monday", "hour": 8,
              "timeZone": "America/New_York", "recipients": ["cio@example.org", "ciso@example.org"] }
            """).GetValueOrThrow();
        Assert.Equal(ReportCadence.Weekly, subscription.Schedule.Cadence);
        Assert.Equal(DayOfWeek.Monday, subscription.Schedule.Weekday);
        Assert.Equal("monday", subscription.Schedule.DayText);
        Assert.Equal(8, subscription.Schedule.Hour);
        Assert.Equal("America/New_York", subscription.Schedule.TimeZone.Id);
        Assert.Equal(["cio@example.org", "ciso@example.org"], subscription.Recipients);
        Assert.False(subscription.Paused);
    }

    /// <summary>
    /// What people write that can mean one thing only: a weekday's name in any letter case, and a whole number with a
    /// fraction of zero (what some tools write for every number). "Monday" and "hour": 8.0 were refused.
    /// </summary>
    [Theory]
    [InlineData("\"cadence\": \"weekly\", \"day\": \"Monday\", \"hour\": 8", "monday", 8)]
    [InlineData("\"cadence\": \"weekly\", \"day\": \"MONDAY\", \"hour\": 8", "monday", 8)]
    [InlineData("\"cadence\": \"weekly\", \"day\": \"sunDay\", \"hour\": 23", "sunday", 23)]
    [InlineData("\"cadence\": \"weekly\", \"day\": \"friday\", \"hour\": 8.0", "friday", 8)]
    [InlineData("\"cadence\": \"weekly\", \"day\": \"Friday\", \"hour\": 0.000", "friday", 0)]
    [InlineData("\"cadence\": \"daily\", \"hour\": 8.0", null, 8)]
    [InlineData("\"cadence\": \"daily\", \"hour\": 8e0", null, 8)]
    [InlineData("\"cadence\": \"monthly\", \"day\": 15.0, \"hour\": 7", "15", 7)]
    [InlineData("\"cadence\": \"monthly\", \"day\": 31, \"hour\": 23.0", "31", 23)]
    [InlineData("\"cadence\": \"Weekly\", \"day\": \"Monday\", \"hour\": 8", "monday", 8)]
    [InlineData("\"cadence\": \"MONTHLY\", \"day\": 1, \"hour\": 8", "1", 8)]
    [InlineData("\"cadence\": \"Daily\", \"hour\": 8", null, 8)]
    public void Read_WhatPeopleWrite_IsReadAsMeant(string schedule, string? day, int hour)
    {
        var subscription = Read($$"""{ {{schedule}}, "timeZone": "America/New_York", "recipients": ["cio@example.org"] }""").GetValueOrThrow();
        Assert.Equal((day, hour), (subscription.Schedule.DayText, subscription.Schedule.Hour));
        Assert.Equal(day switch { null => ReportCadence.Daily, [>= 'a' and <= 'z', ..] => ReportCadence.Weekly, _ => ReportCadence.Monthly }, subscription.Schedule.Cadence);
    }

    [Fact]
    public void Read_MonthlyAndDailyAndPaused()
    {
        var monthly = Read("""{ "cadence": "monthly", "day": 31, "hour": 0, "timeZone": "UTC", "recipients": ["a@b"], "paused": true }""").GetValueOrThrow();
        Assert.Equal(31, monthly.Schedule.DayOfMonth);
        Assert.Equal("31", monthly.Schedule.DayText);
        Assert.True(monthly.Paused);
        var daily = Read("""{ "cadence": "daily", "hour": 23, "timeZone": "Pacific/Chatham", "recipients": ["a@b"] }""").GetValueOrThrow();
        Assert.Null(daily.Schedule.DayText);
    }

    [Theory]
    [InlineData("""{ "cadence": "weekly", "hour": 8, "timeZone": "UTC", "recipients": ["a@b"] }""", "day: a weekly subscription needs a day")]
    [InlineData("""{ "cadence": "weekly", "day": "Mon", "hour": 8, "timeZone": "UTC", "recipients": ["a@b"] }""", "day: a weekly subscription needs a day")]
    [InlineData("""{ "cadence": "weekly", "day": "Montag", "hour": 8, "timeZone": "UTC", "recipients": ["a@b"] }""", "day: a weekly subscription needs a day")]
    [InlineData("""{ "cadence": "monthly", "day": 15.5, "hour": 8, "timeZone": "UTC", "recipients": ["a@b"] }""", "day: a monthly subscription needs a day of the month")]
    [InlineData("""{ "cadence": "weekly", "day": 1, "hour": 8, "timeZone": "UTC", "recipients": ["a@b"] }""", "day: a weekly subscription needs a day")]
    [InlineData("""{ "cadence": "monthly", "day": "15", "hour": 8, "timeZone": "UTC", "recipients": ["a@b"] }""", "day: a monthly subscription needs a day of the month")]
    [InlineData("""{ "cadence": "monthly", "day": 32, "hour": 8, "timeZone": "UTC", "recipients": ["a@b"] }""", "day: a monthly subscription needs a day of the month")]
    [InlineData("""{ "cadence": "monthly", "day": 0, "hour": 8, "timeZone": "UTC", "recipients": ["a@b"] }""", "day: a monthly subscription needs a day of the month")]
    [InlineData("""{ "cadence": "daily", "day": "monday", "hour": 8, "timeZone": "UTC", "recipients": ["a@b"] }""", "day: a daily subscription has no day")]
    [InlineData("""{ "cadence": "daily", "day": null, "hour": 8, "timeZone": "UTC", "recipients": ["a@b"] }""", "day: a daily subscription has no day")]
    [InlineData("""{ "cadence": "hourly", "hour": 8, "timeZone": "UTC", "recipients": ["a@b"] }""", "cadence: 'hourly' is not one of: daily, weekly, monthly")]
    [InlineData("""{ "cadence": "Week", "day": "monday", "hour": 8, "timeZone": "UTC", "recipients": ["a@b"] }""", "cadence: 'Week' is not one of: daily, weekly, monthly")]
    [InlineData("""{ "cadence": 7, "hour": 8, "timeZone": "UTC", "recipients": ["a@b"] }""", "cadence: expected a string")]
    [InlineData("""{ "cadence": "daily", "hour": 24, "timeZone": "UTC", "recipients": ["a@b"] }""", "hour: must be a whole hour 0-23")]
    [InlineData("""{ "cadence": "daily", "hour": -1, "timeZone": "UTC", "recipients": ["a@b"] }""", "hour: must be a whole hour 0-23")]
    [InlineData("""{ "cadence": "daily", "hour": 8.5, "timeZone": "UTC", "recipients": ["a@b"] }""", "hour: expected a whole number, not 8.5: the whole hour 0-23 of local time")]
    [InlineData("""{ "cadence": "daily", "hour": "8", "timeZone": "UTC", "recipients": ["a@b"] }""", "hour: expected a whole number, not a text")]
    [InlineData("""{ "cadence": "daily", "hour": null, "timeZone": "UTC", "recipients": ["a@b"] }""", "hour: expected a whole number, not null")]
    [InlineData("""{ "cadence": "daily", "hour": 1e30, "timeZone": "UTC", "recipients": ["a@b"] }""", "hour: expected a whole number, not 1e30")]
    [InlineData("""{ "cadence": "daily", "hour": 24.0, "timeZone": "UTC", "recipients": ["a@b"] }""", "hour: must be a whole hour 0-23")]
    // Windows ids, wrong letter case, an offset, a made-up name.
    [InlineData("""{ "cadence": "daily", "hour": 8, "timeZone": "Eastern Standard Time", "recipients": ["a@b"] }""", "timeZone: 'Eastern Standard Time' is not an IANA time zone id")]
    [InlineData("""{ "cadence": "daily", "hour": 8, "timeZone": "america/new_york", "recipients": ["a@b"] }""", "timeZone: 'america/new_york' is not an IANA time zone id")]
    [InlineData("""{ "cadence": "daily", "hour": 8, "timeZone": "+05:30", "recipients": ["a@b"] }""", "timeZone: '+05:30' is not an IANA time zone id")]
    [InlineData("""{ "cadence": "daily", "hour": 8, "timeZone": "Mars/Olympus_Mons", "recipients": ["a@b"] }""", "timeZone: 'Mars/Olympus_Mons' is not an IANA time zone id")]
    [InlineData("""{ "cadence": "daily", "hour": 8, "timeZone": "../../etc/passwd", "recipients": ["a@b"] }""", "timeZone: '../../etc/passwd' is not an IANA time zone id")]
    // A region, not a zone: a folder of the time zone database.
    [InlineData("""{ "cadence": "daily", "hour": 8, "timeZone": "America", "recipients": ["a@b"] }""", "timeZone: 'America' is not an IANA time zone id")]
    [InlineData("""{ "cadence": "daily", "hour": 8, "timeZone": "Europe/", "recipients": ["a@b"] }""", "timeZone: 'Europe/' is not an IANA time zone id")]
    // Files of the database that are no place the readers are in: the server's own zone, templates, copies.
    [InlineData("""{ "cadence": "daily", "hour": 8, "timeZone": "localtime", "recipients": ["a@b"] }""", "timeZone: 'localtime' is not an IANA time zone id")]
    [InlineData("""{ "cadence": "daily", "hour": 8, "timeZone": "posixrules", "recipients": ["a@b"] }""", "timeZone: 'posixrules' is not an IANA time zone id")]
    [InlineData("""{ "cadence": "daily", "hour": 8, "timeZone": "Factory", "recipients": ["a@b"] }""", "timeZone: 'Factory' is not an IANA time zone id")]
    [InlineData("""{ "cadence": "daily", "hour": 8, "timeZone": "right/UTC", "recipients": ["a@b"] }""", "timeZone: 'right/UTC' is not an IANA time zone id")]
    [InlineData("""{ "cadence": "daily", "hour": 8, "timeZone": "posix/Europe/London", "recipients": ["a@b"] }""", "timeZone: 'posix/Europe/London' is not an IANA time zone id")]
    [InlineData("""{ "cadence": "daily", "hour": 8, "timeZone": "UTC", "recipients": [] }""", "recipients: needs 1 to 20 addresses; it has 0")]
    [InlineData("""{ "cadence": "daily", "hour": 8, "timeZone": "UTC", "recipients": ["CIO <cio@example.org>"] }""", "recipients[0]: 'CIO <cio@example.org>' is not a plain e-mail address")]
    [InlineData("""{ "cadence": "daily", "hour": 8, "timeZone": "UTC", "recipients": ["not an address"] }""", "recipients[0]: 'not an address' is not a plain e-mail address")]
    [InlineData("""{ "cadence": "daily", "hour": 8, "timeZone": "UTC", "recipients": ["a@b", "A@B"] }""", "recipients[1]: 'A@B' is listed twice")]
    [InlineData("""{ "cadence": "daily", "hour": 8, "timeZone": "UTC", "recipients": ["a@b", null] }""", "recipients[1]: expected a string, not null")]
    [InlineData("""{ "cadence": "daily", "hour": 8, "timeZone": "UTC", "recipients": ["a@b"], "cc": ["c@d"] }""", "cc: unknown property")]
    [InlineData("""{ "cadence": "daily", "timeZone": "UTC", "recipients": ["a@b"] }""", "missing required properties: 'hour'")]
    [InlineData("null", "the document is empty")]
    public void Read_Invalid(string json, string expected)
    {
        var result = Read(json);
        Assert.False(result.Success);
        Assert.Contains(result.Errors, e => e.ToString().StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_TwentyOneRecipients_IsRefused()
    {
        var addresses = string.Join(", ", Enumerable.Range(1, 21).Select(i => $"\"r{i}@example.org\""));
        var result = Read($$"""{ "cadence": "daily", "hour": 8, "timeZone": "UTC", "recipients": [{{addresses}}] }""");
        Assert.Equal("recipients: needs 1 to 20 addresses; it has 21", Assert.Single(result.Errors).ToString());
    }
}
