using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ComplianceRisk.Engine.Assessments;

/// <summary>What an assessment is run for: the as-of date (the engine has no clock) and people left out for a what-if.</summary>
public sealed record AssessmentOptions
{
    /// <summary>The first as-of date assessed: the first year a roster date may have (docs/roster-format.md).</summary>
    public static DateOnly EarliestAsOf { get; } = new(1900, 1, 1);

    /// <summary>The last as-of date assessed, the last year a roster date may have; the windows the catalog and profile set reach years around it.</summary>
    public static DateOnly LatestAsOf { get; } = new(2200, 12, 31);

    /// <summary>Whether an assessment can be made as of the date (<see cref="EarliestAsOf"/> to <see cref="LatestAsOf"/>).</summary>
    public static bool IsSupportedAsOf(DateOnly date) => date >= EarliestAsOf && date <= LatestAsOf;

    /// <summary>The dates assessments can be made as of, for messages.</summary>
    public static string SupportedAsOfRange { get; } =
        string.Create(CultureInfo.InvariantCulture, $"{EarliestAsOf:yyyy-MM-dd} to {LatestAsOf:yyyy-MM-dd}");

    /// <summary>
    /// An as-of date as a person writes it (YYYY-MM-DD, within the supported dates), or why it is not one: the one reading
    /// of the CLI's <c>--as-of</c> and the API's <c>asOf</c>.
    /// </summary>
    public static bool TryReadAsOf(string text, out DateOnly date, [NotNullWhen(false)] out string? problem)
    {
        problem = !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            ? $"'{text}' is not a date; write YYYY-MM-DD"
            : !IsSupportedAsOf(date) ? $"{text} is outside the dates assessments are made as of ({SupportedAsOfRange})" : null;
        return problem is null;
    }

    public required DateOnly AsOf
    {
        get;
        init => field = IsSupportedAsOf(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(AsOf), value, $"Assessments are made as of {SupportedAsOfRange}.");
    }
    /// <summary>Person ids to assess as if they had left (a what-if).</summary>
    public ImmutableArray<string> Without { get; init; } = [];
    /// <summary>The organization's decisions about risks, merged into the register.</summary>
    public Risks.TreatmentBook Treatments { get; init; } = Risks.TreatmentBook.Empty;
}
