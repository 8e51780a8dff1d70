using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ComplianceRisk.Documents.Assessments;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Risks;
using ComplianceRisk.Functions.Handler;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceRisk.Functions.Tests.Envelope;

/// <summary>
/// ComposeReport driven as the host drives a queue trigger (<see cref="HostEnvelopes.ReportRequest"/>), checked by the
/// outputs the host would apply: the report workbook reopened cell by cell, the summary, the SendGrid message, the
/// <c>Reports</c> row and the audit row. The clock is 2026-11-22 09:00 UTC.
/// </summary>
public sealed class ComposeReportContractTests(HandlerFixture handler) : IClassFixture<HandlerFixture>
{
    private const string Org = "pecan-creek-community";
    private const string Period = "2026-W47";
    private static readonly string SampleFolder = Repo.File("samples", "community-hospital-tx");
    private static byte[] Sample(string file) => File.ReadAllBytes(Path.Combine(SampleFolder, file));

    /// <summary>The sample roster without E1005 (the incident response lead): one risk is new, one escalates, readiness falls.</summary>
    private static byte[] RosterWithoutTheIncidentLead => Encoding.UTF8.GetBytes(string.Join("\n",
        Encoding.UTF8.GetString(Sample("roster.csv")).Split('\n').Where(l => !l.StartsWith("E1005,", StringComparison.Ordinal))));

    private static byte[] Subscription(string timeZone = "America/Chicago", bool paused = false) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["cadence"] = "weekly",
        ["day"] = "sunday",
        ["hour"] = 3,
        ["timeZone"] = timeZone,
        ["recipients"] = new JsonArray("cio@pecan.example", "officer@pecan.example"),
        ["paused"] = paused,
    }.ToJsonString());

    /// <summary>The sample assessed as of a date, as the previous report stored it.</summary>
    private static Assessment Assessed(byte[] roster, DateOnly asOf)
    {
        var assessed = RosterAssessment.Assess(Org, roster, Sample("profile.json"), null, asOf, Engine.Catalogs.DefaultCatalog.Load(), new HandlerSettings());
        return assessed.Assessment ?? throw new InvalidOperationException(assessed.Problem!.ToString());
    }

    private static byte[] Json(Assessment assessment) => Encoding.UTF8.GetBytes(AssessmentJson.ToJson(assessment));

    /// <summary>Two assessed submissions and a rejected one, as ProcessRoster writes Assessments rows (the table input gives them as a JSON array's text).</summary>
    private static JsonNode History() => HostEnvelopes.Rows(
        AssessedRow("2026-11-02T14-30-00Z-0d9c", "2026-11-02T14:30:00.0000000Z", "2026-11-02", 64.2, "a-nov"),
        AssessedRow("2026-10-01T08-00-00Z-77aa", "2026-10-01T08:00:00.0000000Z", "2026-10-01", 58.0, "a-oct"),
        new JsonObject { ["PartitionKey"] = Org, ["RowKey"] = "2026-11-10T10-00-00Z-ffee", ["Status"] = "Rejected", ["SubmittedAt"] = "2026-11-10T10:00:00.0000000Z" });

    private static JsonObject AssessedRow(string name, string submitted, string asOf, double readiness, string id) => new()
    {
        ["PartitionKey"] = Org,
        ["RowKey"] = name,
        ["Timestamp"] = HostEnvelopes.Now.ToString("O"),
        ["Status"] = "Assessed",
        ["SubmittedAt"] = submitted,
        ["AsOf"] = asOf,
        ["ReadinessIndex"] = readiness,
        ["AssessmentId"] = id,
    };

    private static JsonObject Request(byte[] roster, byte[]? previous = null, byte[]? subscription = null, JsonNode? done = null, string period = Period, JsonNode? history = null)
    {
        var inputs = new Dictionary<string, JsonNode>
        {
            ["subscription"] = HostEnvelopes.Binary(subscription ?? Subscription()),
            ["roster"] = HostEnvelopes.Binary(roster),
            ["profile"] = HostEnvelopes.Binary(Sample("profile.json")),
            ["history"] = history ?? History(),
        };
        if (previous is not null) inputs["previous"] = HostEnvelopes.Binary(previous);
        if (done is not null) inputs["done"] = done;
        return HostEnvelopes.ReportRequest(HostEnvelopes.ReportMessage(Org, period), inputs);
    }

    private static int Serial(DateOnly date) => date.DayNumber - new DateOnly(1899, 12, 30).DayNumber;
    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- first and later reports

    [Fact]
    public async Task First_report_has_no_Changes_sheet_and_a_trend_of_the_assessed_submissions_then_its_own_point()
    {
        var answer = await handler.InvokeAsync("ComposeReport", Request(Sample("roster.csv")));
        Assert.Equal(["assessment", "audit", "latest", "mail", "report", "row", "summary"], answer.OutputNames.Order());

        var assessment = AssessmentJson.Read(answer.Blob("assessment")).Value!;
        Assert.Equal(answer.Blob("assessment"), answer.Blob("latest"));
        Assert.Equal(new DateOnly(2026, 11, 22), assessment.AsOf);

        var workbook = answer.Blob("report");
        var sheets = Workbooks.SheetNames(workbook);
        Assert.DoesNotContain("Changes", sheets);
        Assert.Contains("Readiness Trend", sheets);

        // Oldest first by submission time (not the table's order), the rejected submission left out, the report's own point last.
        var trend = Workbooks.Rows(workbook, "Readiness Trend");
        Assert.Equal(["As of", "Submitted at (UTC)", "Readiness index", "Change", "Assessment ID"], trend[3]);
        Assert.Equal([Serial(new(2026, 10, 1)).ToString(CultureInfo.InvariantCulture), "2026-10-01 08:00", "58", "n/a", "a-oct"], trend[4]);
        Assert.Equal([Serial(new(2026, 11, 2)).ToString(CultureInfo.InvariantCulture), "2026-11-02 14:30", "64.2", "6.2", "a-nov"], trend[5]);
        var readiness = assessment.Summary.ReadinessIndex!.Value;
        Assert.Equal(Serial(new(2026, 11, 22)).ToString(CultureInfo.InvariantCulture), trend[6][0]);
        Assert.Equal("", trend[6][1]);
        Assert.Equal(Number(readiness), trend[6][2]);
        Assert.Equal(Math.Round(readiness - 64.2, 1), double.Parse(trend[6][3], CultureInfo.InvariantCulture), 9);
        Assert.Equal(assessment.AssessmentId, trend[6][4]);
        Assert.Equal(6, trend.Keys.Max());

        var summary = Encoding.UTF8.GetString(answer.Blob("summary"));
        Assert.Contains("(first report)", summary, StringComparison.Ordinal);
        // No row has the roster's hash, so which submission it was is not known: the report claims nothing about it.
        Assert.DoesNotContain("This report is of the roster", summary, StringComparison.Ordinal);
        var row = answer.Object("row");
        Assert.Null(row["PreviousReadinessIndex"]);
        Assert.Equal(0, row["NewRisks"]!.GetValue<int>());
    }

    [Fact]
    public async Task Later_report_lists_the_new_risk_on_its_Changes_sheet_and_carries_the_readiness_change_in_summary_and_subject()
    {
        var previous = Assessed(Sample("roster.csv"), new DateOnly(2026, 11, 15));
        var answer = await handler.InvokeAsync("ComposeReport", Request(RosterWithoutTheIncidentLead, Json(previous)));
        var current = AssessmentJson.Read(answer.Blob("assessment")).Value!;
        var diff = AssessmentDiff.Compare(previous, current);
        var added = Assert.Single(diff.New);
        var escalated = Assert.Single(diff.Escalated);
        Assert.True(diff.ReadinessChange < 0);

        var changes = Workbooks.Rows(answer.Blob("report"), "Changes");
        Assert.Contains(changes.Values, r => r[0].StartsWith("2026-11-15 → 2026-11-22 · 1 new · 0 closed · 1 escalated", StringComparison.Ordinal));
        var newRow = changes.Values.Single(r => r[0] == "New");
        Assert.Equal(added.RiskId, newRow[1]);
        Assert.Equal("", newRow[3]); // no score before
        Assert.Equal(added.ScoreAfter!.Value.ToString(CultureInfo.InvariantCulture), newRow[5]);
        Assert.Equal(escalated.RiskId, changes.Values.Single(r => r[0] == "Escalated")[1]);
        var index = changes.Values.Single(r => r[0] == "Index");
        Assert.Equal([Number(previous.Summary.ReadinessIndex!.Value), Number(current.Summary.ReadinessIndex!.Value), Number(diff.ReadinessChange!.Value)], index.Skip(1).Take(3));

        var change = diff.ReadinessChange!.Value.ToString("+0.0;-0.0", CultureInfo.InvariantCulture);
        var summary = Encoding.UTF8.GetString(answer.Blob("summary"));
        Assert.Contains($"{change} since the report as of 2026-11-15", summary, StringComparison.Ordinal);
        Assert.Contains($"<td>{added.RiskId}</td>", summary, StringComparison.Ordinal);
        Assert.Contains($"<td>{escalated.RiskId}</td>", summary, StringComparison.Ordinal);
        Assert.Contains("The attached workbook holds the full register, the changes since the previous report and the readiness trend.", summary, StringComparison.Ordinal);
        Assert.Equal($"ComplianceRisk report {Org} {Period}: readiness {current.Summary.ReadinessIndex!.Value.ToString("0.0", CultureInfo.InvariantCulture)} ({change})",
            answer.Object("mail")["subject"]!.GetValue<string>());

        var row = answer.Object("row");
        Assert.Equal(previous.Summary.ReadinessIndex!.Value, row["PreviousReadinessIndex"]!.GetValue<double>());
        Assert.Equal(1, row["NewRisks"]!.GetValue<int>());
        Assert.Equal(1, row["EscalatedRisks"]!.GetValue<int>());
    }

    public static TheoryData<string, string> UnreadablePrevious => new()
    {
        { "damaged", "the assessment saved with it is damaged" },
        { "truncated", "the assessment saved with it is damaged" },
        { "earlier schema version", "it was made by an earlier version of ComplianceRisk, whose saved assessment this version cannot read (assessment format 0.9; this version reads 1.0 and 1.1)" },
        { "later schema version", "it was made by a later version of ComplianceRisk, whose saved assessment this version cannot read (assessment format 2.0; this version reads 1.0 and 1.1)" },
    };

    [Theory]
    [MemberData(nameof(UnreadablePrevious))]
    public async Task A_previous_report_whose_assessment_cannot_be_read_is_not_called_a_first_report(string situation, string why)
    {
        var stored = Encoding.UTF8.GetString(Json(Assessed(Sample("roster.csv"), new DateOnly(2026, 11, 15))));
        var previous = situation switch
        {
            "damaged" => "\0\0\0 not json",
            "truncated" => stored[..(stored.Length / 2)],
            "earlier schema version" => stored.Replace("\"schemaVersion\": \"1.1\"", "\"schemaVersion\": \"0.9\"", StringComparison.Ordinal),
            _ => stored.Replace("\"schemaVersion\": \"1.1\"", "\"schemaVersion\": \"2.0\"", StringComparison.Ordinal),
        };
        Assert.NotEqual(stored, previous);
        var answer = await handler.InvokeAsync("ComposeReport", Request(RosterWithoutTheIncidentLead, Encoding.UTF8.GetBytes(previous)));

        var mail = answer.Object("mail");
        var readiness = AssessmentJson.Read(answer.Blob("assessment")).Value!.Summary.ReadinessIndex!.Value.ToString("0.0", CultureInfo.InvariantCulture);
        Assert.Equal($"ComplianceRisk report {Org} {Period}: readiness {readiness} (not compared with the previous report)", mail["subject"]!.GetValue<string>());
        var text = mail["content"]![0]!["value"]!.GetValue<string>();
        var html = Encoding.UTF8.GetString(answer.Blob("summary"));
        Assert.Equal(html, mail["content"]![1]!["value"]!.GetValue<string>());
        Assert.Contains($"Readiness {readiness} (not compared with the previous report)\n", text, StringComparison.Ordinal);
        var sentence = $"The previous report could not be compared with, so new and escalated risks are not listed: {why}. The next report compares with this one.";
        Assert.Contains("\n" + sentence + "\n", text, StringComparison.Ordinal);
        Assert.Contains("<p>" + System.Net.WebUtility.HtmlEncode(sentence) + "</p>", html, StringComparison.Ordinal);
        foreach (var written in new[] { text, html, mail["subject"]!.GetValue<string>() })
            Assert.DoesNotContain("first report", written, StringComparison.OrdinalIgnoreCase);

        Assert.EndsWith("\nThe attached workbook holds the full register and the readiness trend.\n", text, StringComparison.Ordinal);
        // Nothing was compared: no Changes sheet, no previous index, no changes counted.
        Assert.DoesNotContain("Changes", Workbooks.SheetNames(answer.Blob("report")));
        var row = answer.Object("row");
        Assert.Null(row["PreviousReadinessIndex"]);
        Assert.Equal(0, row["NewRisks"]!.GetValue<int>());
        Assert.Contains(answer.Response.Logs, l => l.Contains("latest.json could not be read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_report_of_an_older_roster_than_the_last_submitted_says_the_later_ones_were_rejected_first()
    {
        var roster = Sample("roster.csv");
        static JsonObject Rejected(string name, string code, string reason, string hint = "Fix it.") => new()
        {
            ["PartitionKey"] = Org, ["RowKey"] = name, ["Status"] = "Rejected", ["Code"] = code, ["Reason"] = reason, ["Hint"] = hint,
        };
        // latest/ holds the roster of the 2 November submission (its row has the roster's hash); two submissions after it
        // were rejected. A rejection before it, and blobs put under rosters/ by hand, are not later submissions.
        var assessed = AssessedRow("2026-11-02T14-30-00Z-0d9c", "2026-11-02T14:30:00.0000000Z", "2026-11-02", 64.2, "a-nov");
        assessed["RosterSha256"] = AuditLog.Sha256(roster);
        JsonObject[] history =
        [
            AssessedRow("2026-10-01T08-00-00Z-77aa", "2026-10-01T08:00:00.0000000Z", "2026-10-01", 58.0, "a-oct"),
            Rejected("2026-10-20T08-00-00Z-0001", "EMPTY", "The roster is empty."),
            assessed,
            Rejected("2026-11-20T16-05-00Z-abcd", "NO_ROLE_COLUMN", "The header has no role column.", "Add a column holding each person's role"),
            Rejected("2026-11-10T10-00-00Z-ffee", "NOT_TEXT", "This file is binary data, not a CSV text file."),
            Rejected("roster-from-hr.csv", "not-a-submission", "'roster-from-hr.csv' does not start with the submission time."),
            Rejected("2026-11-21T00-00-00Z-roster.csv", "not-a-submission", "'2026-11-21T00-00-00Z-roster.csv' holds characters other than letters, digits and -."),
        ];

        var answer = await handler.InvokeAsync("ComposeReport", Request(roster, history: HostEnvelopes.Rows(history)));

        const string said = "This report is of the roster submitted on 2026-11-02 14:30 UTC, not of a later one. " +
            "The 2 rosters submitted since were rejected, the latest on 2026-11-20 16:05 UTC (NO_ROLE_COLUMN): The header has no role column. " +
            "Add a column holding each person's role. The next report assesses the latest roster accepted.";
        var html = Encoding.UTF8.GetString(answer.Blob("summary"));
        Assert.Contains(said, System.Net.WebUtility.HtmlDecode(html.Replace("<strong>", "").Replace("</strong>", "")), StringComparison.Ordinal);
        var text = answer.Object("mail")["content"]![0]!["value"]!.GetValue<string>();
        Assert.Contains(said + "\n", text, StringComparison.Ordinal);
        Assert.Contains(answer.Response.Logs, l => l.Contains("2 later submission(s) rejected, the latest NO_ROLE_COLUMN", StringComparison.Ordinal));
        // Still a report, mailed and marked done.
        Assert.Equal(["assessment", "audit", "latest", "mail", "report", "row", "summary"], answer.OutputNames.Order());

        // The same history with the latest submission assessed again after the rejections: nothing to say.
        var resubmitted = AssessedRow("2026-11-21T09-00-00Z-beef", "2026-11-21T09:00:00.0000000Z", "2026-11-21", 70.0, "a-resub");
        resubmitted["RosterSha256"] = AuditLog.Sha256(roster);
        var current = await handler.InvokeAsync("ComposeReport", Request(roster, history: HostEnvelopes.Rows([.. history.Select(r => (JsonObject)r.DeepClone()), resubmitted])));
        Assert.DoesNotContain("This report is of the roster", Encoding.UTF8.GetString(current.Blob("summary")), StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- the mail, the row, the audit

    [Fact]
    public async Task The_mail_is_one_SendGrid_message_to_every_recipient_with_the_summary_as_body_and_the_workbook_attached()
    {
        var answer = await handler.InvokeAsync("ComposeReport", Request(Sample("roster.csv")));
        var mail = answer.Object("mail");
        Assert.Equal(["attachments", "content", "from", "personalizations", "subject"], mail.Select(p => p.Key).Order());

        var personalization = Assert.Single(mail["personalizations"]!.AsArray())!.AsObject();
        Assert.Equal(["cio@pecan.example", "officer@pecan.example"], personalization["to"]!.AsArray().Select(t => t!["email"]!.GetValue<string>()));
        Assert.Equal(HandlerSettings.DefaultReportSender, mail["from"]!["email"]!.GetValue<string>());
        Assert.Equal("ComplianceRisk", mail["from"]!["name"]!.GetValue<string>());
        Assert.StartsWith($"ComplianceRisk report {Org} {Period}: readiness ", mail["subject"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith(" (first report)", mail["subject"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("\nThis is the first report: there is no earlier one to compare with.\n", mail["content"]![0]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        // The first report's workbook has no Changes sheet, and the mail does not promise one.
        Assert.DoesNotContain("Changes", Workbooks.SheetNames(answer.Blob("report")));
        Assert.EndsWith("\nThe attached workbook holds the full register and the readiness trend.\n", mail["content"]![0]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("<p class=\"small\">The attached workbook holds the full register and the readiness trend.</p>", mail["content"]![1]!["value"]!.GetValue<string>(), StringComparison.Ordinal);

        var content = mail["content"]!.AsArray();
        Assert.Equal(["text/plain", "text/html"], content.Select(c => c!["type"]!.GetValue<string>()));
        Assert.Equal(Encoding.UTF8.GetString(answer.Blob("summary")), content[1]!["value"]!.GetValue<string>());
        var text = content[0]!["value"]!.GetValue<string>();
        Assert.StartsWith("Pecan Creek Community Hospital — compliance staffing report\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<", text, StringComparison.Ordinal);

        var attachment = Assert.Single(mail["attachments"]!.AsArray())!.AsObject();
        Assert.Equal(answer.Blob("report"), Convert.FromBase64String(attachment["content"]!.GetValue<string>()));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", attachment["type"]!.GetValue<string>());
        Assert.Equal($"compliancerisk-{Org}-{Period}.xlsx", attachment["filename"]!.GetValue<string>());
        Assert.Equal("attachment", attachment["disposition"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_Reports_row_marks_the_period_done_and_the_audit_row_names_the_workbook()
    {
        var answer = await handler.InvokeAsync("ComposeReport", Request(Sample("roster.csv")));
        var assessment = AssessmentJson.Read(answer.Blob("assessment")).Value!;
        var workbook = answer.Blob("report");
        var row = answer.Object("row");
        Assert.Equal(Org, row["PartitionKey"]!.GetValue<string>());
        Assert.Equal(Period, row["RowKey"]!.GetValue<string>());
        Assert.Equal("2026-11-22T09:00:00.0000000Z", row["ComposedAt"]!.GetValue<string>());
        Assert.Equal("2026-11-22", row["AsOf"]!.GetValue<string>());
        Assert.Equal(assessment.AssessmentId, row["AssessmentId"]!.GetValue<string>());
        Assert.Equal(assessment.Summary.ReadinessIndex!.Value, row["ReadinessIndex"]!.GetValue<double>());
        var counts = assessment.Summary.RatingCounts;
        Assert.Equal([counts.Critical, counts.High, counts.Moderate, counts.Low], new[] { "Critical", "High", "Moderate", "Low" }.Select(k => row[k]!.GetValue<int>()));
        Assert.Equal(2, row["Recipients"]!.GetValue<int>());
        Assert.Equal(AuditLog.Sha256(workbook), row["ReportSha256"]!.GetValue<string>());
        Assert.Equal(AuditLog.Sha256(Sample("roster.csv")), row["RosterSha256"]!.GetValue<string>());
        // Counts only: the addresses stay in the subscription blob.
        Assert.DoesNotContain("@", row.ToJsonString(), StringComparison.Ordinal);

        var audit = answer.Object("audit");
        Assert.Equal(Org, audit["PartitionKey"]!.GetValue<string>());
        Assert.Equal("report", audit["Action"]!.GetValue<string>());
        Assert.Equal("system:ComposeReport", audit["Who"]!.GetValue<string>());
        Assert.Equal($"reports/{Org}/{Period}.xlsx", audit["Subject"]!.GetValue<string>());
        Assert.Equal(AuditLog.Sha256(workbook), audit["ContentSha256"]!.GetValue<string>());
        Assert.Equal("2026-11-22T09:00:00.0000000Z", audit["At"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_same_request_gives_the_same_documents()
    {
        var first = await handler.InvokeAsync("ComposeReport", Request(Sample("roster.csv")));
        var second = await handler.InvokeAsync("ComposeReport", Request(Sample("roster.csv")));
        Assert.Equal(first.Raw, second.Raw);
    }

    [Theory]
    // 09:00 UTC on 22 November is 23:00 on the 21st in Honolulu and 22:00 on the 22nd in Auckland.
    [InlineData("Pacific/Honolulu", "2026-11-21")]
    [InlineData("Pacific/Auckland", "2026-11-22")]
    [InlineData("UTC", "2026-11-22")]
    public async Task The_report_is_as_of_today_in_the_subscriptions_time_zone(string timeZone, string asOf)
    {
        var answer = await handler.InvokeAsync("ComposeReport", Request(Sample("roster.csv"), subscription: Subscription(timeZone)));
        Assert.Equal(asOf, answer.Object("row")["AsOf"]!.GetValue<string>());
        Assert.Equal(asOf, AssessmentJson.Read(answer.Blob("assessment")).Value!.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_midnight_report_the_timer_sent_a_moment_early_is_as_of_the_day_it_was_scheduled_for()
    {
        // A daily 00:00 UTC subscription; ScheduleReports ran 0.4 s before midnight (the host's timer fires a little early).
        var subscription = Encoding.UTF8.GetBytes("""{ "cadence": "daily", "hour": 0, "timeZone": "UTC", "recipients": ["cio@pecan.example"] }""");
        var message = new JsonObject { ["org"] = Org, ["period"] = "2026-11-23", ["scheduledFor"] = "2026-11-23T00:00:00.0000000Z" }.ToJsonString();
        var envelope = HostEnvelopes.ReportRequest(message, new Dictionary<string, JsonNode>
        {
            ["subscription"] = HostEnvelopes.Binary(subscription),
            ["roster"] = HostEnvelopes.Binary(Sample("roster.csv")),
            ["profile"] = HostEnvelopes.Binary(Sample("profile.json")),
            ["history"] = History(),
        });
        var services = new ServiceCollection()
            .AddSingleton(new HandlerSettings { Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 23, 59, 59, 600, TimeSpan.Zero)) })
            .AddSingleton(Engine.Catalogs.DefaultCatalog.Load())
            .BuildServiceProvider();
        var answer = ComposeReportFunction.Invoke(System.Text.Json.JsonSerializer.Deserialize<Contract.InvocationRequest>(envelope.ToJsonString())!, services);
        var row = JsonNode.Parse(answer.Outputs["row"].GetRawText())!;
        Assert.Equal("2026-11-23", row["RowKey"]!.GetValue<string>());
        Assert.Equal("2026-11-23", row["AsOf"]!.GetValue<string>());
    }

    // ---------------------------------------------------------------- a failure in the app

    [Fact]
    public async Task A_report_the_app_fails_to_compose_is_recorded_as_failed_answered_200_and_mails_nobody()
    {
        await using var broken = await BrokenHandler.StartAsync(BrokenCatalog.ComposeReport, BrokenCatalog.ComposeReportFunction);

        // Answered 200: the host does not retry into report-requests-poison a failure the same inputs would meet again.
        var roster = Sample("roster.csv");
        var (status, text) = await broken.InvokeAsync(Request(roster, Json(Assessed(roster, new DateOnly(2026, 11, 15)))));
        Assert.True(status == 200, $"answered {status}: {text}");
        var answer = BrokenHandler.Read(text);
        // The record, and no report, summary, latest.json or mail.
        Assert.Equal(["audit", "rejected", "row"], answer.OutputNames.Order());
        // Each is a binding ComposeReport's function.json declares, so the host writes it where the docs say.
        var bindings = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ComposeReport", "function.json")))!["bindings"]!.AsArray()
            .Where(b => b!["direction"]!.GetValue<string>() == "out").ToDictionary(b => b!["name"]!.GetValue<string>(), b => b!);
        Assert.All(answer.OutputNames, name => Assert.Contains(name, bindings.Keys));
        Assert.Equal("rejected/{org}/reports/{period}.json", bindings["rejected"]["path"]!.GetValue<string>());

        var record = JsonNode.Parse(answer.Blob("rejected"))!;
        Assert.Equal("processing-failed", record["code"]!.GetValue<string>());
        Assert.Equal(Org, record["organization"]!.GetValue<string>());
        Assert.Equal(Period, record["period"]!.GetValue<string>());
        Assert.Equal(AuditLog.Sha256(roster), record["rosterSha256"]!.GetValue<string>());
        Assert.Contains("No report was written or mailed for this period", record["message"]!.GetValue<string>());

        // The Reports row says the period failed and why, and marks it done: a repeated message changes nothing.
        var row = answer.Object("row");
        Assert.Equal(Org, row["PartitionKey"]!.GetValue<string>());
        Assert.Equal(Period, row["RowKey"]!.GetValue<string>());
        Assert.Equal("Failed", row["Status"]!.GetValue<string>());
        Assert.Equal("processing-failed", row["Code"]!.GetValue<string>());
        Assert.Equal(record["message"]!.GetValue<string>(), row["Reason"]!.GetValue<string>());
        Assert.Equal($"rejected/{Org}/reports/{Period}.json", row["Rejected"]!.GetValue<string>());
        var audit = answer.Object("audit");
        Assert.Equal("rejection", audit["Action"]!.GetValue<string>());
        Assert.Equal(ComposeReportFunction.Actor, audit["Who"]!.GetValue<string>());
        Assert.Equal($"rejected/{Org}/reports/{Period}.json", audit["Subject"]!.GetValue<string>());

        BrokenCatalog.AssertTheLogSaysWhereNotWhat(answer);

        // Failures that are not the report's still fail the invocation: an input that is not the base64 the host sends.
        var notBase64 = Request(roster);
        notBase64["Data"]!["previous"] = "not base64!";
        Assert.Equal(500, (await broken.InvokeAsync(notBase64)).Status);
    }

    // ---------------------------------------------------------------- nothing to do

    [Fact]
    public async Task A_period_whose_Reports_row_exists_answers_no_outputs()
    {
        var done = new JsonObject { ["PartitionKey"] = Org, ["RowKey"] = Period, ["Timestamp"] = HostEnvelopes.Now.ToString("O"), ["AssessmentId"] = "x" };
        var answer = await handler.InvokeAsync("ComposeReport", Request(Sample("roster.csv"), done: done));
        Assert.Empty(answer.OutputNames);
        Assert.Contains(answer.Response.Logs, l => l.Contains("reported before", StringComparison.Ordinal));
    }

    public static TheoryData<string, string> NothingToReport => new()
    {
        { "paused", "paused" },
        { "no subscription", "no subscription" },
        { "invalid subscription", "subscription is invalid" },
        { "no roster", "no roster" },
        { "no profile", "could not be assessed (no-profile)" },
    };

    [Theory]
    [MemberData(nameof(NothingToReport))]
    public async Task What_cannot_be_reported_answers_no_outputs_and_says_why(string situation, string logged)
    {
        var envelope = Request(Sample("roster.csv"), subscription: Subscription(paused: situation == "paused"));
        var data = envelope["Data"]!.AsObject();
        switch (situation)
        {
            case "no subscription": data["subscription"] = HostEnvelopes.Missing; break;
            case "invalid subscription": data["subscription"] = HostEnvelopes.Binary("""{ "cadence": "hourly" }"""u8.ToArray()); break;
            case "no roster": data["roster"] = HostEnvelopes.Missing; break;
            case "no profile": data["profile"] = HostEnvelopes.Missing; break;
        }
        var answer = await handler.InvokeAsync("ComposeReport", envelope);
        Assert.Empty(answer.OutputNames);
        Assert.Contains(answer.Response.Logs, l => l.Contains(logged, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""["pecan-creek-community", "2026-W47"]""")]
    [InlineData("""{ "org": "pecan-creek-community" }""")]
    [InlineData("""{ "org": "pecan-creek-community", "period": "2026-13" }""")]
    [InlineData("""{ "org": "pecan-creek-community", "period": "2026-W54" }""")]
    [InlineData("""{ "org": "../other", "period": "2026-W47" }""")]
    [InlineData("""{ "org": "pecan-creek-community", "period": 2026 }""")]
    public async Task A_message_that_is_not_a_report_request_answers_no_outputs(string message)
    {
        var envelope = HostEnvelopes.ReportRequest(message, new Dictionary<string, JsonNode>
        {
            ["subscription"] = HostEnvelopes.Binary(Subscription()),
            ["roster"] = HostEnvelopes.Binary(Sample("roster.csv")),
            ["profile"] = HostEnvelopes.Binary(Sample("profile.json")),
        });
        var answer = await handler.InvokeAsync("ComposeReport", envelope);
        Assert.Empty(answer.OutputNames);
        Assert.Contains(answer.Response.Logs, l => l.Contains("not a report request", StringComparison.Ordinal));
    }
}
