using System.Globalization;
using System.Text.Json.Nodes;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;

namespace ComplianceRisk.Functions;

/// <summary>
/// ScheduleReports (timer, every hour on the hour, UTC): for each organization whose newest <c>Subscriptions</c> version
/// has a report due since the timer's last run, in the subscription's own time zone, one <c>{org, period, scheduledFor}</c>
/// message on <c>report-requests</c>. ComposeReport makes each period's report once, so a repeated message is harmless.
/// </summary>
public static class ScheduleReportsFunction
{
    public const string Name = "ScheduleReports";
    public const string Trigger = "timer";
    public const string Input = "subscriptions";
    public const string Output = "requests";
    public const string Queue = "report-requests";

    /// <summary>The longest window looked back over: a Last older than this (a long outage) is not caught up beyond the last hour.</summary>
    public static readonly TimeSpan LongestCatchUp = TimeSpan.FromDays(31);

    /// <summary>
    /// How far before its occurrence a run is still taken as that occurrence's run. The host's TimerListener can fire a
    /// moment early (clock skew, "likely under 1 second" in its own words) and then records the occurrence itself as the
    /// next run's Last; ComposeReport dates such a report as of its scheduled day.
    /// </summary>
    public static readonly TimeSpan EarlyFiring = TimeSpan.FromSeconds(5);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapEnvelope(Name, (request, _) => Task.FromResult(Invoke(request, app.ServiceProvider.GetRequiredService<HandlerSettings>())));

    public static InvocationResponse Invoke(InvocationRequest request, HandlerSettings settings)
    {
        var now = settings.Clock.GetUtcNow();
        var timer = request.Json(Trigger);
        var after = WindowStart(timer, now);
        var upTo = WindowEnd(timer, now);
        var outputs = new InvocationOutputs();
        var messages = new JsonArray();
        foreach (var version in SubscriptionVersions.Newest(request.Rows(Input)))
        {
            if (version.Schedule is null)
            {
                outputs.Log($"{version.Organization}: subscription version {version.RowKey} skipped: {version.Problem}");
                continue;
            }
            if (version.Paused || version.Schedule.LatestIn(after, upTo) is not { } due) continue;
            messages.Add(new JsonObject
            {
                ["org"] = version.Organization,
                ["period"] = due.Period.Id,
                ["scheduledFor"] = AuditLog.Timestamp(due.ScheduledFor),
            });
            outputs.Log($"{version.Organization}: report {due.Period.Id} due (scheduled for {AuditLog.Timestamp(due.ScheduledFor)})");
        }
        if (messages.Count > 0) outputs.Json(Output, messages);
        return outputs.Log($"{messages.Count} report(s) due in ({AuditLog.Timestamp(after)}, {AuditLog.Timestamp(upTo)}]").ToResponse();
    }

    /// <summary>
    /// The start of the window (after, now]: the timer's last occurrence (TimerInfo.ScheduleStatus.Last, see
    /// Azure/azure-webjobs-sdk-extensions src/WebJobs.Extensions/Extensions/Timers/TimerInfo.cs and
    /// Scheduling/ScheduleStatus.cs) when it is known and recent, so an occurrence missed while the app was down is
    /// still reported; else the hour before the occurrence the run stands for. A run by the admin endpoint or a first
    /// run has no Last (DateTime.MinValue), and neither has the past-due run of a timer stopped before it first ran:
    /// its Next is the occurrence it missed, and what came due in the hour before that, or since, was due while the app
    /// was down, so the window starts an hour before it rather than an hour before now.
    /// </summary>
    public static DateTimeOffset WindowStart(JsonNode? timer, DateTimeOffset now)
    {
        if (Status(timer, "Last") is { } last && last > now - LongestCatchUp) return last;
        var standsFor = Status(timer, "Next") is { } next && next < now && next > now - LongestCatchUp ? next : now;
        return standsFor - TimeSpan.FromHours(1);
    }

    /// <summary>
    /// The end of the window: now, or the occurrence this run stands for (ScheduleStatus.Next, which the host gives as
    /// the occurrence being run) when the timer fired up to <see cref="EarlyFiring"/> before it. The next run's window
    /// starts at that occurrence, so a report due at it and left out here would never be sent.
    /// </summary>
    public static DateTimeOffset WindowEnd(JsonNode? timer, DateTimeOffset now) => RunFor(Status(timer, "Next"), now);

    /// <summary>The instant a run stands for: the occurrence it was fired for when that is at most <see cref="EarlyFiring"/> ahead, else now.</summary>
    public static DateTimeOffset RunFor(DateTimeOffset? occurrence, DateTimeOffset now) =>
        occurrence is { } at && at > now && at - now <= EarlyFiring ? at : now;

    private static DateTimeOffset? Status(JsonNode? timer, string name) =>
        timer?["ScheduleStatus"]?[name] is JsonValue value && value.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed : null;
}
