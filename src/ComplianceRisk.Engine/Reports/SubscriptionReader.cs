using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComplianceRisk.Engine.Reports;

/// <summary>Reads a report subscription document (schema: <c>schemas/subscription.schema.json</c>).</summary>
public static class SubscriptionReader
{
    public const int MaxBytes = 64 * 1024;

    internal sealed record SubscriptionDocument
    {
        [JsonPropertyName("$schema")]
        public string? Schema { get; init; }
        /// <summary>Read as text so that "Weekly" is read as readily as "weekly" (<see cref="CadenceOf"/>).</summary>
        public required string Cadence { get; init; }
        /// <summary>A weekday name (weekly) or a day of the month (monthly); left as JSON so its kind can be checked against the cadence.</summary>
        public JsonElement Day { get; init; }
        /// <summary>Left as JSON so that 8.0, a whole hour as some tools write numbers, is read as 8 (<see cref="WholeNumber"/>).</summary>
        public required JsonElement Hour { get; init; }
        public required string TimeZone { get; init; }
        public required ImmutableArray<string> Recipients { get; init; }
        public bool Paused { get; init; }
    }

    public static ParseResult<ReportSubscription> Read(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxBytes)
            return ParseResult<ReportSubscription>.Fail("", $"the subscription is {utf8Json.Length:N0} bytes; the limit is {MaxBytes:N0}");
        return JsonInput.Read(utf8Json, EngineJsonContext.Default.SubscriptionDocument, Check);
    }

    private static ParseResult<ReportSubscription> Check(SubscriptionDocument doc)
    {
        var errors = new List<InputError>();
        var cadence = CadenceOf(doc.Cadence);
        if (cadence is null) errors.Add(new("cadence", $"'{doc.Cadence}' is not one of: {string.Join(", ", Cadences.Select(c => c.Name))}"));
        string? day = null;
        switch (doc.Day.ValueKind)
        {
            case JsonValueKind.Undefined:
                break;
            // Without a cadence there is no telling what the day should be: only the cadence is in error.
            case var _ when cadence is null:
                break;
            case JsonValueKind.String when cadence == ReportCadence.Weekly:
                day = doc.Day.GetString();
                break;
            case JsonValueKind.Number when cadence == ReportCadence.Monthly:
                day = WholeNumber(doc.Day) is { } d ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
                break;
            default:
                // Daily takes no day; weekly takes a name, monthly a number: "15" or 1 would be a guess at what was meant.
                day = "";
                break;
        }
        var hour = WholeNumber(doc.Hour);
        if (hour is null) errors.Add(new("hour", $"expected a whole number, not {Quoted(doc.Hour)}: the whole hour 0-23 of local time"));
        var schedule = ReportSchedule.Create(cadence ?? ReportCadence.Daily, day, hour ?? 0, doc.TimeZone);
        errors.AddRange(schedule.Errors);
        errors.AddRange(CheckRecipients(doc.Recipients));
        return errors.Count > 0
            ? ParseResult<ReportSubscription>.Fail(errors)
            : ParseResult<ReportSubscription>.Ok(new ReportSubscription { Schedule = schedule.Value!, Recipients = [.. doc.Recipients], Paused = doc.Paused });
    }

    private static readonly (string Name, ReportCadence Cadence)[] Cadences =
        [.. Enum.GetValues<ReportCadence>().Select(c => (JsonNamingPolicy.KebabCaseLower.ConvertName(c.ToString()), c))];

    /// <summary>The cadence its name gives, in any letter case ("Weekly" is weekly); null for anything else.</summary>
    private static ReportCadence? CadenceOf(string name) =>
        Cadences.Where(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)).Select(c => (ReportCadence?)c.Cadence).FirstOrDefault();

    /// <summary>
    /// A whole number as people and their tools write one: 8, or 8.0 (a fraction of zero says nothing more); null for
    /// 8.5, a number too large for one, or anything that is not a number ("8" is a text, which the schema refuses too).
    /// </summary>
    private static int? WholeNumber(JsonElement element) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetDecimal(out var n) && n == decimal.Truncate(n) && n is >= int.MinValue and <= int.MaxValue
            ? (int)n
            : null;

    private static string Quoted(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.String => "a text",
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => "a list or an object",
    };

    private static IEnumerable<InputError> CheckRecipients(ImmutableArray<string> recipients)
    {
        if (recipients.Length is 0 or > ReportSubscription.MaxRecipients)
            yield return new("recipients", $"needs 1 to {ReportSubscription.MaxRecipients} addresses; it has {recipients.Length}");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < recipients.Length; i++)
        {
            var address = recipients[i];
            if (!ReportSubscription.IsPlainAddress(address))
                yield return new($"recipients[{i}]", $"'{address}' is not a plain e-mail address such as cio@example.org");
            else if (!seen.Add(address))
                yield return new($"recipients[{i}]", $"'{address}' is listed twice");
        }
    }
}
