using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ComplianceRisk.Functions.Handler;
using ComplianceRisk.Functions.Runtime;
using ComplianceRisk.Functions.Runtime.Storage;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace ComplianceRisk.Functions.Tests.EndToEnd;

/// <summary>
/// Issue 8's end-to-end checks, through serve over loopback HTTP against the app's real functions, on a fake clock
/// that serve and the handler share: subscriptions set through the API, ScheduleReports run through the admin endpoint
/// at simulated times, ComposeReport's workbook, summary and mail (an .eml in serve's outbox), a roster submitted in
/// between showing on the next report's Changes sheet, a second run for the same period changing nothing, and a
/// daylight-saving edge.
/// </summary>
public sealed class ReportsTests
{
    /// <summary>The profile's id: the sample hospital, which the subscriptions and rosters below belong to.</summary>
    private const string Org = "pecan-creek-community";
    private const string OtherOrg = "other-hospital";
    private const string RequestQueue = "report-requests";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static byte[] Roster => File.ReadAllBytes(Repo.File("samples", "community-hospital-tx", "roster.csv"));

    /// <summary>The same roster without Marcus Bell (E1005), the only Incident Response Lead: a new single point of failure.</summary>
    private static byte[] RosterWithoutIncidentLead => Encoding.UTF8.GetBytes(string.Join("\n",
        Encoding.UTF8.GetString(Roster).Split('\n').Where(line => !line.StartsWith("E1005,", StringComparison.Ordinal))));

    /// <summary>
    /// serve with the app's real functions and a fake clock, called with a compliance officer's key for each of both
    /// organizations, and with the operator's key on the admin endpoint.
    /// </summary>
    private sealed class Reporting(Serve serve, FakeTimeProvider clock) : IAsyncDisposable
    {
        public Serve Serve => serve;
        public HttpClient Client { get; } = TestKeys.OfficerClient(serve);
        public LocalStorage Storage => serve.Host.Storage;
        public FakeTimeProvider Clock => clock;

        public static async Task<Reporting> StartAsync(DateTimeOffset start)
        {
            var clock = new FakeTimeProvider(start);
            return new Reporting(await Serve.StartAsync(clock: clock, keysFile: TestKeys.File(Org, OtherOrg)), clock);
        }

        /// <summary>A profile, a subscription and a roster, the roster assessed.</summary>
        public async Task SetUpAsync(string org, string subscription)
        {
            await OrganizationWorkspaceTests.PutProfileAsync(Client, org);
            using var content = new StringContent(subscription, Encoding.UTF8, "application/json");
            var response = await Client.PutAsync($"/api/orgs/{org}/subscription", content, Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await SubmitAsync(org, Roster, 1);
        }

        /// <summary>Submits a roster and waits until the history lists <paramref name="count"/> assessed entries.</summary>
        public async Task<JsonArray> SubmitAsync(string org, byte[] roster, int count)
        {
            await OrganizationWorkspaceTests.SubmitAsync(Client, roster, org);
            return await Eventually.Get(async () =>
            {
                var items = JsonNode.Parse(await Client.GetStringAsync($"/api/orgs/{org}/assessments", Cancel))!["assessments"]!.AsArray();
                return items.Count == count && items.All(i => i!["status"]!.GetValue<string>() == "Assessed") ? items : null;
            }, $"{count} assessed entries in {org}'s history", TimeSpan.FromMinutes(3));
        }

        /// <summary>
        /// Moves the clock, serve's and the handler's, without firing serve's own hourly timer (AdjustTime shifts pending
        /// timers with the clock, as a changed system time does): every report then comes from the run through the
        /// admin endpoint, which, like a first run of the timer, schedules the hour up to now.
        /// </summary>
        public void MoveClock(DateTimeOffset to) => clock.AdjustTime(to);

        /// <summary>ScheduleReports through the admin endpoint, then every report request it queued handled.</summary>
        public async Task RunScheduleReportsAsync()
        {
            var response = await Client.PostAsOperatorAsync("/admin/functions/ScheduleReports", new { }, Cancel);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await serve.Host.AdminRunsAsync();
            await QueueDrainedAsync();
        }

        /// <summary>A message stays in the queue (hidden) while ComposeReport handles it, so an empty queue means done.</summary>
        private Task QueueDrainedAsync() =>
            Eventually.True(() => Storage.Queues.Peek(RequestQueue).Count == 0, "every report request handled", TimeSpan.FromMinutes(3));

        /// <summary>The periods an organization has reports for (reports/{org}/{period}.xlsx).</summary>
        public IReadOnlyList<string> Periods(string org) =>
            [.. Storage.Blobs.List($"reports/{org}/").Select(b => b.Path).Where(p => p.EndsWith(".xlsx", StringComparison.Ordinal))
                .Select(p => p[$"reports/{org}/".Length..^".xlsx".Length])];

        /// <summary>Every blob but the runtime's own (with its ETag), every row of the tables the functions write, every .eml.</summary>
        public string Snapshot() => string.Join("\n",
            Storage.Blobs.Containers().Where(c => c != "azure-webjobs-hosts").SelectMany(c => Storage.Blobs.List(c + "/")).Select(b => $"{b.Path} {b.ETag}")
                .Concat(new[] { "Reports", "Assessments", "Subscriptions", "AuditLog" }.SelectMany(t => Storage.Tables.All(t)).Select(r => $"{r.PartitionKey}/{r.RowKey} {r.Properties.ToJsonString()}"))
                .Concat(serve.Mail().Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length}")));

        public ValueTask DisposeAsync()
        {
            Client.Dispose();
            return serve.DisposeAsync();
        }
    }

    /// <summary>A sheet's rows after the one whose first cell is <paramref name="header"/>; the workbook checked as valid Office Open XML.</summary>
    private static List<List<string>> RowsAfter(byte[] workbook, string sheet, string header)
    {
        using (var document = SpreadsheetDocument.Open(new MemoryStream(workbook), false))
            Assert.Empty(new OpenXmlValidator().Validate(document));
        var rows = Workbooks.Rows(workbook, sheet).Values.ToList();
        return [.. rows.SkipWhile(r => r.FirstOrDefault() != header).Skip(1)];
    }

    private static double Readiness(string cell) => Math.Round(double.Parse(cell, CultureInfo.InvariantCulture), 1);

    private static async Task<byte[]> AttachmentBytesAsync(MimeMessage message, string fileName)
    {
        var attachment = Assert.IsType<MimePart>(Assert.Single(message.Attachments));
        Assert.Equal(fileName, attachment.FileName);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", attachment.ContentType.MimeType);
        using var bytes = new MemoryStream();
        await attachment.Content!.DecodeToAsync(bytes, Cancel);
        return bytes.ToArray();
    }

    [Fact]
    public async Task A_due_subscription_gets_one_report_by_mail_the_next_shows_the_changes_and_a_second_run_changes_nothing()
    {
        // Monday 2026-11-30, 10:00 UTC (05:00 in New York, 11:00 in Berlin).
        await using var reporting = await Reporting.StartAsync(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
        var storage = reporting.Storage;
        await reporting.SetUpAsync(Org, """
            { "cadence": "weekly", "day": "monday", "hour": 8, "timeZone": "America/New_York",
              "recipients": ["cio@pecan-creek.example", "compliance@pecan-creek.example"] }
            """);
        // Due on the 15th of each month at 07:00 in Berlin: not in the week this test covers.
        await reporting.SetUpAsync(OtherOrg, """
            { "cadence": "monthly", "day": 15, "hour": 7, "timeZone": "Europe/Berlin", "recipients": ["board@other-hospital.example"] }
            """);

        // 13:00 UTC is 08:00 in New York: the weekly report of ISO week 2026-W49 is due, the other organization's is not.
        reporting.MoveClock(new DateTimeOffset(2026, 11, 30, 13, 0, 0, TimeSpan.Zero));
        await reporting.RunScheduleReportsAsync();

        Assert.Equal(["2026-W49"], reporting.Periods(Org));
        Assert.Empty(storage.Blobs.List($"reports/{OtherOrg}/"));
        Assert.Empty(storage.Tables.Partition("Reports", OtherOrg));
        var firstRow = storage.Tables.Get("Reports", Org, "2026-W49")!;
        var workbook = (await storage.Blobs.ReadAsync($"reports/{Org}/2026-W49.xlsx", Cancel))!;
        var summary = Encoding.UTF8.GetString((await storage.Blobs.ReadAsync($"reports/{Org}/2026-W49.html", Cancel))!);
        Assert.NotNull(await storage.Blobs.ReadAsync($"reports/{Org}/2026-W49.json", Cancel));
        Assert.DoesNotContain("Changes", Workbooks.SheetNames(workbook));

        // The mail, as the CIO would receive it: the summary as the body, the stored workbook attached, byte for byte.
        var mailFile = Assert.Single(reporting.Serve.Mail());
        using (var mail = await MimeMessage.LoadAsync(mailFile, Cancel))
        {
            Assert.Equal(["cio@pecan-creek.example", "compliance@pecan-creek.example"], mail.To.Mailboxes.Select(m => m.Address));
            Assert.Equal("compliance-reports@localhost", mail.From.Mailboxes.Single().Address);
            Assert.StartsWith($"ComplianceRisk report {Org} 2026-W49: readiness ", mail.Subject);
            Assert.Equal(summary, mail.HtmlBody);
            Assert.False(string.IsNullOrWhiteSpace(mail.TextBody));
            Assert.Equal(workbook, await AttachmentBytesAsync(mail, $"compliancerisk-{Org}-2026-W49.xlsx"));
        }

        // A roster without the only Incident Response Lead, then the next Monday at 08:00 in New York.
        var history = await reporting.SubmitAsync(Org, RosterWithoutIncidentLead, 2);
        reporting.MoveClock(new DateTimeOffset(2026, 12, 7, 13, 0, 0, TimeSpan.Zero));
        await reporting.RunScheduleReportsAsync();

        Assert.Equal(["2026-W49", "2026-W50"], reporting.Periods(Org));
        Assert.Empty(storage.Blobs.List($"reports/{OtherOrg}/"));
        var secondRow = storage.Tables.Get("Reports", Org, "2026-W50")!;
        var next = (await storage.Blobs.ReadAsync($"reports/{Org}/2026-W50.xlsx", Cancel))!;
        var before = firstRow.Properties["ReadinessIndex"]!.GetValue<double>();
        var after = secondRow.Properties["ReadinessIndex"]!.GetValue<double>();
        Assert.Equal(before, secondRow.Properties["PreviousReadinessIndex"]!.GetValue<double>());
        Assert.True(after < before, $"readiness should fall without the incident lead ({before} → {after})");

        var changes = RowsAfter(next, "Changes", "Readiness");
        Assert.Equal(["Index", .. new[] { before, after, after - before }.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture))],
            changes[0].Select((cell, i) => i == 0 ? cell : Readiness(cell).ToString("0.0", CultureInfo.InvariantCulture)));
        Assert.Contains(changes, r => r is ["New", "ROLE:incident-response-lead", "Incident Response Lead: single point of failure", ..]);

        // The trend: both assessed rosters, oldest first, then this report's own assessment.
        var points = RowsAfter(next, "Readiness Trend", "As of");
        var assessed = history.OrderBy(h => h!["submittedAt"]!.GetValue<string>(), StringComparer.Ordinal).ToList();
        Assert.Equal(assessed.Count + 1, points.Count);
        Assert.Equal(assessed.Select(h => Math.Round(h!["readinessIndex"]!.GetValue<double>(), 1)), points.Take(assessed.Count).Select(p => Readiness(p[2])));
        Assert.Equal(Math.Round(after, 1), Readiness(points[^1][2]));

        var mails = reporting.Serve.Mail();
        Assert.Equal(2, mails.Count);
        using (var mail = await MimeMessage.LoadAsync(mails.Single(f => f != mailFile), Cancel))
        {
            Assert.StartsWith($"ComplianceRisk report {Org} 2026-W50: readiness ", mail.Subject);
            Assert.Contains("(-", mail.Subject);
            Assert.Equal(next, await AttachmentBytesAsync(mail, $"compliancerisk-{Org}-2026-W50.xlsx"));
        }

        // The same period again: no new blob, row or mail.
        var snapshot = reporting.Snapshot();
        await reporting.RunScheduleReportsAsync();
        Assert.Equal(snapshot, reporting.Snapshot());
        Assert.Empty(storage.Queues.Peek(RequestQueue + "-poison"));
    }

    [Fact]
    public async Task After_a_rejected_submission_the_report_says_it_is_of_the_roster_before_it()
    {
        await using var reporting = await Reporting.StartAsync(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
        await reporting.SetUpAsync(Org, """
            { "cadence": "weekly", "day": "monday", "hour": 8, "timeZone": "America/New_York", "recipients": ["cio@pecan-creek.example"] }
            """);
        // An hour later, a roster with no role column: rejected, so latest/ keeps the 10:00 roster.
        reporting.MoveClock(new DateTimeOffset(2026, 11, 30, 11, 0, 0, TimeSpan.Zero));
        await OrganizationWorkspaceTests.SubmitAsync(reporting.Client, Encoding.UTF8.GetBytes("Employee ID,Name\nE1,Ann Example\n"), Org);
        await Eventually.True(() => reporting.Storage.Tables.Partition("Assessments", Org).Any(r => r.Properties["Status"]!.GetValue<string>() == "Rejected"),
            "the second roster rejected", TimeSpan.FromMinutes(3));

        reporting.MoveClock(new DateTimeOffset(2026, 11, 30, 13, 0, 0, TimeSpan.Zero));
        await reporting.RunScheduleReportsAsync();

        var summary = WebUtility.HtmlDecode(Encoding.UTF8.GetString((await reporting.Storage.Blobs.ReadAsync($"reports/{Org}/2026-W49.html", Cancel))!));
        const string said = "This report is of the roster submitted on 2026-11-30 10:00 UTC, not of a later one.";
        Assert.Contains($"<strong>{said}</strong> The roster submitted on 2026-11-30 11:00 UTC was rejected (NO_ROLE_COLUMN):", summary, StringComparison.Ordinal);
        using var mail = await MimeMessage.LoadAsync(Assert.Single(reporting.Serve.Mail()), Cancel);
        Assert.Contains($"{said} The roster submitted on 2026-11-30 11:00 UTC was rejected (NO_ROLE_COLUMN):", mail.TextBody, StringComparison.Ordinal);
    }

    // The daylight-saving edges in New York, each run through the admin endpoint hour by hour around the report's time.
    // 2027-03-14, spring forward: 02:00 EST is followed by 03:00 EDT, so 02:00 does not exist that day; a daily report at
    // hour 2 is due at the first instant after the gap, 03:00 EDT = 07:00 UTC. 2026-11-01, fall back: 01:00 comes twice
    // (EDT, then EST); a daily report at hour 1 is due at the first, 01:00 EDT = 05:00 UTC, and not again at 06:00 UTC.
    [Theory]
    [InlineData("2027-03-14", 2, 7)]
    [InlineData("2026-11-01", 1, 5)]
    public async Task A_report_on_a_daylight_saving_day_comes_once_at_the_instant_the_contract_names(string day, int localHour, int dueUtcHour)
    {
        var date = DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        DateTimeOffset At(int hour, int minute = 0) => new(date.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.Zero);
        await using var reporting = await Reporting.StartAsync(At(dueUtcHour - 3, 30));
        await reporting.SetUpAsync(Org, $$"""
            { "cadence": "daily", "hour": {{localHour}}, "timeZone": "America/New_York", "recipients": ["cio@pecan-creek.example"] }
            """);

        var seen = new List<string>();
        var expected = new List<string>();
        for (var hour = dueUtcHour - 2; hour <= dueUtcHour + 2; hour++)
        {
            reporting.MoveClock(At(hour));
            await reporting.RunScheduleReportsAsync();
            seen.Add($"{hour:00}:00 UTC: reports [{string.Join(", ", reporting.Periods(Org))}], {reporting.Serve.Mail().Count} mail");
            expected.Add(hour < dueUtcHour ? $"{hour:00}:00 UTC: reports [], 0 mail" : $"{hour:00}:00 UTC: reports [{day}], 1 mail");
        }

        Assert.Equal(expected, seen);
        Assert.Equal(day, reporting.Storage.Tables.Get("Reports", Org, day)!.Properties["AsOf"]!.GetValue<string>());
    }

    // The serve command as a person runs it, on the real clock: --outbox puts the mail where it is told, serve's log
    // names each file, and the sender comes from the app setting ComplianceRisk__Reports__FromAddress as on Azure. A daily subscription at this hour in UTC is due when ScheduleReports runs in the same hour.
    [Fact]
    public async Task The_serve_command_writes_report_mail_from_the_configured_sender_to_its_outbox_folder_and_logs_each_file()
    {
        var folder = TestTemp.Folder("compliancerisk-outbox-");
        var (data, outbox, keys) = (Path.Combine(folder, "data"), Path.Combine(folder, "mail"), TestKeys.File(Org));
        using var serve = await ServeProcess.StartAsync(data, ["--keys", keys, "--outbox", outbox],
            new Dictionary<string, string> { [HandlerSettings.ReportSenderSetting] = "reports@pecan-creek.example" });
        var client = serve.Client;
        client.DefaultRequestHeaders.Add(ServeKeys.Header, TestKeys.Officer(Org));
        client.DefaultRequestHeaders.Add(ServeGuard.RequestHeader, "tests");
        Assert.Contains(serve.Output, line => line.Contains($"mail in {outbox}", StringComparison.Ordinal));
        await OrganizationWorkspaceTests.PutProfileAsync(client, Org);
        await OrganizationWorkspaceTests.SubmitAsync(client, Roster, Org);
        await Eventually.True(() => client.GetStringAsync($"/api/orgs/{Org}/assessments", Cancel).Result.Contains("\"Assessed\"", StringComparison.Ordinal),
            "the roster assessed", TimeSpan.FromMinutes(3));

        // In the last minute of an hour, the next one: the run below must fall in the subscription's hour.
        if (DateTime.UtcNow.Minute == 59) await Task.Delay(TimeSpan.FromSeconds(61 - DateTime.UtcNow.Second), Cancel);
        using (var subscription = new StringContent($$"""
            { "cadence": "daily", "hour": {{DateTime.UtcNow.Hour}}, "timeZone": "UTC", "recipients": ["cio@pecan-creek.example"] }
            """, Encoding.UTF8, "application/json"))
            Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/orgs/{Org}/subscription", subscription, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsOperatorAsync("/admin/functions/ScheduleReports", new { }, Cancel)).StatusCode);

        var file = await Eventually.Get(() => Directory.Exists(Path.Combine(outbox, Org)) ? Directory.EnumerateFiles(Path.Combine(outbox, Org), "*.eml").SingleOrDefault() : null,
            "the report's mail in the outbox", TimeSpan.FromMinutes(3));
        Assert.Matches($@"^\d{{8}}T\d{{6}}Z-ComposeReport-[0-9a-f-]{{36}}\.eml$", Path.GetFileName(file));
        Assert.False(Directory.Exists(Path.Combine(data, "outbox")));
        using var mail = await MimeMessage.LoadAsync(file, Cancel);
        Assert.Equal(["cio@pecan-creek.example"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("reports@pecan-creek.example", mail.From.Mailboxes.Single().Address);
        Assert.EndsWith(".xlsx", Assert.Single(mail.Attachments).ContentDisposition!.FileName, StringComparison.Ordinal);
        await Eventually.True(() => serve.Output.Any(line => line.Contains($"ComposeReport: mail to cio@pecan-creek.example written to {file}", StringComparison.Ordinal)),
            "serve's log line naming the file");
        // The run asked for through the admin endpoint is logged with the name of the operator's key, never the key.
        Assert.Contains(serve.Output, line => line.Contains($"admin: ScheduleReports asked for with key '{TestKeys.OperatorName}'", StringComparison.Ordinal));
        Assert.DoesNotContain(serve.Output, line => line.Contains(TestKeys.Operator, StringComparison.Ordinal) || line.Contains(TestKeys.Officer(Org), StringComparison.Ordinal));
    }

    // A report mailed to an organization is its data too (the summary, the workbook with the roster's names): under serve
    // it stays in the outbox, and the organization's erasure deletes it there, as it deletes the stored report, and
    // leaves another organization's mail alone.
    [Fact]
    public async Task Erasing_an_organization_deletes_its_report_mail_from_serves_outbox()
    {
        // Monday 2026-11-30, 10:00 UTC; both organizations' reports are due at 13:00 UTC.
        await using var reporting = await Reporting.StartAsync(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
        var storage = reporting.Storage;
        foreach (var org in new[] { Org, OtherOrg })
            await reporting.SetUpAsync(org, $$"""
                { "cadence": "daily", "hour": 13, "timeZone": "UTC", "recipients": ["cio@{{org}}.example"] }
                """);
        reporting.MoveClock(new DateTimeOffset(2026, 11, 30, 13, 0, 0, TimeSpan.Zero));
        await reporting.RunScheduleReportsAsync();
        Assert.Equal(2, reporting.Serve.Mail().Count);

        var response = await reporting.Client.DeleteAsync($"/api/orgs/{Org}", Cancel);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        // The erasure waits between its passes on serve's clock, which this test moves.
        var erasure = await Eventually.Get(() =>
        {
            reporting.Clock.Advance(TimeSpan.FromSeconds(1));
            return storage.Tables.Partition("AuditLog", Org).FirstOrDefault(row => row.Properties["Action"]?.GetValue<string>() == "erasure");
        }, "the erasure's audit row", TimeSpan.FromMinutes(2));

        Assert.Empty(storage.Blobs.List($"reports/{Org}/"));
        using var left = await MimeMessage.LoadAsync(Assert.Single(reporting.Serve.Mail()), Cancel);
        Assert.Equal(["cio@other-hospital.example"], left.To.Mailboxes.Select(m => m.Address));
        Assert.EndsWith("; 1 sent message erased from serve's outbox", erasure.Properties["Subject"]!.GetValue<string>());
    }
}
