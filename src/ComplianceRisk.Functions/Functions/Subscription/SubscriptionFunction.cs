using System.Globalization;
using System.Text.Json.Nodes;
using ComplianceRisk.Engine.Reports;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;

namespace ComplianceRisk.Functions;

/// <summary>
/// <c>GET/PUT api/orgs/{org}/subscription</c> (envelope): who receives the organization's scheduled report and when
/// (schemas/subscription.schema.json), kept in <c>subscriptions/{org}.json</c>. Every accepted PUT also inserts a
/// version row in the <c>Subscriptions</c> table, which ScheduleReports reads. Reading needs the CIO or
/// ComplianceOfficer role (the board is refused: the document holds the recipients' addresses), changing it ComplianceOfficer.
/// </summary>
public static class SubscriptionFunction
{
    public const string Name = "Subscription";
    public const string Output = "subscription";
    public const string Path = "subscriptions/{org}.json";

    private static readonly OrgDocument<ReportSubscription> Document = new("subscription", AuditLog.SubscriptionChange, SubscriptionReader.MaxBytes,
        (body, _, _) => SubscriptionReader.Read(body), WhenMissing: null, new VersionTable<ReportSubscription>(SubscriptionVersions.Binding, SubscriptionVersions.Row));

    public static void Map(IEndpointRouteBuilder app) => Document.Map(app, Name, Output, Path);
}

/// <summary>
/// The <c>Subscriptions</c> table (DESIGN §7): one row per accepted subscription change, all in one partition so the
/// hourly schedule reads every organization at once; the newest row of an organization (the largest RowKey) is its
/// schedule. The row holds the schedule and the number of recipients, never their addresses: those stay in the blob,
/// so the table keeps no personal data.
/// </summary>
public static class SubscriptionVersions
{
    public const string Binding = "version";
    public const string Table = "Subscriptions";
    public const string Partition = "subscriptions";

    public static JsonObject Row(DocumentChange change, ReportSubscription subscription)
    {
        var schedule = subscription.Schedule;
        var row = new JsonObject
        {
            ["PartitionKey"] = Partition,
            ["RowKey"] = AuditLog.TimeOrderedKey(change.At, change.Unique),
            ["Organization"] = change.Org,
            ["ChangedAt"] = AuditLog.Timestamp(change.At),
            ["ChangedBy"] = change.By,
            ["Cadence"] = CadenceName(schedule.Cadence),
            ["Hour"] = schedule.Hour,
            ["TimeZone"] = schedule.TimeZone.Id,
            ["Recipients"] = subscription.Recipients.Length,
            ["Paused"] = subscription.Paused,
            ["ContentSha256"] = change.ContentSha256,
        };
        if (schedule.DayText is { } day) row["Day"] = day;
        return row;
    }

    private static string CadenceName(ReportCadence cadence) => cadence.ToString().ToLowerInvariant();

    /// <summary>An organization's newest version as a row gives it, or why the row cannot be used.</summary>
    public sealed record Version(string Organization, string RowKey, ReportSchedule? Schedule, bool Paused, string? Problem);

    /// <summary>The newest row of each organization, by organization id.</summary>
    public static IEnumerable<Version> Newest(IEnumerable<JsonObject> rows) =>
        rows.Where(r => r.PropertyText("Organization") is not null && r.PropertyText("RowKey") is not null)
            .GroupBy(r => r.PropertyText("Organization")!, StringComparer.Ordinal)
            .Select(g => Read(g.MaxBy(r => r.PropertyText("RowKey"), StringComparer.Ordinal)!))
            .OrderBy(v => v.Organization, StringComparer.Ordinal);

    private static Version Read(JsonObject row)
    {
        var org = row.PropertyText("Organization")!;
        var key = row.PropertyText("RowKey")!;
        if (!Handler.Authorization.OrgAccessPolicy.IsOrgId(org)) return new(org, key, null, false, "not an organization id");
        if (!Enum.TryParse<ReportCadence>(row.PropertyText("Cadence"), ignoreCase: true, out var cadence) || !int.TryParse(row.PropertyText("Hour"), CultureInfo.InvariantCulture, out var hour))
            return new(org, key, null, false, "the row has no cadence or hour");
        var schedule = ReportSchedule.Create(cadence, row.PropertyText("Day"), hour, row.PropertyText("TimeZone"));
        var paused = bool.TryParse(row.PropertyText("Paused"), out var p) && p;
        return schedule.Success ? new(org, key, schedule.Value, paused, null) : new(org, key, null, paused, string.Join("; ", schedule.Errors));
    }
}
