using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ComplianceRisk.Documents.Assessments;
using ComplianceRisk.Documents.Registers;
using ComplianceRisk.Documents.Reports;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Reports;
using ComplianceRisk.Engine.Risks;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;
using ComplianceRisk.Functions.Handler.Authorization;

namespace ComplianceRisk.Functions;

/// <summary>
/// Queue trigger <c>report-requests</c> (envelope), one message <c>{org, period}</c> per report ScheduleReports finds due:
/// reassesses the organization's latest roster as of today in the subscription's time zone (exactly as ProcessRoster
/// assesses, through <see cref="RosterAssessment"/>), compares it with the assessment the previous report was built on,
/// and answers the report workbook (the register with a Changes sheet and a Readiness Trend), the HTML summary, the
/// assessment, the mail to the subscription's recipients, and last the <c>Reports</c> row that means "done". A period
/// whose row exists answers nothing, so a repeated message changes nothing. What cannot be reported (no subscription, a
/// paused one, nothing submitted yet, a message that is not a report request) is logged and answered 200 with no
/// outputs: the host does not retry it, and a later message for the same period can still report. A report the app
/// itself fails to compose (an unexpected exception, which the same inputs meet on every retry) is recorded instead
/// (<see cref="Fail"/>), answered 200, and mailed to nobody.
/// </summary>
public static class ComposeReportFunction
{
    public const string Name = "ComposeReport";

    // Bindings, as function.json names them.
    public const string Request = "request";
    public const string Subscription = "subscription";
    public const string Roster = "roster";
    public const string Profile = "profile";
    public const string Treatments = "treatments";
    public const string Previous = "previous";
    public const string Done = "done";
    public const string History = "history";
    public const string Report = "report";
    public const string Summary = "summary";
    public const string Assessment = "assessment";
    public const string Latest = "latest";
    public const string Mail = "mail";
    public const string Row = "row";
    public const string Rejected = "rejected";

    public const string ReportsTable = "Reports";
    public const string WorkbookContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Who the audit rows name: the app itself, on schedule.</summary>
    public const string Actor = "system:" + Name;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapEnvelope(Name, (request, _) => Task.FromResult(Invoke(request, app.ServiceProvider)));

    public static InvocationResponse Invoke(InvocationRequest request, IServiceProvider services)
    {
        var outputs = new InvocationOutputs();
        if (ReadRequest(request) is not { } job)
            return outputs.Log("the message is not a report request {\"org\": <organization id>, \"period\": <period id>}; nothing to do").ToResponse();
        if (request.Json(Done) is JsonObject)
            return outputs.Log($"{job} was reported before (its Reports row exists); nothing to write").ToResponse();
        if (request.Bytes(Subscription) is not { } subscriptionJson)
            return outputs.Log($"{job}: organization {job.Org} has no subscription (never set, or erased); nothing to send").ToResponse();
        var subscription = SubscriptionReader.Read(subscriptionJson);
        if (!subscription.Success)
            return outputs.Log($"{job}: the stored subscription is invalid ({string.Join("; ", subscription.Errors.Take(3))}); nothing to send").ToResponse();
        if (subscription.Value.Paused)
            return outputs.Log($"{job}: the subscription is paused; nothing to send").ToResponse();
        if (request.Bytes(Roster) is not { } roster)
            return outputs.Log($"{job}: no roster has been assessed yet; nothing to report").ToResponse();

        var settings = services.GetRequiredService<HandlerSettings>();
        var catalog = services.GetRequiredService<Catalog>();
        // Every input is read before the work below, so an input the host did not send as it sends them fails the invocation as it should.
        var profile = request.Bytes(Profile);
        var treatments = request.Bytes(Treatments);
        var previousJson = request.Bytes(Previous);
        var history = request.Rows(History).ToList();
        var now = settings.Clock.GetUtcNow();
        // As of today where the report's readers are: a Monday 08:00 report in New York is Monday's, even when it is already Tuesday in UTC.
        // A report the timer sent a moment before its instant (ScheduleReportsFunction.EarlyFiring) is as of the day it was
        // scheduled for: a daily report due at midnight is not dated the day before its period.
        var asOf = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(ScheduleReportsFunction.RunFor(job.ScheduledFor, now), subscription.Value.Schedule.TimeZone).DateTime);
        try
        {
            var assessed = RosterAssessment.Assess(job.Org, roster, profile, treatments, asOf, catalog, settings);
            if (assessed.Problem is { } problem)
                return outputs.Log($"{job}: the latest roster could not be assessed ({problem.Code}); nothing to report").ToResponse();

            var previous = PreviousAssessment(previousJson, outputs, job);
            return Compose(job, now, roster, assessed, previous, Trend(history, assessed.Assessment!), RejectedSince(history, roster), subscription.Value, outputs, catalog, settings);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException) // memory may be short only for now: let the host retry
        {
            // The same inputs always give the same exception: retried, it would end in report-requests-poison with no record.
            // A fresh answer, so nothing Compose may have added before it failed goes out with the record.
            return Fail(job, now, roster, new InvocationOutputs()
                .LogFailure($"{job} could not be composed ({ProcessingFailedCode})", failure), settings);
        }
    }

    public const string ProcessingFailedCode = ProcessRosterFunction.ProcessingFailedCode;
    public const string Reported = "Reported";
    public const string Failed = "Failed";

    /// <summary>
    /// The record of a period the app failed to compose: a <c>rejected/</c> record, its audit row, and a Failed
    /// <c>Reports</c> row that says why and marks the period done, as ProcessRoster records a roster it failed on. No mail:
    /// the recipients get no report for the period, and the row says so to whoever looks.
    /// </summary>
    private static InvocationResponse Fail(ReportRequest job, DateTimeOffset now, byte[] roster, InvocationOutputs outputs, HandlerSettings settings)
    {
        var rosterSha = AuditLog.Sha256(roster);
        var message = $"ComplianceRisk failed while composing the {job.Period.Id} report: an error in the app, not a problem found in the organization's roster, profile or treatments. " +
            "No report was written or mailed for this period; report this to your ComplianceRisk administrator. The next period's report is attempted as usual.";
        var record = new JsonObject
        {
            ["organization"] = job.Org,
            ["period"] = job.Period.Id,
            ["roster"] = $"latest/{job.Org}/roster",
            ["rosterSha256"] = rosterSha,
            ["code"] = ProcessingFailedCode,
            ["message"] = message,
            ["hint"] = $"Give your administrator the organization and period, {job.Org} {job.Period.Id}: the ComposeReport log has the error for it.",
        };
        var bytes = Encoding.UTF8.GetBytes(record.ToJsonString(EnvelopeHttp.Indented) + "\n");
        var row = new JsonObject
        {
            ["PartitionKey"] = job.Org,
            ["RowKey"] = job.Period.Id,
            ["Status"] = Failed,
            ["ComposedAt"] = AuditLog.Timestamp(now),
            ["Code"] = ProcessingFailedCode,
            ["Reason"] = message,
            ["Rejected"] = job.RejectedPath,
            ["RosterSha256"] = rosterSha,
        };
        var audit = AuditLog.Row(job.Org, AuditLog.Rejection, now, Actor, job.RejectedPath, AuditLog.Sha256(bytes), settings.NewGuid());
        audit["Period"] = job.Period.Id;
        return outputs
            .Blob(Rejected, bytes)
            .Json(AuditLog.Binding, audit)
            .Json(Row, row)
            .Log($"{job} failed: {ProcessingFailedCode}; nothing mailed")
            .ToResponse();
    }

    /// <summary>One report: an organization and a period.</summary>
    private sealed record ReportRequest(string Org, ReportPeriod Period, DateTimeOffset? ScheduledFor)
    {
        public string WorkbookPath => $"reports/{Org}/{Period}.xlsx";
        public string AttachmentName => $"compliancerisk-{Org}-{Period}.xlsx";
        public string RejectedPath => $"rejected/{Org}/reports/{Period}.json";
        public override string ToString() => $"report {Org}/{Period}";
    }

    private static ReportRequest? ReadRequest(InvocationRequest request)
    {
        if (request.Json(Request) is not JsonObject message) return null;
        string? Text(string name) => message[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        var org = Text("org");
        DateTimeOffset? scheduledFor = DateTimeOffset.TryParse(Text("scheduledFor"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
        return OrgAccessPolicy.IsOrgId(org) && ReportPeriod.TryParse(Text("period"), out var period) ? new ReportRequest(org!, period, scheduledFor) : null;
    }

    /// <summary>
    /// The assessment the previous report was built on. An unreadable one is logged and the report compares with nothing,
    /// saying why: it is not a first report.
    /// </summary>
    private static PreviousReport PreviousAssessment(byte[]? previousJson, InvocationOutputs outputs, ReportRequest job)
    {
        var previous = PreviousReport.Read(previousJson);
        if (previous.Unreadable is not null)
            outputs.Log($"{job}: reports/{job.Org}/latest.json could not be read ({string.Join("; ", previous.Errors.Take(3))}); reporting without changes");
        return previous;
    }

    /// <summary>Readiness over the organization's assessed submissions (the <c>Assessments</c> partition), oldest first, then this report's own point.</summary>
    private static List<ReadinessPoint> Trend(IEnumerable<JsonObject> rows, Assessment current)
    {
        var points = new List<(string Key, ReadinessPoint Point)>();
        foreach (var row in rows)
        {
            if (row.PropertyText("Status") != ProcessRosterFunction.Assessed) continue;
            if (!DateOnly.TryParseExact(row.PropertyText("AsOf"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf)) continue;
            DateTimeOffset? submitted = DateTimeOffset.TryParse(row.PropertyText("SubmittedAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : null;
            // The row key starts with the submission time (SubmitRoster names rosters so), which orders the rows when a time is missing.
            points.Add((row.PropertyText("RowKey") ?? "", new ReadinessPoint(asOf, row.PropertyNumber("ReadinessIndex"), submitted, row.PropertyText("AssessmentId"))));
        }
        return [.. points.OrderBy(p => p.Point.SubmittedAt ?? DateTimeOffset.MaxValue).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Point),
            new ReadinessPoint(current.AsOf, current.Summary.ReadinessIndex, null, current.AssessmentId)];
    }

    /// <summary>
    /// The submissions rejected after the one whose roster <c>latest/</c> holds (found in the <c>Assessments</c> rows by
    /// the roster's hash, the newest such row), which the report must not pass over in silence: it is of an older roster
    /// than the organization last sent. Null when none was rejected since, or when no row has that roster's hash.
    /// </summary>
    private static RejectedSince? RejectedSince(IReadOnlyList<JsonObject> history, byte[] roster)
    {
        var sha = AuditLog.Sha256(roster);
        var assessed = history
            .Where(row => row.PropertyText("Status") == ProcessRosterFunction.Assessed && row.PropertyText("RosterSha256") == sha)
            .Select(row => row.PropertyText("RowKey"))
            .OfType<string>()
            .Max(StringComparer.Ordinal);
        if (assessed is null || ProcessRosterFunction.Submitted(assessed) is not { } rosterSubmitted) return null;
        // Only names SubmitRoster made sort by time: a blob put under rosters/ by hand is no later submission.
        var rejected = history
            .Where(row => row.PropertyText("Status") == ProcessRosterFunction.RejectedStatus)
            .Select(row => (Row: row, Key: row.PropertyText("RowKey") ?? ""))
            .Where(x => string.CompareOrdinal(x.Key, assessed) > 0 && ProcessRosterFunction.IsSubmissionName(x.Key))
            .OrderBy(x => x.Key, StringComparer.Ordinal)
            .ToList();
        if (rejected.Count == 0) return null;
        var latest = rejected[^1];
        return new RejectedSince(rosterSubmitted, rejected.Count, ProcessRosterFunction.Submitted(latest.Key)!.Value,
            latest.Row.PropertyText("Code") ?? "rejected", latest.Row.PropertyText("Reason") ?? "no reason was recorded", latest.Row.PropertyText("Hint"));
    }

    private static InvocationResponse Compose(ReportRequest job, DateTimeOffset now, byte[] roster, RosterAssessment assessed, PreviousReport previous,
        IReadOnlyList<ReadinessPoint> trend, RejectedSince? rejectedSince, ReportSubscription subscription, InvocationOutputs outputs, Catalog catalog, HandlerSettings settings)
    {
        var assessment = assessed.Assessment!;
        using var buffer = new MemoryStream();
        RegisterWorkbook.Write(buffer, assessment, catalog, assessed.RegisterOptions with { Previous = previous.Assessment, Trend = trend });
        var workbook = buffer.ToArray();
        buffer.SetLength(0);
        AssessmentJson.Write(buffer, assessment);
        var json = buffer.ToArray();

        var summary = ReportSummary.Of(assessment, previous.Assessment, job.Period.Id, previous.Unreadable) with { RejectedSince = rejectedSince };
        if (rejectedSince is not null)
            outputs.Log($"{job}: {rejectedSince.Count} later submission(s) rejected, the latest {rejectedSince.LatestCode}; the report is of the roster submitted {AuditLog.Timestamp(rejectedSince.RosterSubmittedAt)} and says so");
        var html = ReportSummaryWriter.HtmlText(summary);
        var workbookSha = AuditLog.Sha256(workbook);
        var counts = assessment.Summary.RatingCounts;
        var row = new JsonObject
        {
            ["PartitionKey"] = job.Org,
            ["RowKey"] = job.Period.Id,
            ["Status"] = Reported,
            ["ComposedAt"] = AuditLog.Timestamp(now),
            ["AsOf"] = assessment.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["AssessmentId"] = assessment.AssessmentId,
        };
        if (summary.Readiness is { } readiness) row["ReadinessIndex"] = readiness;
        if (summary.PreviousReadiness is { } before) row["PreviousReadinessIndex"] = before;
        row["Critical"] = counts.Critical;
        row["High"] = counts.High;
        row["Moderate"] = counts.Moderate;
        row["Low"] = counts.Low;
        row["NewRisks"] = summary.NewRisks.Length;
        row["EscalatedRisks"] = summary.EscalatedRisks.Length;
        row["Recipients"] = subscription.Recipients.Length;
        row["ReportSha256"] = workbookSha;
        row["RosterSha256"] = AuditLog.Sha256(roster);

        var audit = AuditLog.Row(job.Org, AuditLog.Report, now, Actor, job.WorkbookPath, workbookSha, settings.NewGuid());
        audit["Period"] = job.Period.Id;
        audit["Recipients"] = subscription.Recipients.Length;
        var mail = MailMessage(job, summary, html, workbook, subscription, settings);
        return outputs
            .Blob(Report, workbook)
            .Blob(Summary, Encoding.UTF8.GetBytes(html))
            .Blob(Assessment, json)
            .Blob(Latest, json)
            .Json(Mail, mail)
            .Json(AuditLog.Binding, audit)
            .Json(Row, row)
            .Log($"{job} composed as of {row["AsOf"]}: assessment {assessment.AssessmentId}, {summary.NewRisks.Length} new and {summary.EscalatedRisks.Length} escalated risks, mailed to {subscription.Recipients.Length} recipients")
            .ToResponse();
    }

    /// <summary>
    /// The SendGrid v3 mail/send JSON the SendGrid output binding takes: one message, every recipient in one
    /// personalization's <c>to</c>, the summary as the HTML body beside its plain text, the workbook attached.
    /// </summary>
    private static JsonObject MailMessage(ReportRequest job, ReportSummary summary, string html, byte[] workbook, ReportSubscription subscription, HandlerSettings settings) => new()
    {
        ["personalizations"] = new JsonArray(new JsonObject
        {
            ["to"] = new JsonArray([.. subscription.Recipients.Select(r => (JsonNode)new JsonObject { ["email"] = r })]),
        }),
        ["from"] = new JsonObject { ["email"] = settings.ReportSender, ["name"] = "ComplianceRisk" },
        ["subject"] = summary.Headline,
        ["content"] = new JsonArray(
            new JsonObject { ["type"] = "text/plain", ["value"] = ReportSummaryWriter.PlainText(summary) },
            new JsonObject { ["type"] = "text/html", ["value"] = html }),
        ["attachments"] = new JsonArray(new JsonObject
        {
            ["content"] = Convert.ToBase64String(workbook),
            ["type"] = WorkbookContentType,
            ["filename"] = job.AttachmentName,
            ["disposition"] = "attachment",
        }),
    };
}
