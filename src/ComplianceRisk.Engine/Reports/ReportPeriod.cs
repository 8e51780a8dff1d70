using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ComplianceRisk.Engine.Reports;

/// <summary>How often an organization's report is due.</summary>
public enum ReportCadence { Daily, Weekly, Monthly }

/// <summary>
/// The period a scheduled report covers, named by the local date of its scheduled instant in the subscription's time
/// zone: daily <c>2026-12-04</c>, weekly ISO 8601 week <c>2026-W49</c>, monthly <c>2026-12</c>. The id is the key of
/// the period's report (blob names, the <c>Reports</c> row), so one period is reported once.
/// </summary>
public sealed partial record ReportPeriod
{
    private ReportPeriod(string id) => Id = id;

    public string Id { get; }

    // The contract's ^\d{4}-(\d{2}(-\d{2})?|W\d{2})$ as .NET must spell it: [0-9], since \d also matches other
    // scripts' digits, and \z, since $ also matches before a final newline.
    [GeneratedRegex(@"^[0-9]{4}-([0-9]{2}(-[0-9]{2})?|W[0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    /// <summary>The period of a scheduled local date.</summary>
    public static ReportPeriod Of(ReportCadence cadence, DateOnly localDate) => new(cadence switch
    {
        ReportCadence.Daily => localDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ReportCadence.Weekly => string.Create(CultureInfo.InvariantCulture,
            $"{ISOWeek.GetYear(localDate.ToDateTime(TimeOnly.MinValue)):D4}-W{ISOWeek.GetWeekOfYear(localDate.ToDateTime(TimeOnly.MinValue)):D2}"),
        ReportCadence.Monthly => localDate.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(cadence), cadence, "expected daily, weekly or monthly"),
    });

    /// <summary>
    /// Reads a period id from a message or a path. The shape is checked (<c>^\d{4}-(\d{2}(-\d{2})?|W\d{2})$</c>, ASCII digits) and so
    /// is the calendar: month 01-12, a day the month has, ISO week 01 to the year's last week.
    /// </summary>
    public static bool TryParse(string? id, [NotNullWhen(true)] out ReportPeriod? period)
    {
        period = id is not null && IdPattern().IsMatch(id) && IsOnTheCalendar(id) ? new ReportPeriod(id) : null;
        return period is not null;
    }

    private static bool IsOnTheCalendar(string id)
    {
        var year = int.Parse(id.AsSpan(0, 4), CultureInfo.InvariantCulture);
        if (year < 1) return false;
        if (id[5] == 'W')
        {
            var week = int.Parse(id.AsSpan(6, 2), CultureInfo.InvariantCulture);
            return week >= 1 && week <= ISOWeek.GetWeeksInYear(year);
        }
        var month = int.Parse(id.AsSpan(5, 2), CultureInfo.InvariantCulture);
        if (month is < 1 or > 12) return false;
        return id.Length == 7 || int.Parse(id.AsSpan(8, 2), CultureInfo.InvariantCulture) is var day && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    public override string ToString() => Id;
}
