using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceRisk.Functions.Handler;

namespace ComplianceRisk.Functions.Tests.Envelope;

/// <summary>
/// Subscription (GET/PUT api/orgs/{org}/subscription) and ScheduleReports (hourly timer) driven as the host drives them,
/// checked by the outputs the host would apply. The handler's clock is fixed at 2026-11-22 09:00 UTC, a Sunday
/// (04:00 in New York, 14:30 in Kolkata).
/// </summary>
public sealed class ReportScheduleContractTests(HandlerFixture handler) : IClassFixture<HandlerFixture>
{
    private const string Org = "pecan-creek-community";
    private static readonly Dictionary<string, string> OrgParams = new() { ["org"] = Org };
    private const string Weekly = """{ "cadence": "weekly", "day": "monday", "hour": 8, "timeZone": "America/New_York", "recipients": ["cio@pecan.example", "ciso@pecan.example"] }""";

    private static JsonObject Put(string body, JsonNode? current = null, string contentType = "application/json") =>
        HostEnvelopes.Http("Subscription", "PUT", $"/api/orgs/{Org}/subscription", OrgParams, Encoding.UTF8.GetBytes(body), contentType,
            inputs: new Dictionary<string, JsonNode> { ["current"] = current ?? HostEnvelopes.Missing });

    private static JsonObject Get(JsonNode current, string principal) =>
        HostEnvelopes.Http("Subscription", "GET", $"/api/orgs/{Org}/subscription", OrgParams,
            headers: new Dictionary<string, string> { ["x-ms-client-principal"] = principal },
            inputs: new Dictionary<string, JsonNode> { ["current"] = current });

    // ---------------------------------------------------------------- Subscription

    [Fact]
    public async Task Put_stores_the_document_as_sent_with_a_version_row_holding_no_address_and_an_audit_row()
    {
        var answer = await handler.InvokeAsync("Subscription", Put(Weekly));
        Assert.Equal(200, answer.Status);
        Assert.Equal(["audit", "res", "subscription", "version"], answer.OutputNames.Order());
        Assert.Equal(Encoding.UTF8.GetBytes(Weekly), answer.Blob("subscription"));

        var version = answer.Object("version");
        Assert.Equal("subscriptions", version["PartitionKey"]!.GetValue<string>());
        Assert.StartsWith(HostEnvelopes.Now.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + "-", version["RowKey"]!.GetValue<string>());
        Assert.Equal(Org, version["Organization"]!.GetValue<string>());
        Assert.Equal("2026-11-22T09:00:00.0000000Z", version["ChangedAt"]!.GetValue<string>());
        Assert.Equal("officer-17@pecan.example", version["ChangedBy"]!.GetValue<string>());
        Assert.Equal("weekly", version["Cadence"]!.GetValue<string>());
        Assert.Equal("monday", version["Day"]!.GetValue<string>());
        Assert.Equal(8, version["Hour"]!.GetValue<int>());
        Assert.Equal("America/New_York", version["TimeZone"]!.GetValue<string>());
        Assert.Equal(2, version["Recipients"]!.GetValue<int>());
        Assert.False(version["Paused"]!.GetValue<bool>());
        Assert.Equal(AuditLog.Sha256(Encoding.UTF8.GetBytes(Weekly)), version["ContentSha256"]!.GetValue<string>());
        // The addresses stay in the blob: the table keeps no personal data of the recipients.
        Assert.DoesNotContain("pecan.example\"", version.ToJsonString().Replace("officer-17@pecan.example", "", StringComparison.Ordinal));

        var audit = answer.Object("audit");
        Assert.Equal("subscription-change", audit["Action"]!.GetValue<string>());
        Assert.Equal($"subscriptions/{Org}.json", audit["Subject"]!.GetValue<string>());
    }

    /// <summary>
    /// "Weekly", "Monday" and "hour": 8.0, as a person or a tool writes them, are the weekly Monday 08:00 schedule: stored as sent,
    /// with the version row the schedule reads in its canonical form. The PUT answered 400 for both.
    /// </summary>
    [Theory]
    [InlineData("weekly", "Monday", "8.0")]
    [InlineData("weekly", "MONDAY", "8")]
    [InlineData("weekly", "monday", "8.0")]
    [InlineData("Weekly", "Monday", "8")]
    public async Task Put_of_a_weekday_in_any_letter_case_and_a_whole_hour_with_a_fraction_of_zero_is_accepted(string cadence, string day, string hour)
    {
        var body = $$"""{ "cadence": "{{cadence}}", "day": "{{day}}", "hour": {{hour}}, "timeZone": "America/New_York", "recipients": ["cio@pecan.example"] }""";
        var answer = await handler.InvokeAsync("Subscription", Put(body));
        Assert.Equal(200, answer.Status);
        Assert.Equal(Encoding.UTF8.GetBytes(body), answer.Blob("subscription"));
        var version = answer.Object("version");
        Assert.Equal(("weekly", "monday", 8), (version["Cadence"]!.GetValue<string>(), version["Day"]!.GetValue<string>(), version["Hour"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Put_of_a_daily_subscription_writes_no_day()
    {
        var answer = await handler.InvokeAsync("Subscription", Put("""{ "cadence": "daily", "hour": 6, "timeZone": "UTC", "recipients": ["cio@pecan.example"], "paused": true }"""));
        var version = answer.Object("version");
        Assert.Null(version["Day"]);
        Assert.True(version["Paused"]!.GetValue<bool>());
    }

    public static TheoryData<string, string, int, string> BadSubscriptions => new()
    {
        { """{ "cadence": "weekly", "hour": 8, "timeZone": "America/New_York", "recipients": ["cio@pecan.example"] }""", "application/json", 400, "day: a weekly subscription needs a day" },
        { """{ "cadence": "daily", "hour": 8, "timeZone": "Eastern Standard Time", "recipients": ["cio@pecan.example"] }""", "application/json", 400, "timeZone: 'Eastern Standard Time' is not an IANA time zone id" },
        { """{ "cadence": "daily", "hour": 8.5, "timeZone": "UTC", "recipients": ["cio@pecan.example"] }""", "application/json", 400, "hour: expected a whole number, not 8.5" },
        { """{ "cadence": "weekly", "day": "Mon", "hour": 8, "timeZone": "UTC", "recipients": ["cio@pecan.example"] }""", "application/json", 400, "day: a weekly subscription needs a day, one of: monday," },
        { """{ "cadence": "daily", "hour": 8, "timeZone": "America", "recipients": ["cio@pecan.example"] }""", "application/json", 400, "timeZone: 'America' is not an IANA time zone id" },
        { """{ "cadence": "daily", "hour": 8, "timeZone": "UTC", "recipients": ["CIO <cio@pecan.example>"] }""", "application/json", 400, "recipients[0]" },
        { "{ \"cadence\": ", "application/json", 400, "" },
        { Weekly, "text/plain", 415, "application/json" },
    };

    [Theory]
    [MemberData(nameof(BadSubscriptions))]
    public async Task Put_refuses_what_the_reader_refuses_and_writes_nothing(string body, string contentType, int status, string detail)
    {
        var answer = await handler.InvokeAsync("Subscription", Put(body, contentType: contentType));
        Assert.Equal(status, answer.Status);
        Assert.Contains(detail, answer.Body["detail"]!.GetValue<string>());
        Assert.Equal(["res"], answer.OutputNames);
    }

    [Fact]
    public async Task Put_lists_an_unknown_property_with_every_other_error_and_writes_nothing()
    {
        // The unknown property used to be the only error answered: the others came one PUT later.
        var answer = await handler.InvokeAsync("Subscription", Put("""{ "cadence": "daily", "hour": 24, "timeZone": "localtime", "recipients": ["cio@pecan.example", "cio@pecan.example"], "extra": 1 }"""));
        Assert.Equal(400, answer.Status);
        Assert.Equal("Invalid subscription", answer.Body["title"]!.GetValue<string>());
        var errors = answer.Body["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.Equal(["extra", "hour", "timeZone", "recipients[1]"], errors.Select(e => e[..e.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Equal(["res"], answer.OutputNames);
    }

    [Fact]
    public async Task Put_refuses_a_property_written_twice_and_writes_nothing()
    {
        // Read as its last value, hour 8 would pass while the blob kept as sent also holds hour 99.
        var answer = await handler.InvokeAsync("Subscription", Put("""{ "cadence": "daily", "hour": 99, "hour": 8, "timeZone": "UTC", "recipients": ["cio@pecan.example"] }"""));
        Assert.Equal(400, answer.Status);
        Assert.Equal("Invalid subscription", answer.Body["title"]!.GetValue<string>());
        Assert.Equal("hour: written more than once in the same object; write it once", answer.Body["detail"]!.GetValue<string>());
        Assert.Equal(["res"], answer.OutputNames);
    }

    [Fact]
    public async Task Get_answers_the_stored_blob_or_404_and_the_board_may_not_read_the_recipients()
    {
        var stored = HostEnvelopes.Binary(Encoding.UTF8.GetBytes(Weekly));
        var found = await handler.InvokeAsync("Subscription", Get(stored, HostEnvelopes.Officer));
        Assert.Equal(200, found.Status);
        Assert.Equal(Weekly, found.Http.Body);

        var missing = await handler.InvokeAsync("Subscription", Get(HostEnvelopes.Missing, HostEnvelopes.Officer));
        Assert.Equal(404, missing.Status);
        Assert.Contains($"PUT one to api/orgs/{Org}/subscription", missing.Body["detail"]!.GetValue<string>());

        var board = await handler.InvokeAsync("Subscription", Get(stored, HostEnvelopes.BoardMember));
        Assert.Equal(403, board.Status);
        Assert.DoesNotContain("cio@", board.Raw);
        Assert.Equal(["res"], board.OutputNames);
    }

    // ---------------------------------------------------------------- ScheduleReports

    private static int _row;

    /// <summary>A <c>Subscriptions</c> version row as Subscription writes it and the table input gives it back.</summary>
    internal static JsonObject Version(string org, string cadence, string? day, int hour, string zone, bool paused = false, long ticks = 0)
    {
        var row = new JsonObject
        {
            ["PartitionKey"] = "subscriptions",
            ["RowKey"] = $"{(ticks == 0 ? HostEnvelopes.Now.AddDays(-1).UtcTicks : ticks):D19}-{Interlocked.Increment(ref _row):x32}",
            ["Timestamp"] = HostEnvelopes.Now.ToString("O"),
            ["Organization"] = org,
            ["Cadence"] = cadence,
            ["Hour"] = hour,
            ["TimeZone"] = zone,
            ["Recipients"] = 1,
            ["Paused"] = paused,
            ["ContentSha256"] = new string('0', 64),
        };
        if (day is not null) row["Day"] = day;
        return row;
    }

    /// <summary>Four organizations: two due at 09:00 UTC, one due at 04:30 UTC, one whose newest version is paused.</summary>
    private static JsonNode Subscriptions() => HostEnvelopes.Rows(
        // 09:00 UTC every day.
        Version("alpha-clinic", "daily", null, 9, "UTC"),
        // Sunday 04:00 in New York (EST) is 09:00 UTC: ISO week 2026-W47.
        Version("bravo-health", "weekly", "sunday", 4, "America/New_York"),
        // 10:00 in Kolkata (+05:30) is 04:30 UTC: due four and a half hours ago.
        Version("charlie-hospital", "monthly", "22", 10, "Asia/Kolkata"),
        // Due at 09:00 UTC by its first version, but its newest version pauses it.
        Version("delta-payer", "daily", null, 9, "UTC", ticks: HostEnvelopes.Now.AddDays(-10).UtcTicks),
        Version("delta-payer", "daily", null, 9, "UTC", paused: true, ticks: HostEnvelopes.Now.AddDays(-2).UtcTicks));

    private static async Task<JsonArray?> Messages(HandlerFixture handler, DateTimeOffset? last, JsonNode subscriptions)
    {
        var answer = await handler.InvokeAsync("ScheduleReports", HostEnvelopes.Timer("ScheduleReports", last, new Dictionary<string, JsonNode> { ["subscriptions"] = subscriptions }));
        Assert.Subset(new HashSet<string> { "requests" }, answer.OutputNames.ToHashSet());
        if (!answer.Response.Outputs.TryGetValue("requests", out var requests)) return null;
        // An array output is one queue message per element (the host's queue output takes a JArray as several messages).
        Assert.Equal(JsonValueKind.Array, requests.ValueKind);
        return JsonNode.Parse(requests.GetRawText())!.AsArray();
    }

    private static string[] Described(JsonArray? messages) =>
        [.. (messages ?? []).Select(m => $"{m!["org"]} {m["period"]} {m["scheduledFor"]}")];

    [Fact]
    public async Task Run_without_a_last_occurrence_sends_what_came_due_in_the_last_hour_in_each_time_zone()
    {
        Assert.Equal(
            ["alpha-clinic 2026-11-22 2026-11-22T09:00:00.0000000Z", "bravo-health 2026-W47 2026-11-22T09:00:00.0000000Z"],
            Described(await Messages(handler, last: null, Subscriptions())));
    }

    [Fact]
    public async Task Run_after_the_timer_was_down_for_five_hours_catches_up_from_its_last_occurrence()
    {
        Assert.Equal(
            ["alpha-clinic 2026-11-22 2026-11-22T09:00:00.0000000Z", "bravo-health 2026-W47 2026-11-22T09:00:00.0000000Z", "charlie-hospital 2026-11 2026-11-22T04:30:00.0000000Z"],
            Described(await Messages(handler, last: HostEnvelopes.Now.AddHours(-5), Subscriptions())));
    }

    [Fact]
    public async Task Run_after_an_hourly_run_that_already_sent_them_sends_nothing()
    {
        // The previous run was at 09:00; a run at 09:00 again (the window is empty) or one whose Last is 09:00 sends nothing.
        Assert.Null(await Messages(handler, last: HostEnvelopes.Now, Subscriptions()));
    }

    [Fact]
    public void A_run_the_host_fires_a_moment_before_its_occurrence_sends_what_is_due_at_it_and_the_next_run_does_not_repeat_it()
    {
        // TimerListener may fire up to about a second early (clock skew) and then keeps the occurrence itself as the next
        // run's Last: the 09:00 reports belong to this run, or to none.
        var occurrence = HostEnvelopes.Now;
        Assert.Equal(
            ["alpha-clinic 2026-11-22 2026-11-22T09:00:00.0000000Z", "bravo-health 2026-W47 2026-11-22T09:00:00.0000000Z"],
            RunAt(occurrence.AddMilliseconds(-400), last: occurrence.AddHours(-1), next: occurrence));
        Assert.Empty(RunAt(occurrence.AddHours(1), last: occurrence, next: occurrence.AddHours(1)));
        // A run well before the occurrence (started by hand) sends nothing ahead of time.
        Assert.Empty(RunAt(occurrence.AddMinutes(-1), last: occurrence.AddHours(-1), next: occurrence));
    }

    [Fact]
    public void A_past_due_run_of_a_timer_that_never_ran_catches_up_from_the_occurrence_it_missed()
    {
        // serve (or the app) was started at 08:30, stopped before its first run at 09:00 and started again at 12:30: the
        // host's status has no Last, and the past-due run stands for the missed 09:00 occurrence. The reports due at
        // 09:00 were due while the app was down and go out now, once.
        var missed = HostEnvelopes.Now;
        Assert.Equal(
            ["alpha-clinic 2026-11-22 2026-11-22T09:00:00.0000000Z", "bravo-health 2026-W47 2026-11-22T09:00:00.0000000Z"],
            RunAt(missed.AddHours(3.5), last: null, next: missed));
        // The next run's Last is the missed occurrence: nothing is sent twice.
        Assert.Empty(RunAt(missed.AddHours(4), last: missed, next: missed.AddHours(4)));
    }

    /// <summary>ScheduleReports run with the handler's clock at <paramref name="now"/>, as "org period scheduledFor".</summary>
    private static string[] RunAt(DateTimeOffset now, DateTimeOffset? last, DateTimeOffset next)
    {
        var envelope = HostEnvelopes.Timer("ScheduleReports", last, new Dictionary<string, JsonNode> { ["subscriptions"] = Subscriptions() }, next);
        var request = JsonSerializer.Deserialize<Contract.InvocationRequest>(envelope.ToJsonString())!;
        var answer = ScheduleReportsFunction.Invoke(request, new HandlerSettings { Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now) });
        return answer.Outputs.TryGetValue("requests", out var requests) ? Described(JsonNode.Parse(requests.GetRawText())!.AsArray()) : [];
    }

    [Fact]
    public async Task A_last_occurrence_older_than_31_days_is_not_caught_up_beyond_the_last_hour()
    {
        Assert.Equal(2, (await Messages(handler, last: HostEnvelopes.Now.AddDays(-40), Subscriptions()))!.Count);
    }

    [Fact]
    public async Task Rows_that_do_not_make_a_schedule_are_skipped_and_logged()
    {
        var rows = HostEnvelopes.Rows(
            Version("alpha-clinic", "daily", null, 9, "UTC"),
            Version("echo-clinic", "daily", null, 9, "Mars/Olympus_Mons"),
            Version("Not_An_Org", "daily", null, 9, "UTC"));
        var answer = await handler.InvokeAsync("ScheduleReports", HostEnvelopes.Timer("ScheduleReports", null, new Dictionary<string, JsonNode> { ["subscriptions"] = rows }));
        Assert.Equal(["alpha-clinic"], JsonNode.Parse(answer.Response.Outputs["requests"].GetRawText())!.AsArray().Select(m => m!["org"]!.GetValue<string>()));
        Assert.Contains(answer.Response.Logs, l => l.StartsWith("echo-clinic: subscription version", StringComparison.Ordinal) && l.Contains("timeZone"));
        Assert.Contains(answer.Response.Logs, l => l.StartsWith("Not_An_Org: subscription version", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_subscriptions_send_nothing()
    {
        Assert.Null(await Messages(handler, last: null, HostEnvelopes.Missing));
    }
}
