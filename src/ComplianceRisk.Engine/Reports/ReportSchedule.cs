using System.Collections.Immutable;
using System.Globalization;

namespace ComplianceRisk.Engine.Reports;

/// <summary>
/// When a subscription's reports are due: every day, one weekday a week or one day a month, at a whole hour of local
/// time in an IANA time zone. Every period has exactly one scheduled instant: a local time that does not exist (the
/// spring-forward gap) is the first instant after the gap, an ambiguous one (the fall-back overlap) its first occurrence.
/// Build one with <see cref="Create"/> or <see cref="SubscriptionReader"/>.
/// </summary>
public sealed record ReportSchedule
{
    private ReportSchedule(ReportCadence cadence, DayOfWeek? weekday, int? dayOfMonth, int hour, TimeZoneInfo timeZone) =>
        (Cadence, Weekday, DayOfMonth, Hour, TimeZone) = (cadence, weekday, dayOfMonth, hour, timeZone);

    public ReportCadence Cadence { get; }
    /// <summary>The weekday of a weekly schedule; null otherwise.</summary>
    public DayOfWeek? Weekday { get; }
    /// <summary>The day (1-31) of a monthly schedule, the month's last day in a shorter month; null otherwise.</summary>
    public int? DayOfMonth { get; }
    /// <summary>The local hour, 0-23.</summary>
    public int Hour { get; }
    public TimeZoneInfo TimeZone { get; }

    /// <summary>The day as the subscription document writes it: <c>monday</c>…<c>sunday</c>, <c>1</c>…<c>31</c>, or null (daily).</summary>
    public string? DayText => Weekday is { } w ? WeekdayName(w) : DayOfMonth?.ToString(CultureInfo.InvariantCulture);

    public static readonly ImmutableArray<string> WeekdayNames = [.. Enum.GetValues<DayOfWeek>().Skip(1).Append(DayOfWeek.Sunday).Select(WeekdayName)];

    private static string WeekdayName(DayOfWeek day) => day.ToString().ToLowerInvariant();

    /// <summary>
    /// Validates a schedule. <paramref name="day"/> is a weekday name (in any letter case) for weekly, a day of the month (as digits) for
    /// monthly, and absent for daily. Errors are located by the subscription document's property names.
    /// </summary>
    public static ParseResult<ReportSchedule> Create(ReportCadence cadence, string? day, int hour, string? timeZone)
    {
        var errors = new List<InputError>();
        DayOfWeek? weekday = null;
        int? dayOfMonth = null;
        switch (cadence)
        {
            case ReportCadence.Daily when day is not null:
                errors.Add(new("day", "a daily subscription has no day; leave it out"));
                break;
            case ReportCadence.Weekly:
                // "Monday" as readily as "monday": the name is the same in any letter case.
                var index = day is null ? -1 : WeekdayNames.IndexOf(day, StringComparer.OrdinalIgnoreCase);
                if (index < 0) errors.Add(new("day", $"a weekly subscription needs a day, one of: {string.Join(", ", WeekdayNames)}"));
                else weekday = (DayOfWeek)((index + 1) % 7);
                break;
            case ReportCadence.Monthly:
                if (int.TryParse(day, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d is >= 1 and <= 31) dayOfMonth = d;
                else errors.Add(new("day", "a monthly subscription needs a day of the month, a whole number 1-31 (in a shorter month, its last day)"));
                break;
        }
        if (hour is < 0 or > 23) errors.Add(new("hour", "must be a whole hour 0-23 of local time"));
        var zone = FindTimeZone(timeZone);
        if (zone is null) errors.Add(new("timeZone", $"'{timeZone}' is not an IANA time zone id such as America/New_York, Europe/London or UTC"));
        return errors.Count > 0
            ? ParseResult<ReportSchedule>.Fail(errors)
            : ParseResult<ReportSchedule>.Ok(new ReportSchedule(cadence, weekday, dayOfMonth, hour, zone!));
    }

    /// <summary>
    /// An IANA zone from the system's time zone data. Windows ids are refused (the product runs on Linux, where they
    /// would only resolve through ICU, which the invariant-globalization build does not load).
    /// </summary>
    private static TimeZoneInfo? FindTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id != id.Trim() || IsNoZoneOfReaders(id)) return null;
        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return zone.HasIanaId && zone.Id == id ? zone : null;
        }
        // A folder of the time zone database ("America", "Europe/") is refused as a file that cannot be read.
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException or System.Security.SecurityException)
        {
            return null;
        }
    }

    /// <summary>
    /// Files of the time zone database that name no place a report's readers are in: the server's own zone (localtime,
    /// which differs between serve and Azure), the template of rules (posixrules), a placeholder (Factory), and the
    /// database's copies of the zones under right/ (counting leap seconds) and posix/.
    /// </summary>
    private static bool IsNoZoneOfReaders(string id) =>
        id is "localtime" or "posixrules" or "Factory"
        || id.StartsWith("right/", StringComparison.Ordinal) || id.StartsWith("posix/", StringComparison.Ordinal);

    /// <summary>
    /// The period whose scheduled instant s is due in the window: <paramref name="after"/> &lt; s ≤ <paramref name="upTo"/>,
    /// the latest if several are; null if none is or the subscription is paused.
    /// </summary>
    public static ReportPeriod? Due(ReportSubscription subscription, DateTimeOffset after, DateTimeOffset upTo) =>
        subscription.Paused ? null : subscription.Schedule.LatestIn(after, upTo)?.Period;

    /// <summary>The latest scheduled report in the window (<paramref name="after"/>, <paramref name="upTo"/>], or null.</summary>
    public ScheduledReport? LatestIn(DateTimeOffset after, DateTimeOffset upTo)
    {
        if (upTo <= after) return null;
        // Scheduled instants grow with their local dates (a day is longer than any offset change), so walk the dates
        // back from the day after upTo's local date until an instant falls at or before 'after'.
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(upTo, TimeZone).DateTime).AddDays(1);
        for (; ; date = date.AddDays(-1))
        {
            if (!IsScheduledOn(date)) continue;
            var instant = InstantOn(date);
            if (instant <= after) return null;
            if (instant <= upTo) return new ScheduledReport(ReportPeriod.Of(Cadence, date), instant);
        }
    }

    private bool IsScheduledOn(DateOnly date) => Cadence switch
    {
        ReportCadence.Daily => true,
        ReportCadence.Weekly => date.DayOfWeek == Weekday,
        _ => date.Day == Math.Min(DayOfMonth!.Value, DateTime.DaysInMonth(date.Year, date.Month)),
    };

    /// <summary>The scheduled instant (UTC) of a local date at <see cref="Hour"/>:00.</summary>
    public DateTimeOffset InstantOn(DateOnly date)
    {
        var local = date.ToDateTime(new TimeOnly(Hour, 0), DateTimeKind.Unspecified);
        if (TimeZone.IsAmbiguousTime(local))
        {
            // Both offsets are possible; the larger offset gives the earlier instant, the first occurrence.
            var offset = TimeZone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local, offset).ToUniversalTime();
        }
        if (TimeZone.IsInvalidTime(local))
        {
            // Inside a gap: the first instant after it is the transition itself, whose local time is the gap's end.
            // Gaps in the tz database begin and end on whole minutes.
            do local = local.AddMinutes(1);
            while (TimeZone.IsInvalidTime(local));
        }
        return new DateTimeOffset(local, TimeZone.GetUtcOffset(local)).ToUniversalTime();
    }
}

/// <summary>A period due for its report and the instant it was scheduled for.</summary>
public sealed record ScheduledReport(ReportPeriod Period, DateTimeOffset ScheduledFor);
