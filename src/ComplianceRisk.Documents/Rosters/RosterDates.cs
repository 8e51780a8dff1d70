using System.Globalization;
using System.Text.RegularExpressions;
using ComplianceRisk.Engine.Organizations;

namespace ComplianceRisk.Documents.Rosters;

/// <summary>The outcome of reading one cell: a value, a value with a caution, or a problem.</summary>
public readonly record struct CellRead<T>(T? Value, string? Problem, string? Caution = null) where T : struct
{
    public static CellRead<T> Ok(T value, string? caution = null) => new(value, null, caution);
    public static CellRead<T> Fail(string problem) => new(null, problem);
}

/// <summary>
/// Dates as rosters write them (DESIGN §4): ISO 8601, Excel serial numbers, unambiguous local forms
/// (31/03/2026, 31-Mar-2026, March 31, 2026); an ambiguous 03/04/2026 is read in the organization's date
/// order with a caution naming the assumption.
/// </summary>
public static partial class RosterDates
{
    /// <summary>Excel serial numbers accepted as dates: 1950-01-01 … 2100-12-31 (smaller numbers are more likely not dates).</summary>
    private const double MinSerial = 18_264, MaxSerial = 73_415;
    private static readonly DateOnly ExcelEpoch = new(1899, 12, 30);

    public static DateOnly FromExcelSerial(double serial) => ExcelEpoch.AddDays((int)Math.Floor(serial));

    [GeneratedRegex(@"^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")]
    private static partial Regex Iso();
    [GeneratedRegex(@"^(?<y>\d{4})[/.](?<m>\d{1,2})[/.](?<d>\d{1,2})$")]
    private static partial Regex YearFirst();
    [GeneratedRegex(@"^(?<a>\d{1,2})[/.-](?<b>\d{1,2})[/.-](?<y>\d{2}|\d{4})(?:\s+[0-9:]+(?:\s*[AaPp][Mm])?)?$")]
    private static partial Regex Numeric();
    [GeneratedRegex(@"^(?<d>\d{1,2})[\s-](?<mon>[A-Za-z]{3,9})\.?[\s-,]+(?<y>\d{2}|\d{4})$")]
    private static partial Regex DayMonthName();
    [GeneratedRegex(@"^(?<mon>[A-Za-z]{3,9})\.?\s+(?<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<y>\d{4})$")]
    private static partial Regex MonthNameDay();

    public static CellRead<DateOnly> Read(CellValue cell, DateOrder order)
    {
        switch (cell.Kind)
        {
            case CellKind.Date: return CellRead<DateOnly>.Ok(cell.Date);
            case CellKind.Number: return FromSerial(cell.Number);
            case CellKind.Boolean: return CellRead<DateOnly>.Fail("is TRUE/FALSE, not a date");
            case CellKind.Empty: return CellRead<DateOnly>.Fail("is empty");
        }
        var text = cell.Text!.Trim();
        return IsPlainIso(text) ? PlainIso(text) : ReadText(text, order);
    }

    /// <summary>A date written as text, read where it stands (a slice of a longer cell): only a date in another form than YYYY-MM-DD is cut out.</summary>
    public static CellRead<DateOnly> Read(ReadOnlySpan<char> written, DateOrder order)
    {
        var text = written.Trim();
        if (text.IsEmpty) return CellRead<DateOnly>.Fail("is empty");
        return IsPlainIso(text) ? PlainIso(text) : ReadText(text.ToString(), order);
    }

    private static CellRead<DateOnly> PlainIso(ReadOnlySpan<char> text) =>
        Make((text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0'),
            (text[5] - '0') * 10 + (text[6] - '0'), (text[8] - '0') * 10 + (text[9] - '0'), text);

    /// <param name="text">Trimmed, and not empty.</param>
    private static CellRead<DateOnly> ReadText(string text, DateOrder order)
    {
        Match m;
        if ((m = Iso().Match(text)).Success || (m = YearFirst().Match(text)).Success)
            return Make(Int(m, "y"), Int(m, "m"), Int(m, "d"), text);
        if ((m = Numeric().Match(text)).Success)
        {
            int a = Int(m, "a"), b = Int(m, "b"), y = Year(m.Groups["y"].Value);
            if (a > 12 && b <= 12) return Make(y, b, a, text);
            if (b > 12 && a <= 12) return Make(y, a, b, text);
            if (a > 12 && b > 12) return CellRead<DateOnly>.Fail($"'{text}' is not a date: neither {a} nor {b} can be a month");
            if (a == b) return Make(y, a, b, text);
            var (month, day) = order == DateOrder.DayFirst ? (b, a) : (a, b);
            var read = Make(y, month, day, text);
            return read.Value is { } date
                ? CellRead<DateOnly>.Ok(date, $"'{text}' is ambiguous; read as {date:yyyy-MM-dd} ({(order == DateOrder.DayFirst ? "day/month" : "month/day")} order)")
                : read;
        }
        if ((m = DayMonthName().Match(text)).Success || (m = MonthNameDay().Match(text)).Success)
        {
            var month = MonthNumber(m.Groups["mon"].Value);
            return month is null
                ? CellRead<DateOnly>.Fail($"'{m.Groups["mon"].Value}' is not a month name")
                : Make(Year(m.Groups["y"].Value), month.Value, Int(m, "d"), text);
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial)) return FromSerial(serial);
        return CellRead<DateOnly>.Fail($"'{text}' is not a date this tool can read");
    }

    /// <summary>YYYY-MM-DD exactly, the form most rosters use: read without a regular expression.</summary>
    private static bool IsPlainIso(ReadOnlySpan<char> t) =>
        t.Length == 10 && t[4] == '-' && t[7] == '-'
        && char.IsAsciiDigit(t[0]) && char.IsAsciiDigit(t[1]) && char.IsAsciiDigit(t[2]) && char.IsAsciiDigit(t[3])
        && char.IsAsciiDigit(t[5]) && char.IsAsciiDigit(t[6]) && char.IsAsciiDigit(t[8]) && char.IsAsciiDigit(t[9]);

    private static CellRead<DateOnly> FromSerial(double serial) =>
        serial is >= MinSerial and <= MaxSerial
            ? CellRead<DateOnly>.Ok(FromExcelSerial(serial))
            : CellRead<DateOnly>.Fail($"the number {serial.ToString(CultureInfo.InvariantCulture)} is not a plausible date (Excel serials {MinSerial}-{MaxSerial} are 1950-2100)");

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    /// <summary>Two-digit years are this century up to 79 (rosters hold recent and near-future dates).</summary>
    private static int Year(string y)
    {
        var n = int.Parse(y, CultureInfo.InvariantCulture);
        return y.Length == 4 ? n : n <= 79 ? 2000 + n : 1900 + n;
    }

    private static CellRead<DateOnly> Make(int year, int month, int day, ReadOnlySpan<char> text)
    {
        if (month is < 1 or > 12) return CellRead<DateOnly>.Fail($"'{text}' is not a date: there is no month {month}");
        if (year is < 1900 or > 2200) return CellRead<DateOnly>.Fail($"'{text}' is not a plausible date: year {year}");
        var days = DateTime.DaysInMonth(year, month);
        if (day < 1 || day > days)
            return CellRead<DateOnly>.Fail($"'{text}' is not a date: {CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month)} {year} has {days} days");
        return CellRead<DateOnly>.Ok(new DateOnly(year, month, day));
    }

    private static int? MonthNumber(string name)
    {
        var names = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;
        for (var i = 0; i < 12; i++)
            if (names[i].StartsWith(name, StringComparison.OrdinalIgnoreCase) && name.Length >= 3) return i + 1;
        return name.Equals("sept", StringComparison.OrdinalIgnoreCase) ? 9 : null;
    }
}
