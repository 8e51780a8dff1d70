using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using ComplianceRisk.Documents.Assessments;
using ComplianceRisk.Documents.Registers;
using ComplianceRisk.Documents.Rosters;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Risks;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;

namespace ComplianceRisk.Functions;

/// <summary>
/// Blob trigger <c>rosters/{org}/{name}</c> (envelope): assesses a submitted roster as of its submission time (read
/// from the name SubmitRoster's path gives it) with the organization's profile and treatments, and answers every
/// document at once: the assessment, the register, the latest copies, and the <c>Assessments</c> row that means
/// "done". A row already there means done before: the answer has no outputs. The latest copies are what ComposeReport
/// reassesses, so they follow the submission order, not the order the host delivers blobs in: when the organization's
/// <c>Assessments</c> rows (<c>history</c>) already hold a later submission, assessed, this one leaves them alone. A
/// roster that cannot be assessed gets a record in <c>rejected/</c> and a Rejected row, answered 200 so the host does not
/// retry it; the roster stays where it is. So does one whose assessment or documents fail with an unexpected exception
/// (<see cref="ProcessingFailed"/>): that is a defect met by this roster, and retrying would only meet it again.
/// Nothing here writes under <c>rosters/</c>, so no answer can trigger this function again. While the organization's
/// data is being erased (<see cref="ErasureState"/>) it writes nothing: the roster was submitted before the erasure was
/// asked for (SubmitRoster refuses rosters after that), so it is the erasure's to delete, not to assess.
/// </summary>
public static partial class ProcessRosterFunction
{
    public const string Name = "ProcessRoster";

    // Bindings, as function.json names them.
    public const string Roster = "roster";
    public const string Profile = "profile";
    public const string Treatments = "treatments";
    public const string History = "history";
    public const string Assessment = "assessment";
    public const string Register = "register";
    public const string LatestRoster = "latestRoster";
    public const string LatestAssessment = "latestAssessment";
    public const string Rejected = "rejected";
    public const string Row = "row";

    public const string AssessmentsTable = "Assessments";
    /// <summary>The roster's name, in a row whose RowKey had to escape it (<see cref="TableKeys.Escape"/>).</summary>
    public const string NameProperty = "Name";
    public const string Assessed = "Assessed";
    public const string RejectedStatus = "Rejected";

    /// <summary>Who the audit rows name for work the app does on its own, not at a person's request.</summary>
    public const string Actor = "system:" + Name;

    /// <summary>The <c>{DateTime}</c> SubmitRoster's path starts the name with (the host's default format for it).</summary>
    public const string SubmittedFormat = "yyyy-MM-dd'T'HH-mm-ss'Z'";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapEnvelope(Name, (request, _) => Task.FromResult(Invoke(request, app.ServiceProvider)));

    public static InvocationResponse Invoke(InvocationRequest request, IServiceProvider services)
    {
        // The trigger's binding data always has both; without them the envelope is not the host's, and failing is right.
        var org = request.MetadataText("org") ?? throw new InvalidOperationException("the blob trigger's binding data has no 'org'");
        var name = request.MetadataText("name") ?? throw new InvalidOperationException("the blob trigger's binding data has no 'name'");
        var outputs = new InvocationOutputs();
        // Done before when the organization's rows hold this roster's. Read from the partition, not from a row bound by
        // {name}: the host's table binding refuses a name that is no valid key before the function runs, every time.
        var key = TableKeys.Escape(name);
        if (request.Rows(History).Any(row => row.PropertyText("RowKey") == key))
            return outputs.Log($"rosters/{org}/{name} was processed before (its Assessments row exists); nothing to write").ToResponse();

        if (ErasureState.Read(request.Bytes(ErasureState.Binding)) is { IsPending: true } erasure)
            return outputs.Log($"rosters/{org}/{name} not processed: the erasure of {org} requested at {erasure.RequestedAt} is in progress").ToResponse();

        var settings = services.GetRequiredService<HandlerSettings>();
        var catalog = services.GetRequiredService<Catalog>();
        // Every input is read before the work below, so a binding the host did not send fails the invocation as it should.
        var roster = request.Bytes(Roster) ?? [];
        var profile = request.Bytes(Profile);
        var treatments = request.Bytes(Treatments);
        var laterAssessed = LaterAssessed(request, name);
        var job = new Submission(org, name, AuditLog.Sha256(roster), Submitted(name));
        Outcome outcome;
        try
        {
            outcome = Assess(job, roster, profile, treatments, catalog, settings);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException) // memory may be short only for now: let the host retry
        {
            // The same inputs always give the same exception: retried, it would end in the poison queue with no record.
            outputs.LogFailure($"{job.RosterPath} could not be processed ({ProcessingFailedCode})", failure);
            return Reject(job, ProcessingFailed(job), outputs, settings);
        }
        if (outcome.Problem is { } problem) return Reject(job, problem, outputs, settings);
        // As `assess --treatments` notes them: a treatment whose risk is closed, or whose id has a typo.
        foreach (var id in outcome.Treatments!.Unmatched(outcome.Assessment!.Risks))
            outputs.Log($"the treatment for {id} matches no risk in this assessment (closed, or a typo in the id)");
        return Accept(job, roster, outcome.Assessment!, outcome.Json!, outcome.Workbook!, laterAssessed, outputs, settings);
    }

    public const string ProcessingFailedCode = "processing-failed";

    /// <summary>
    /// What the officer is told when the app itself failed on this roster: nothing is wrong that they could fix in the
    /// file. The message carries what to do, since the history shows it alone.
    /// </summary>
    private static RosterRejection ProcessingFailed(Submission job) => new(ProcessingFailedCode,
        "ComplianceRisk failed while assessing this roster or writing its register: an error in the app, not a problem found in the file. " +
        "The roster is kept as it was sent; report this submission to your ComplianceRisk administrator, and submit the roster again once the error is fixed.",
        $"Give your administrator the submission's name, {job.Name}: the ProcessRoster log has the error for it.");

    /// <summary>
    /// The latest submission after <paramref name="name"/> that is already assessed, if any. Names start with the
    /// submission time (<see cref="SubmittedFormat"/>), so their ordinal order is the submission order.
    /// </summary>
    private static string? LaterAssessed(InvocationRequest request, string name) => request.Rows(History)
        .Where(row => row.PropertyText("Status") == Assessed)
        .Select(row => row.PropertyText("RowKey"))
        .OfType<string>()
        .Where(key => string.CompareOrdinal(key, name) > 0)
        .Max(StringComparer.Ordinal);

    private sealed record Submission(string Org, string Name, string RosterSha256, DateTimeOffset? SubmittedAt)
    {
        public string RosterPath => $"rosters/{Org}/{Name}";
        public string AssessmentPath => $"assessments/{Org}/{Name}.json";
        public string RegisterPath => $"registers/{Org}/{Name}.xlsx";
        public string RejectedPath => $"rejected/{Org}/{Name}.json";
    }

    private sealed record Outcome(Assessment? Assessment, byte[]? Json, byte[]? Workbook, RosterRejection? Problem, TreatmentBook? Treatments = null);

    private static Outcome Assess(Submission job, byte[] roster, byte[]? profile, byte[]? treatments, Catalog catalog, HandlerSettings settings)
    {
        const string submitThroughTheApi = "Submit rosters through POST api/orgs/{org}/rosters, which names them.";
        if (job.SubmittedAt is not { } submitted)
            return new(null, null, null, new RosterRejection("not-a-submission", $"'{job.Name}' does not start with the submission time ({SubmittedFormat}), so there is no date to assess it as of.",
                submitThroughTheApi));
        if (!IsSubmissionName(job.Name))
            return new(null, null, null, new RosterRejection("not-a-submission", $"'{job.Name}' holds characters other than letters, digits and -, so its assessment and register could not be served (api/orgs/{job.Org}/assessments/{{name}} takes no others).",
                submitThroughTheApi));
        // As of the submission: the same roster, profile and treatments always give the same documents.
        var assessed = RosterAssessment.Assess(job.Org, roster, profile, treatments, DateOnly.FromDateTime(submitted.UtcDateTime), catalog, settings);
        if (assessed.Problem is { } problem) return new(null, null, null, problem);
        using var json = new MemoryStream();
        AssessmentJson.Write(json, assessed.Assessment!);
        using var workbook = new MemoryStream();
        RegisterWorkbook.Write(workbook, assessed.Assessment!, catalog, assessed.RegisterOptions);
        return new(assessed.Assessment, json.ToArray(), workbook.ToArray(), null, assessed.Treatments);
    }

    private static InvocationResponse Accept(Submission job, byte[] roster, Assessment assessment, byte[] json, byte[] workbook, string? laterAssessed,
        InvocationOutputs outputs, HandlerSettings settings)
    {
        var jsonSha = AuditLog.Sha256(json);
        var counts = assessment.Summary.RatingCounts;
        var row = RowOf(job, Assessed);
        row["AsOf"] = assessment.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        row["AssessmentId"] = assessment.AssessmentId;
        row["AssessmentSha256"] = jsonSha;
        if (assessment.Summary.ReadinessIndex is { } readiness) row["ReadinessIndex"] = readiness;
        row["Critical"] = counts.Critical;
        row["High"] = counts.High;
        row["Moderate"] = counts.Moderate;
        row["Low"] = counts.Low;
        row["Rows"] = assessment.Roster.Rows;
        row["People"] = assessment.Roster.People;
        row["Warnings"] = assessment.Warnings.Length;
        row["Assessment"] = job.AssessmentPath;
        row["Register"] = job.RegisterPath;

        var audit = AuditLog.Row(job.Org, AuditLog.Assessment, settings.Clock.GetUtcNow(), Actor, job.AssessmentPath, jsonSha, settings.NewGuid());
        audit["RosterSha256"] = job.RosterSha256;
        outputs.Blob(Assessment, json).Blob(Register, workbook);
        if (laterAssessed is null) outputs.Blob(LatestRoster, roster).Blob(LatestAssessment, json);
        else outputs.Log($"{job.RosterPath} was submitted before rosters/{job.Org}/{laterAssessed}, which is already assessed: latest/{job.Org}/ stays as that one left it");
        return outputs
            .Json(Row, row)
            .Json(AuditLog.Binding, audit)
            .Log($"{job.RosterPath} assessed as of {row["AsOf"]}: assessment {assessment.AssessmentId}, {assessment.Risks.Length} risks")
            .ToResponse();
    }

    private static InvocationResponse Reject(Submission job, RosterRejection problem, InvocationOutputs outputs, HandlerSettings settings)
    {
        // A readable record of what was wrong with which file; deterministic like every other output of this function.
        var record = new JsonObject
        {
            ["organization"] = job.Org,
            ["roster"] = job.RosterPath,
            ["rosterSha256"] = job.RosterSha256,
            ["submittedAt"] = job.SubmittedAt is { } at ? AuditLog.Timestamp(at) : null,
            ["code"] = problem.Code,
            ["message"] = problem.Message,
            ["hint"] = problem.Hint,
            ["row"] = problem.Row,
            ["column"] = problem.Column,
        };
        var bytes = System.Text.Encoding.UTF8.GetBytes(record.ToJsonString(EnvelopeHttp.Indented) + "\n");
        var sha = AuditLog.Sha256(bytes);
        var row = RowOf(job, RejectedStatus);
        row["Code"] = problem.Code;
        row["Reason"] = problem.Message;
        // What to do and where the reader stopped: the history shows them beside the reason, and no route serves rejected/.
        row["Hint"] = problem.Hint;
        if (problem.Row is { } stoppedAt) row["Row"] = stoppedAt;
        if (problem.Column is { } column) row["Column"] = column;
        row["Rejected"] = job.RejectedPath;
        var audit = AuditLog.Row(job.Org, AuditLog.Rejection, settings.Clock.GetUtcNow(), Actor, job.RejectedPath, sha, settings.NewGuid());
        audit["RosterSha256"] = job.RosterSha256;
        return outputs
            .Blob(Rejected, bytes)
            .Json(Row, row)
            .Json(AuditLog.Binding, audit)
            .Log($"{job.RosterPath} rejected: {problem.Code}")
            .ToResponse();
    }

    private static JsonObject RowOf(Submission job, string status)
    {
        var row = new JsonObject
        {
            ["PartitionKey"] = job.Org,
            ["RowKey"] = TableKeys.Escape(job.Name),
            ["Status"] = status,
            ["RosterSha256"] = job.RosterSha256,
        };
        // A name put under rosters/ by hand may hold what a key cannot: the key escapes it, and the row keeps it as it is.
        if (row["RowKey"]!.GetValue<string>() != job.Name) row[NameProperty] = job.Name;
        if (job.SubmittedAt is { } at) row["SubmittedAt"] = AuditLog.Timestamp(at);
        return row;
    }

    /// <summary>The submission time at the start of a name SubmitRoster's path made (<c>{DateTime}-{rand-guid}</c>); null for any other name.</summary>
    public static DateTimeOffset? Submitted(string name) =>
        name.Length > SubmittedLength
        && DateTime.TryParseExact(name[..SubmittedLength], SubmittedFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? new DateTimeOffset(at, TimeSpan.Zero)
            : null;

    private const int SubmittedLength = 20; // yyyy-MM-ddTHH-mm-ssZ

    /// <summary>
    /// Whether a name is one SubmitRoster's path makes: the submission time, then letters, digits and <c>-</c> only, as
    /// the <c>{name}</c> of GetAssessment's and GetRegister's routes takes (so every assessed submission can be served).
    /// A blob put under <c>rosters/</c> by hand may be named otherwise.
    /// </summary>
    public static bool IsSubmissionName(string name) => Submitted(name) is not null && SubmissionName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9-]+$")]
    private static partial Regex SubmissionName();
}
