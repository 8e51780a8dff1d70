using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ComplianceRisk.Cli;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;

namespace ComplianceRisk.Functions.Tests.Envelope;

/// <summary>
/// The organization workspace functions driven as the host drives them (envelopes from <see cref="HostEnvelopes"/>,
/// over loopback HTTP to the handler), checked by the outputs the host would apply: decoded blobs, table rows, queue
/// messages and the HTTP answer inside <c>res</c>.
/// </summary>
public sealed class OrgFunctionsContractTests(HandlerFixture handler) : IClassFixture<HandlerFixture>
{
    private const string Org = "pecan-creek-community";
    private const string Name = "2026-11-22T09-00-00Z-5f0c7e52-8a53-4f0e-9d7b-0c1d2e3f4a5b";
    private static readonly string SampleFolder = Repo.File("samples", "community-hospital-tx");
    private static readonly string RealisticFolder = Repo.File("tests", "fixtures", "realistic-roster");
    private static byte[] Sample(string file) => File.ReadAllBytes(Path.Combine(SampleFolder, file));

    private const string TreatmentsJson = """
        {
          "ROLE:ehr-analyst": { "owner": "IT-DIR-0042", "status": "In progress", "note": "Cross-training booked for January" },
          "OBL:no-such-obligation": { "owner": "IT-DIR-0042" }
        }
        """;

    private static readonly Dictionary<string, string> OrgParams = new() { ["org"] = Org };

    private const string OfficerName = "officer-17@pecan.example";
    private static readonly Dictionary<string, string> SignedIn = new() { ["x-ms-client-principal"] = HostEnvelopes.Officer };

    private static JsonObject ProfilePut(byte[] body, string contentType = "application/json", Dictionary<string, string>? headers = null) =>
        HostEnvelopes.Http("Profile", "PUT", $"/api/orgs/{Org}/profile", OrgParams, body, contentType, headers,
            new Dictionary<string, JsonNode> { ["current"] = HostEnvelopes.Missing });

    private static void AssertAudit(JsonObject row, string action, string who, string subject, byte[] stored)
    {
        Assert.Equal(Org, row["PartitionKey"]!.GetValue<string>());
        Assert.Equal(action, row["Action"]!.GetValue<string>());
        Assert.Equal(who, row["Who"]!.GetValue<string>());
        Assert.Equal(subject, row["Subject"]!.GetValue<string>());
        Assert.Equal(AuditLog.Sha256(stored), row["ContentSha256"]!.GetValue<string>());
        Assert.Equal("2026-11-22T09:00:00.0000000Z", row["At"]!.GetValue<string>());
        // Time-ordered: the key starts with the time in fixed-width ticks.
        Assert.StartsWith(Serve.Clock.GetUtcNow().UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + "-", row["RowKey"]!.GetValue<string>());
    }

    // ---------------------------------------------------------------- Profile and Treatments

    [Fact]
    public async Task Profile_put_stores_the_document_as_sent_with_an_audit_row_naming_the_principal()
    {
        var profile = Sample("profile.json");
        var answer = await handler.InvokeAsync("Profile", ProfilePut(profile, "application/json; charset=utf-8", SignedIn));
        Assert.Equal(200, answer.Status);
        Assert.Equal(profile, answer.Blob("profile"));
        AssertAudit(answer.Object("audit"), "profile-change", OfficerName, $"profiles/{Org}.json", profile);
        Assert.Equal(["audit", "profile", "res"], answer.OutputNames.Order());
    }

    [Fact]
    public async Task The_audit_row_names_an_entra_user_without_a_mailbox_by_sign_in_id_not_anonymous()
    {
        // Entra ID's principal names the email address claim, which users without a mailbox do not have.
        var entra = Convert.ToBase64String(Encoding.UTF8.GetBytes("""
            {"auth_typ":"aad","name_typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress","role_typ":"http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
             "claims":[{"typ":"http://schemas.microsoft.com/identity/claims/objectidentifier","val":"5b5450db-eb26-4c1a-981c-ba1d25f0483d"},
                       {"typ":"preferred_username","val":"olivia@pecan.example"},{"typ":"name","val":"Olivia Example"},{"typ":"groups","val":"officers"}]}
            """));
        var profile = Sample("profile.json");

        var answer = await handler.InvokeAsync("Profile", ProfilePut(profile, headers: new() { ["x-ms-client-principal"] = entra }));

        Assert.Equal(200, answer.Status);
        AssertAudit(answer.Object("audit"), "profile-change", "olivia@pecan.example", $"profiles/{Org}.json", profile);
    }

    [Fact]
    public async Task Profile_get_answers_the_stored_blob_or_404_saying_to_put_one()
    {
        var profile = Sample("profile.json");
        var found = await handler.InvokeAsync("Profile", HostEnvelopes.Http("Profile", "GET", $"/api/orgs/{Org}/profile", OrgParams,
            inputs: new Dictionary<string, JsonNode> { ["current"] = HostEnvelopes.Binary(profile) }));
        Assert.Equal(200, found.Status);
        Assert.Equal(Encoding.UTF8.GetString(profile), found.Http.Body);
        Assert.Equal(["res"], found.OutputNames);

        var missing = await handler.InvokeAsync("Profile", HostEnvelopes.Http("Profile", "GET", $"/api/orgs/{Org}/profile", OrgParams,
            inputs: new Dictionary<string, JsonNode> { ["current"] = HostEnvelopes.Missing }));
        Assert.Equal(404, missing.Status);
        Assert.StartsWith("application/problem+json", missing.Http.Headers["Content-Type"]);
        Assert.Contains($"PUT one to api/orgs/{Org}/profile", missing.Body["detail"]!.GetValue<string>());
        Assert.Equal(["res"], missing.OutputNames);
    }

    public static TheoryData<string, string, int, string> BadProfiles => new()
    {
        // Not JSON at all.
        { "{ \"id\": ", "application/json", 400, "Invalid profile" },
        // Valid JSON, but the id is another organization's.
        { """{"id":"someone-else","orgTypes":["hospital"],"jurisdictions":["US"]}""", "application/json", 400, "Invalid profile" },
        // An organization type the catalog does not know.
        { """{"id":"pecan-creek-community","orgTypes":["spaceport"],"jurisdictions":["US"]}""", "application/json", 400, "Invalid profile" },
        // A profile sent as text.
        { """{"id":"pecan-creek-community","orgTypes":["hospital"],"jurisdictions":["US"]}""", "text/plain", 415, "Unsupported media type" },
    };

    [Theory]
    [MemberData(nameof(BadProfiles))]
    public async Task Profile_put_refuses_what_assess_would_refuse_and_writes_nothing(string body, string contentType, int status, string title)
    {
        var answer = await handler.InvokeAsync("Profile", ProfilePut(Encoding.UTF8.GetBytes(body), contentType));
        Assert.Equal(status, answer.Status);
        Assert.Equal(title, answer.Body["title"]!.GetValue<string>());
        Assert.Equal(["res"], answer.OutputNames);
    }

    [Fact]
    public async Task Profile_put_lists_an_unknown_property_with_every_other_error_and_writes_nothing()
    {
        var answer = await handler.InvokeAsync("Profile", ProfilePut(Encoding.UTF8.GetBytes(
            """{"id":"pecan-creek-community","orgTypes":["spaceport"],"jurisdictions":["Mars"],"extra":1}""")));
        Assert.Equal(400, answer.Status);
        var errors = answer.Body["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.Equal(["extra", "orgTypes[0]", "jurisdictions[0]"], errors.Select(e => e[..e.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Equal(["res"], answer.OutputNames);
    }

    [Theory]
    // The profile's id and its fit to the catalog are checked on the profile as read, beside an unknown property: they
    // came one PUT later, after the unknown property was mended.
    [InlineData("""{"id":"someone-else","orgTypes":["hospital"],"jurisdictions":["US"],"extra":1}""", "extra", "id")]
    [InlineData("""{"id":"pecan-creek-community","orgTypes":["hospital"],"jurisdictions":["US"],"roleAliases":{"Wizard":"no-such-role"},"extra":1}""", "extra", "roleAliases.Wizard")]
    public async Task Profile_put_lists_an_unknown_property_with_the_id_and_catalog_checks(string body, params string[] paths)
    {
        var answer = await handler.InvokeAsync("Profile", ProfilePut(Encoding.UTF8.GetBytes(body)));
        Assert.Equal(400, answer.Status);
        var errors = answer.Body["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.Equal(paths, errors.Select(e => e[..e.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Equal(["res"], answer.OutputNames);
    }

    public static TheoryData<string, string, string> DocumentsWithAPropertyTwice => new()
    {
        // Read as its last value, the id checked would be the route's while the blob kept would also say another organization's.
        { "Profile", """{"id":"someone-else","id":"pecan-creek-community","orgTypes":["hospital"],"jurisdictions":["US"]}""", "id" },
        { "Profile", """{"id":"pecan-creek-community","orgTypes":["hospital"],"jurisdictions":["US"],"attributes":{"coveredEntity":true,"coveredEntity":false}}""", "attributes.coveredEntity" },
        { "Treatments", """{"ROLE:ehr-analyst":{"status":"Accepted"},"ROLE:ehr-analyst":{"status":"Open"}}""", "ROLE:ehr-analyst" },
        { "Treatments", """{"ROLE:ehr-analyst":{"owner":"IT-DIR-0042","owner":"IT-DIR-0043"}}""", "ROLE:ehr-analyst.owner" },
    };

    [Theory]
    [MemberData(nameof(DocumentsWithAPropertyTwice))]
    public async Task Profile_and_treatments_put_refuse_a_property_written_twice_and_write_nothing(string function, string body, string path)
    {
        var what = function.ToLowerInvariant();
        var answer = await handler.InvokeAsync(function, HostEnvelopes.Http(function, "PUT", $"/api/orgs/{Org}/{what}", OrgParams, Encoding.UTF8.GetBytes(body), "application/json",
            inputs: new Dictionary<string, JsonNode> { ["current"] = HostEnvelopes.Missing }));
        Assert.Equal(400, answer.Status);
        Assert.Equal($"Invalid {what}", answer.Body["title"]!.GetValue<string>());
        Assert.Equal($"{path}: written more than once in the same object; write it once", answer.Body["detail"]!.GetValue<string>());
        Assert.Equal(["res"], answer.OutputNames);
    }

    [Theory]
    [InlineData("Profile", Engine.Organizations.ProfileReader.MaxBytes)]
    [InlineData("Treatments", Engine.Risks.TreatmentBook.MaxBytes)]
    [InlineData("Subscription", Engine.Reports.SubscriptionReader.MaxBytes)]
    public async Task A_document_put_over_its_limit_is_413_saying_what_and_what_to_check(string function, int limit)
    {
        // It read "The treatments is 4,194,330 bytes; this service accepts at most 4,194,304 bytes." and no more.
        var what = function.ToLowerInvariant();
        var body = Encoding.UTF8.GetBytes("{\"id\":\"" + new string('x', limit) + "\"}");
        var answer = await handler.InvokeAsync(function, HostEnvelopes.Http(function, "PUT", $"/api/orgs/{Org}/{what}", OrgParams, body, "application/json",
            inputs: new Dictionary<string, JsonNode> { ["current"] = HostEnvelopes.Missing }));
        Assert.Equal(413, answer.Status);
        Assert.Equal($"The {what} document is {body.Length:N0} bytes; this service accepts at most {limit:N0} bytes. " +
            $"Check that the body is the {what} document (schemas/{what}.schema.json) and nothing else: one this large is most likely another file.",
            answer.Body["detail"]!.GetValue<string>());
        Assert.Equal(["res"], answer.OutputNames);
    }

    [Fact]
    public async Task Treatments_put_is_checked_as_the_cli_checks_them_and_get_without_any_is_an_empty_book()
    {
        var inputs = new Dictionary<string, JsonNode> { ["current"] = HostEnvelopes.Missing };
        var good = Encoding.UTF8.GetBytes(TreatmentsJson);
        var stored = await handler.InvokeAsync("Treatments", HostEnvelopes.Http("Treatments", "PUT", $"/api/orgs/{Org}/treatments", OrgParams, good, "application/json", inputs: inputs));
        Assert.Equal(200, stored.Status);
        Assert.Equal(good, stored.Blob("treatments"));
        AssertAudit(stored.Object("audit"), "treatment-change", OfficerName, $"treatments/{Org}.json", good);

        // An acceptance without an approver and a date is refused, as `assess --treatments` refuses it.
        var acceptance = Encoding.UTF8.GetBytes("""{ "ROLE:ehr-analyst": { "status": "Accepted" } }""");
        var refused = await handler.InvokeAsync("Treatments", HostEnvelopes.Http("Treatments", "PUT", $"/api/orgs/{Org}/treatments", OrgParams, acceptance, "application/json", inputs: inputs));
        Assert.Equal(400, refused.Status);
        Assert.Contains("approver", refused.Body["detail"]!.GetValue<string>());
        Assert.Equal(["res"], refused.OutputNames);

        var none = await handler.InvokeAsync("Treatments", HostEnvelopes.Http("Treatments", "GET", $"/api/orgs/{Org}/treatments", OrgParams, inputs: inputs));
        Assert.Equal(200, none.Status);
        Assert.Equal("{}", none.Http.Body);
    }

    // ---------------------------------------------------------------- SubmitRoster

    [Fact]
    public async Task SubmitRoster_keeps_an_xlsx_byte_for_byte_and_answers_202_with_its_hash()
    {
        var workbook = File.ReadAllBytes(Path.Combine(RealisticFolder, "roster.xlsx"));
        var answer = await handler.InvokeAsync("SubmitRoster", HostEnvelopes.Http("SubmitRoster", "POST", $"/api/orgs/{Org}/rosters", OrgParams, workbook, "application/octet-stream", SignedIn));
        Assert.Equal(202, answer.Status);
        Assert.Equal(workbook, answer.Blob("roster"));
        Assert.Equal(AuditLog.Sha256(workbook), answer.Body["rosterSha256"]!.GetValue<string>());
        Assert.Equal($"/api/orgs/{Org}/assessments", answer.Http.Headers["Location"]);
        AssertAudit(answer.Object("audit"), "submission", OfficerName, $"rosters/{Org}/", workbook);
    }

    [Fact]
    public async Task SubmitRoster_refuses_a_roster_sent_as_text_415_and_one_over_the_limit_413_storing_nothing()
    {
        var csv = Sample("roster.csv");
        var text = await handler.InvokeAsync("SubmitRoster", HostEnvelopes.Http("SubmitRoster", "POST", $"/api/orgs/{Org}/rosters", OrgParams, csv, "text/csv"));
        Assert.Equal(415, text.Status);
        Assert.Contains("as application/octet-stream (got 'text/csv')", text.Body["detail"]!.GetValue<string>());
        Assert.Equal(["res"], text.OutputNames);

        var big = new byte[HandlerFixture.UploadLimit + 1];
        var tooBig = await handler.InvokeAsync("SubmitRoster", HostEnvelopes.Http("SubmitRoster", "POST", $"/api/orgs/{Org}/rosters", OrgParams, big, "application/octet-stream"));
        Assert.Equal(413, tooBig.Status);
        // What to do, as api/assess's 413 says it: the limit alone leaves the officer with a roster and no way forward.
        Assert.Equal($"The roster is {HandlerFixture.UploadLimit + 1:N0} bytes; this service accepts at most {HandlerFixture.UploadLimit:N0} bytes. " +
            "Split the roster, or run `complianceRisk assess` on your own machine.", tooBig.Body["detail"]!.GetValue<string>());
        Assert.Equal(["res"], tooBig.OutputNames);

        var empty = await handler.InvokeAsync("SubmitRoster", HostEnvelopes.Http("SubmitRoster", "POST", $"/api/orgs/{Org}/rosters", OrgParams, [], "application/octet-stream"));
        Assert.Equal(411, empty.Status);
        Assert.Equal(["res"], empty.OutputNames);
    }

    /// <summary>What a form on another site can POST without a CORS preflight: refused, so such a page cannot submit a roster with a signed-in officer's cookie.</summary>
    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=----x")]
    [InlineData("text/plain")]
    public async Task SubmitRoster_refuses_what_a_cross_site_form_can_send_storing_nothing(string contentType)
    {
        var answer = await handler.InvokeAsync("SubmitRoster", HostEnvelopes.Http("SubmitRoster", "POST", $"/api/orgs/{Org}/rosters", OrgParams,
            Sample("roster.csv"), contentType, SignedIn));
        Assert.Equal(415, answer.Status);
        Assert.Equal(["res"], answer.OutputNames);
    }

    // ---------------------------------------------------------------- ProcessRoster

    private static JsonObject Processing(byte[] roster, byte[]? profile, byte[]? treatments = null, JsonObject? done = null, string org = Org, JsonNode? history = null) =>
        HostEnvelopes.RosterBlob(org, Name, roster,
            profile is null ? null : HostEnvelopes.Binary(profile),
            treatments is null ? null : HostEnvelopes.Binary(treatments),
            done, history);

    [Fact]
    public async Task ProcessRoster_writes_every_document_as_of_the_submission_with_the_treatments_in_force()
    {
        var roster = Sample("roster.csv");
        var treatments = Encoding.UTF8.GetBytes(TreatmentsJson);
        var answer = await handler.InvokeAsync("ProcessRoster", Processing(roster, Sample("profile.json"), treatments));
        Assert.Equal(["assessment", "audit", "latestAssessment", "latestRoster", "register", "row"], answer.OutputNames.Order());

        // The assessment is the one the CLI makes from the same files as of the submission's date.
        var treatmentsFile = Path.Combine(TestTemp.Folder("compliancerisk-treatments-"), "treatments.json");
        File.WriteAllBytes(treatmentsFile, treatments);
        var stdout = new StringWriter();
        Assert.Equal(0, await new CliApp(stdout, new StringWriter(), Serve.Clock).RunAsync(
            ["assess", Path.Combine(SampleFolder, "roster.csv"), "--profile", Path.Combine(SampleFolder, "profile.json"), "--treatments", treatmentsFile,
             "--as-of", "2026-11-22", "--format", "json"], TestContext.Current.CancellationToken));
        var assessment = answer.Blob("assessment");
        Assert.Equal(stdout.ToString(), Encoding.UTF8.GetString(assessment));
        var risk = JsonNode.Parse(assessment)!["risks"]!.AsArray().Single(r => r!["riskId"]!.GetValue<string>() == "ROLE:ehr-analyst")!;
        Assert.Equal("IT-DIR-0042", risk["owner"]!.GetValue<string>());

        Assert.Contains(answer.Response.Logs, line => line.Contains("OBL:no-such-obligation matches no risk", StringComparison.Ordinal));
        // The officer, who reads no log, finds it among the assessment's warnings (the page's Data quality, the history's count).
        var warnings = JsonNode.Parse(assessment)!["warnings"]!.AsArray();
        var unmatched = Assert.Single(warnings, w => w!["code"]!.GetValue<string>() == "TREATMENT_UNMATCHED")!;
        Assert.Equal("OBL:no-such-obligation", unmatched["value"]!.GetValue<string>());
        Assert.Equal(warnings.Count, answer.Object("row")["Warnings"]!.GetValue<int>());
        Assert.Equal(assessment, answer.Blob("latestAssessment"));
        Assert.Equal(roster, answer.Blob("latestRoster"));

        // The register opens as a workbook and carries the treatment's owner.
        using (var zip = new ZipArchive(new MemoryStream(answer.Blob("register"))))
        {
            Assert.NotNull(zip.GetEntry("xl/workbook.xml"));
            var sheets = zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) || e.FullName == "xl/sharedStrings.xml")
                .Select(e => new StreamReader(e.Open()).ReadToEnd());
            Assert.Contains(sheets, xml => xml.Contains("IT-DIR-0042", StringComparison.Ordinal));
        }

        var row = answer.Object("row");
        Assert.Equal(Org, row["PartitionKey"]!.GetValue<string>());
        Assert.Equal(Name, row["RowKey"]!.GetValue<string>());
        Assert.Equal("Assessed", row["Status"]!.GetValue<string>());
        Assert.Equal("2026-11-22", row["AsOf"]!.GetValue<string>());
        Assert.Equal(AuditLog.Sha256(roster), row["RosterSha256"]!.GetValue<string>());
        Assert.Equal(JsonNode.Parse(assessment)!["assessmentId"]!.GetValue<string>(), row["AssessmentId"]!.GetValue<string>());
        AssertAudit(answer.Object("audit"), "assessment", ProcessRosterFunction.Actor, $"assessments/{Org}/{Name}.json", assessment);
    }

    [Fact]
    public async Task ProcessRoster_assesses_an_xlsx_roster_and_the_same_blob_always_gives_the_same_bytes()
    {
        const string org = "pecan-creek";
        var profile = Encoding.UTF8.GetBytes("""{"id":"pecan-creek","orgTypes":["hospital"],"jurisdictions":["US-TX"],"attributes":{"coveredEntity":true,"acceptsPaymentCards":true}}""");
        var workbook = File.ReadAllBytes(Path.Combine(RealisticFolder, "roster.xlsx"));
        var first = await handler.InvokeAsync("ProcessRoster", Processing(workbook, profile, org: org));
        var second = await handler.InvokeAsync("ProcessRoster", Processing(workbook, profile, org: org));
        Assert.Equal("Assessed", first.Object("row")["Status"]!.GetValue<string>());
        Assert.Equal(org, JsonNode.Parse(first.Blob("assessment"))!["organization"]!["id"]!.GetValue<string>());
        foreach (var blob in new[] { "assessment", "register", "latestRoster", "latestAssessment" })
            Assert.Equal(first.Blob(blob), second.Blob(blob));
        Assert.Equal(first.Object("row").ToJsonString(), second.Object("row").ToJsonString());
    }

    [Fact]
    public async Task ProcessRoster_of_a_submission_older_than_one_already_assessed_leaves_the_latest_copies_alone()
    {
        // Names start with the submission time: Name is 2026-11-22T09-00-00Z-…, so these came one minute before and after it.
        const string before = "2026-11-22T08-59-00Z-0d6d2f6a-0000-4000-8000-000000000001";
        const string after = "2026-11-22T09-01-00Z-0d6d2f6a-0000-4000-8000-000000000002";
        Assert.True(string.CompareOrdinal(before, Name) < 0 && string.CompareOrdinal(after, Name) > 0, Name);
        var roster = Sample("roster.csv");
        var profile = Sample("profile.json");

        // Delivered after a later submission was assessed: its own documents and row, but latest/ stays the later one's.
        var late = await handler.InvokeAsync("ProcessRoster", Processing(roster, profile, history: HostEnvelopes.Rows(
            HostEnvelopes.Entity(Org, before, "Assessed"), HostEnvelopes.Entity(Org, after, "Assessed"))));
        Assert.Equal(["assessment", "audit", "register", "row"], late.OutputNames.Order());
        Assert.Equal("Assessed", late.Object("row")["Status"]!.GetValue<string>());
        Assert.Contains(late.Response.Logs, line => line.Contains($"submitted before rosters/{Org}/{after}, which is already assessed", StringComparison.Ordinal));

        // Earlier submissions, and a later one that was rejected, do not stand in its way.
        var inOrder = await handler.InvokeAsync("ProcessRoster", Processing(roster, profile, history: HostEnvelopes.Rows(
            HostEnvelopes.Entity(Org, before, "Assessed"), HostEnvelopes.Entity(Org, after, "Rejected"))));
        Assert.Equal(["assessment", "audit", "latestAssessment", "latestRoster", "register", "row"], inOrder.OutputNames.Order());
        Assert.Equal(roster, inOrder.Blob("latestRoster"));
    }

    [Fact]
    public async Task ProcessRoster_with_its_row_already_in_Assessments_answers_no_outputs()
    {
        var answer = await handler.InvokeAsync("ProcessRoster", Processing(Sample("roster.csv"), Sample("profile.json"), done: HostEnvelopes.Entity(Org, Name, "Assessed")));
        Assert.Empty(answer.OutputNames);
    }

    [Fact]
    public async Task ProcessRoster_rejects_a_corrupt_workbook_with_a_readable_record_and_a_Rejected_row_answered_200()
    {
        // The first 3 KiB of a real workbook: a ZIP whose central directory is missing.
        var corrupt = File.ReadAllBytes(Path.Combine(RealisticFolder, "roster.xlsx"))[..3072];
        var answer = await handler.InvokeAsync("ProcessRoster", Processing(corrupt, Sample("profile.json")));
        Assert.Equal(["audit", "rejected", "row"], answer.OutputNames.Order());

        var record = JsonNode.Parse(answer.Blob("rejected"))!;
        Assert.Equal($"rosters/{Org}/{Name}", record["roster"]!.GetValue<string>());
        Assert.Equal(AuditLog.Sha256(corrupt), record["rosterSha256"]!.GetValue<string>());
        Assert.Equal("2026-11-22T09:00:00.0000000Z", record["submittedAt"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(record["message"]!.GetValue<string>()));
        var row = answer.Object("row");
        Assert.Equal("Rejected", row["Status"]!.GetValue<string>());
        Assert.Equal(record["code"]!.GetValue<string>(), row["Code"]!.GetValue<string>());
        Assert.Equal($"rejected/{Org}/{Name}.json", row["Rejected"]!.GetValue<string>());
        AssertAudit(answer.Object("audit"), "rejection", ProcessRosterFunction.Actor, $"rejected/{Org}/{Name}.json", answer.Blob("rejected"));
    }

    [Fact]
    public async Task ProcessRoster_rejection_keeps_what_to_do_and_the_row_in_its_Assessments_row_and_the_list_shows_them()
    {
        // A header with no role column: the reader stops at row 1 and says which column to add.
        var roster = Encoding.UTF8.GetBytes("Employee ID,Name\nE1,Ann Example\n");
        var answer = await handler.InvokeAsync("ProcessRoster", Processing(roster, Sample("profile.json")));
        var record = JsonNode.Parse(answer.Blob("rejected"))!;
        Assert.Equal("NO_ROLE_COLUMN", record["code"]!.GetValue<string>());
        var row = answer.Object("row");
        Assert.Equal(record["hint"]!.GetValue<string>(), row["Hint"]!.GetValue<string>());
        Assert.Equal(1, row["Row"]!.GetValue<int>());

        // The officer's list, the only route to the rejection, says what to do and where, beside the reason.
        var listed = await handler.InvokeAsync("ListAssessments", HostEnvelopes.Http("ListAssessments", "GET", $"/api/orgs/{Org}/assessments", OrgParams,
            inputs: new Dictionary<string, JsonNode> { ["assessments"] = HostEnvelopes.Rows(row) }));
        var item = listed.Body["assessments"]!.AsArray().Single()!;
        Assert.Equal(record["message"]!.GetValue<string>(), item["reason"]!.GetValue<string>());
        Assert.Contains("holding each person's role", item["hint"]!.GetValue<string>());
        Assert.Equal(1, item["row"]!.GetValue<int>());
    }

    /// <summary>
    /// Each of the app's own rejections (docs/functions.md, Processing), reached as the host reaches it: what is stored
    /// is wrong in a way the PUT and POST routes refuse, so only a blob put by hand, a limit lowered or a catalog
    /// changed since gets here.
    /// </summary>
    public static TheoryData<string, string, string?, string?, string, string> AppRejections => new()
    {
        // A blob put under rosters/ by hand: no submission time to assess it as of.
        { "not-a-submission", "roster.csv", "profile.json", null, "roster-from-hr.csv", "POST api/orgs/{org}/rosters" },
        // Named with a time but with a dot, which the routes that serve a submission's documents do not take.
        { "not-a-submission", "roster.csv", "profile.json", null, "2026-11-22T09-00-00Z-roster.csv", "POST api/orgs/{org}/rosters" },
        { "no-profile", "roster.csv", null, null, Name, $"PUT the organization profile to api/orgs/{Org}/profile" },
        // Not JSON, and a type the catalog does not hold: both are what Profile PUT refuses.
        { "invalid-profile", "roster.csv", "{ \"id\": ", null, Name, $"PUT a valid profile to api/orgs/{Org}/profile" },
        { "invalid-profile", "roster.csv", """{"id":"pecan-creek-community","orgTypes":["spaceport"],"jurisdictions":["US"]}""", null, Name, $"PUT a valid profile to api/orgs/{Org}/profile" },
        // An acceptance without an approver and a date, which Treatments PUT refuses.
        { "invalid-treatments", "roster.csv", "profile.json", """{ "ROLE:ehr-analyst": { "status": "Accepted" } }""", Name, $"PUT valid treatments to api/orgs/{Org}/treatments" },
        { "too-large", "over the limit", "profile.json", null, Name, "Split the roster" },
    };

    [Theory]
    [MemberData(nameof(AppRejections))]
    public async Task ProcessRoster_rejects_what_it_cannot_assess_with_the_documented_code_and_what_to_do(
        string code, string roster, string? profile, string? treatments, string name, string hint)
    {
        static byte[]? Stored(string? text) => text is null ? null : text.EndsWith(".json") ? Sample(text) : Encoding.UTF8.GetBytes(text);
        var bytes = roster == "over the limit" ? Encoding.UTF8.GetBytes(new string('x', (int)HandlerFixture.UploadLimit + 1)) : Sample(roster);
        var envelope = HostEnvelopes.RosterBlob(Org, name, bytes,
            Stored(profile) is { } p ? HostEnvelopes.Binary(p) : null, Stored(treatments) is { } t ? HostEnvelopes.Binary(t) : null, done: null);

        var answer = await handler.InvokeAsync("ProcessRoster", envelope);

        // Recorded, answered 200 and not retried; nothing assessed, the roster left where it is.
        Assert.Equal(["audit", "rejected", "row"], answer.OutputNames.Order());
        var record = JsonNode.Parse(answer.Blob("rejected"))!;
        Assert.Equal(code, record["code"]!.GetValue<string>());
        Assert.Contains(hint, record["hint"]!.GetValue<string>());
        Assert.Equal($"rosters/{Org}/{name}", record["roster"]!.GetValue<string>());
        var row = answer.Object("row");
        Assert.Equal("Rejected", row["Status"]!.GetValue<string>());
        Assert.Equal(code, row["Code"]!.GetValue<string>());
        Assert.Equal(record["message"]!.GetValue<string>(), row["Reason"]!.GetValue<string>());
        Assert.Contains(code, DocumentedAppRejectionCodes());
    }

    [Fact]
    public void The_documented_app_rejection_codes_are_the_ones_processing_gives()
    {
        // The table in docs/functions.md is the contract: every lower-case code in it is one a test above reaches.
        var reached = AppRejections.Select(row => row.Data.Item1).Append(ProcessRosterFunction.ProcessingFailedCode).ToHashSet();
        Assert.Equal(reached.Order(), DocumentedAppRejectionCodes().Order());
    }

    /// <summary>The codes in the first column of ProcessRoster's rejection table in docs/functions.md.</summary>
    private static List<string> DocumentedAppRejectionCodes() =>
        [.. File.ReadLines(Repo.File("docs", "functions.md"))
            .SkipWhile(line => line != "| code | when | the hint says |")
            .Skip(2)
            .TakeWhile(line => line.StartsWith('|'))
            .Select(line => Regex.Match(line, @"^\| `([^`]+)` \|").Groups[1].Value)];

    [Fact]
    public async Task ProcessRoster_that_fails_while_assessing_records_the_failure_as_a_rejection_answered_200_and_the_list_shows_it()
    {
        await using var broken = await BrokenHandler.StartAsync(BrokenCatalog.ProcessRoster, BrokenCatalog.ProcessRosterFunction);

        // Answered 200: the host does not retry a failure the same roster would meet again, and nothing is lost.
        var roster = Sample("roster.csv");
        var (status, text) = await broken.InvokeAsync(Processing(roster, Sample("profile.json")));
        Assert.True(status == 200, $"answered {status}: {text}");
        var answer = BrokenHandler.Read(text);
        Assert.Equal(["audit", "rejected", "row"], answer.OutputNames.Order());

        var record = JsonNode.Parse(answer.Blob("rejected"))!;
        Assert.Equal(ProcessRosterFunction.ProcessingFailedCode, record["code"]!.GetValue<string>());
        Assert.Equal($"rosters/{Org}/{Name}", record["roster"]!.GetValue<string>());
        Assert.Equal(AuditLog.Sha256(roster), record["rosterSha256"]!.GetValue<string>());
        Assert.Contains("The roster is kept", record["message"]!.GetValue<string>());
        Assert.Contains("submit the roster again once the error is fixed", record["message"]!.GetValue<string>());
        Assert.Contains(Name, record["hint"]!.GetValue<string>());
        // Where it failed is for whoever fixes the app, in the function's log, not in the officer's record.
        BrokenCatalog.AssertTheLogSaysWhereNotWhat(answer);

        var row = answer.Object("row");
        Assert.Equal("Rejected", row["Status"]!.GetValue<string>());
        Assert.Equal(ProcessRosterFunction.ProcessingFailedCode, row["Code"]!.GetValue<string>());
        Assert.Equal($"rejected/{Org}/{Name}.json", row["Rejected"]!.GetValue<string>());
        AssertAudit(answer.Object("audit"), "rejection", ProcessRosterFunction.Actor, $"rejected/{Org}/{Name}.json", answer.Blob("rejected"));

        // The history shows it failed, and why, instead of waiting for it for ever.
        var listed = await handler.InvokeAsync("ListAssessments", HostEnvelopes.Http("ListAssessments", "GET", $"/api/orgs/{Org}/assessments", OrgParams,
            inputs: new Dictionary<string, JsonNode> { ["assessments"] = HostEnvelopes.Rows(row) }));
        var item = listed.Body["assessments"]!.AsArray().Single()!;
        Assert.Equal(Name, item["name"]!.GetValue<string>());
        Assert.Equal("Rejected", item["status"]!.GetValue<string>());
        Assert.Equal(ProcessRosterFunction.ProcessingFailedCode, item["code"]!.GetValue<string>());
        Assert.Equal(record["message"]!.GetValue<string>(), item["reason"]!.GetValue<string>());
        Assert.Equal(record["hint"]!.GetValue<string>(), item["hint"]!.GetValue<string>());
        Assert.Null(item["row"]);

        // Failures that are not the roster's still fail the invocation: an envelope without the trigger's binding data,
        // or with an input that is not the base64 the host sends.
        var noOrg = Processing(roster, Sample("profile.json"));
        noOrg["Metadata"]!.AsObject().Remove("org");
        Assert.Equal(500, (await broken.InvokeAsync(noOrg)).Status);
        var notBase64 = Processing(roster, Sample("profile.json"));
        notBase64["Data"]!["profile"] = "not base64!";
        Assert.Equal(500, (await broken.InvokeAsync(notBase64)).Status);
    }

    // ---------------------------------------------------------------- the reads

    [Fact]
    public async Task ListAssessments_lists_the_partition_newest_first_with_links_to_the_documents()
    {
        var older = HostEnvelopes.Entity(Org, "2026-11-01T08-00-00Z-0d1e", "Rejected");
        older["Code"] = "no-rows";
        var newer = HostEnvelopes.Entity(Org, Name, "Assessed");
        newer["ReadinessIndex"] = 71.1;
        var answer = await handler.InvokeAsync("ListAssessments", HostEnvelopes.Http("ListAssessments", "GET", $"/api/orgs/{Org}/assessments", OrgParams,
            inputs: new Dictionary<string, JsonNode> { ["assessments"] = HostEnvelopes.Rows(older, newer) }));
        Assert.Equal(200, answer.Status);
        var items = answer.Body["assessments"]!.AsArray();
        Assert.Equal([Name, "2026-11-01T08-00-00Z-0d1e"], items.Select(i => i!["name"]!.GetValue<string>()));
        Assert.Equal(71.1, items[0]!["readinessIndex"]!.GetValue<double>());
        Assert.Equal($"/api/orgs/{Org}/assessments/{Name}/register", items[0]!["register"]!.GetValue<string>());
        Assert.Null(items[1]!["register"]);
        Assert.Equal("no-rows", items[1]!["code"]!.GetValue<string>());
        // A row written before rejections kept their hint: the list leaves it out rather than answering null.
        Assert.False(items[1]!.AsObject().ContainsKey("hint"));

        var none = await handler.InvokeAsync("ListAssessments", HostEnvelopes.Http("ListAssessments", "GET", $"/api/orgs/{Org}/assessments", OrgParams,
            inputs: new Dictionary<string, JsonNode> { ["assessments"] = HostEnvelopes.Rows() }));
        Assert.Equal(200, none.Status);
        Assert.Empty(none.Body["assessments"]!.AsArray());
    }

    [Fact]
    public async Task ListAssessments_lists_a_roster_put_under_rosters_by_hand_after_every_submission()
    {
        // Its name sorts after every submission time ('m' > '2'), but it was never submitted: it has no time to be newest by.
        var manual = HostEnvelopes.Entity(Org, "manual.csv", "Rejected");
        manual["Code"] = "not-a-submission";
        var older = HostEnvelopes.Entity(Org, "2026-11-01T08-00-00Z-0d1e", "Assessed");
        older["SubmittedAt"] = "2026-11-01T08:00:00.0000000Z";
        var newer = HostEnvelopes.Entity(Org, Name, "Assessed");
        newer["SubmittedAt"] = "2026-11-22T09:00:00.0000000Z";
        var answer = await handler.InvokeAsync("ListAssessments", HostEnvelopes.Http("ListAssessments", "GET", $"/api/orgs/{Org}/assessments", OrgParams,
            inputs: new Dictionary<string, JsonNode> { ["assessments"] = HostEnvelopes.Rows(manual, older, newer) }));
        Assert.Equal([Name, "2026-11-01T08-00-00Z-0d1e", "manual.csv"], answer.Body["assessments"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task GetAssessment_answers_the_stored_json_or_404()
    {
        var routeParams = new Dictionary<string, string> { ["org"] = Org, ["name"] = Name };
        var stored = Encoding.UTF8.GetBytes("""{"schemaVersion":"1.0","assessmentId":"abc"}""");
        var found = await handler.InvokeAsync("GetAssessment", HostEnvelopes.Http("GetAssessment", "GET", $"/api/orgs/{Org}/assessments/{Name}", routeParams,
            inputs: new Dictionary<string, JsonNode> { ["assessment"] = HostEnvelopes.Binary(stored) }));
        Assert.Equal(200, found.Status);
        Assert.Equal(Encoding.UTF8.GetString(stored), found.Http.Body);

        var missing = await handler.InvokeAsync("GetAssessment", HostEnvelopes.Http("GetAssessment", "GET", $"/api/orgs/{Org}/assessments/{Name}", routeParams,
            inputs: new Dictionary<string, JsonNode> { ["assessment"] = HostEnvelopes.Missing }));
        Assert.Equal(404, missing.Status);
        Assert.Contains(Name, missing.Body["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetRegister_answers_the_workbook_as_base64_json_or_404()
    {
        var routeParams = new Dictionary<string, string> { ["org"] = Org, ["name"] = Name };
        var workbook = File.ReadAllBytes(Path.Combine(RealisticFolder, "roster.xlsx"));
        var found = await handler.InvokeAsync("GetRegister", HostEnvelopes.Http("GetRegister", "GET", $"/api/orgs/{Org}/assessments/{Name}/register", routeParams,
            inputs: new Dictionary<string, JsonNode> { ["register"] = HostEnvelopes.Binary(workbook), ["assessment"] = HostEnvelopes.Missing }));
        Assert.Equal(200, found.Status);
        Assert.Equal(Downloads.XlsxMediaType, found.Body["contentType"]!.GetValue<string>());
        Assert.Equal($"register-{Org}-{Name}.xlsx", found.Body["fileName"]!.GetValue<string>());
        Assert.Equal(workbook, Convert.FromBase64String(found.Body["contentBase64"]!.GetValue<string>()));

        var missing = await handler.InvokeAsync("GetRegister", HostEnvelopes.Http("GetRegister", "GET", $"/api/orgs/{Org}/assessments/{Name}/register", routeParams,
            inputs: new Dictionary<string, JsonNode> { ["register"] = HostEnvelopes.Missing, ["assessment"] = HostEnvelopes.Missing }));
        Assert.Equal(404, missing.Status);
    }

    // ---------------------------------------------------------------- DeleteOrganization

    [Fact]
    public async Task DeleteOrganization_queues_an_erasure_request_object_and_audits_it()
    {
        var answer = await handler.InvokeAsync("DeleteOrganization", HostEnvelopes.Http("DeleteOrganization", "DELETE", $"/api/orgs/{Org}", OrgParams, headers: SignedIn));
        Assert.Equal(202, answer.Status);
        var message = answer.Object("erasure");
        Assert.Equal(Org, message["org"]!.GetValue<string>());
        Assert.Equal("2026-11-22T09:00:00.0000000Z", message["requestedAt"]!.GetValue<string>());
        Assert.Equal(OfficerName, message["requestedBy"]!.GetValue<string>());
        AssertAudit(answer.Object("audit"), "deletion-request", OfficerName, "erasure-requests", Encoding.UTF8.GetBytes(message.ToJsonString()));
        // Pending from this answer on: a roster sent before the erasure runs is refused, not erased unseen.
        Assert.Equal(new ErasureState(Org, "2026-11-22T09:00:00.0000000Z", OfficerName, null), ErasureState.Read(answer.Blob(ErasureState.Binding)));
    }

    [Fact]
    public async Task While_an_erasure_is_pending_a_roster_is_refused_409_and_one_already_submitted_is_not_processed()
    {
        var submitted = await handler.InvokeAsync("SubmitRoster", HostEnvelopes.Http("SubmitRoster", "POST", $"/api/orgs/{Org}/rosters", OrgParams, Sample("roster.csv"), "application/octet-stream", SignedIn,
            inputs: new Dictionary<string, JsonNode> { [ErasureState.Binding] = HostEnvelopes.PendingErasure(Org) }));
        Assert.Equal(409, submitted.Status);
        Assert.Equal(["res"], submitted.OutputNames);

        var processing = Processing(Sample("roster.csv"), Sample("profile.json"));
        processing["Data"]![ErasureState.Binding] = HostEnvelopes.PendingErasure(Org);
        Assert.Empty((await handler.InvokeAsync("ProcessRoster", processing)).OutputNames);

        // Once the erasure is done, the organization starts again: its rosters are new data.
        var done = HostEnvelopes.Binary(new ErasureState(Org, "2026-11-22T08:59:00.0000000Z", OfficerName, "2026-11-22T09:00:00.0000000Z").ToBytes());
        processing["Data"]![ErasureState.Binding] = done;
        Assert.Contains("assessment", (await handler.InvokeAsync("ProcessRoster", processing)).OutputNames);
    }

    // ---------------------------------------------------------------- EraseOrganization

    [Fact]
    public async Task EraseOrganization_records_the_erasure_in_the_organizations_audit_log()
    {
        var answer = await handler.InvokeAsync("EraseOrganization", HostEnvelopes.ErasureRequest(HostEnvelopes.ErasureMessage(Org)));
        var audit = answer.Object("audit");
        Assert.Equal(Org, audit["PartitionKey"]!.GetValue<string>());
        Assert.Equal(AuditLog.Erasure, audit["Action"]!.GetValue<string>());
        Assert.Equal("system:EraseOrganization", audit["Who"]!.GetValue<string>());
        Assert.Equal("0 blobs and 0 table rows erased (AuditLog kept)", audit["Subject"]!.GetValue<string>());
        Assert.Equal("2026-11-22T09:00:00.0000000Z", ErasureState.Read(answer.Blob(ErasureState.Binding))!.ErasedAt);
    }

    [Fact]
    public void EraseOrganization_names_the_records_retention_holds_with_the_day_each_is_released()
    {
        var until = new DateTimeOffset(2032, 11, 22, 9, 0, 0, TimeSpan.Zero);
        var held = Enumerable.Range(1, 52).Select(i => ($"rosters/acme/r{i:D2}", until.AddDays(i))).Append(("reports/acme/hold.xlsx", DateTimeOffset.MaxValue)).ToList();
        var erased = new EraseOrganizationFunction.Erased(4, 7, held);
        Assert.Equal("4 blobs and 7 table rows erased (AuditLog kept); 53 records held by retention, the last until a legal hold is lifted", erased.Summary);
        Assert.StartsWith("reports/acme/hold.xlsx until a legal hold is lifted; rosters/acme/r01 until 2032-11-23; rosters/acme/r02 until 2032-11-24;", erased.HeldText, StringComparison.Ordinal);
        Assert.EndsWith("rosters/acme/r49 until 2033-01-10; and 3 more", erased.HeldText, StringComparison.Ordinal);
        Assert.Equal("4 blobs and 7 table rows erased (AuditLog kept); 1 record held by retention, the last until 2032-11-23",
            (erased with { Held = held.Take(1).ToList() }).Summary);
    }

    // A request that cannot be carried out must not be lost: the invocation fails (any non-2xx), so the host retries it
    // and then keeps it in erasure-requests-poison.
    [Theory]
    [InlineData("""{"org":"Not An Org!"}""")]
    [InlineData("""{"requestedBy":"olivia@hospital.example"}""")]
    [InlineData("not json")]
    public async Task EraseOrganization_fails_a_message_that_names_no_organization(string message)
    {
        using var response = await handler.Client.PostAsync("/EraseOrganization", System.Net.Http.Json.JsonContent.Create(HostEnvelopes.ErasureRequest(message)), TestContext.Current.CancellationToken);
        Assert.Equal(500, (int)response.StatusCode);
    }

    [Fact]
    public async Task EraseOrganization_without_a_storage_account_fails_so_the_request_waits()
    {
        await using var app = HandlerApp.Build(new HandlerSettings { Port = 0, Clock = Serve.Clock });
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        using var response = await client.PostAsync("/EraseOrganization", System.Net.Http.Json.JsonContent.Create(HostEnvelopes.ErasureRequest(HostEnvelopes.ErasureMessage(Org))), TestContext.Current.CancellationToken);
        Assert.Equal(500, (int)response.StatusCode);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task GetRegister_for_the_board_is_made_again_from_the_assessment_with_pseudonyms_instead_of_names()
    {
        var processed = await handler.InvokeAsync("ProcessRoster", Processing(Sample("roster.csv"), Sample("profile.json")));
        var stored = processed.Blob("register");
        var inputs = new Dictionary<string, JsonNode> { ["register"] = HostEnvelopes.Binary(stored), ["assessment"] = HostEnvelopes.Binary(processed.Blob("assessment")) };
        var routeParams = new Dictionary<string, string> { ["org"] = Org, ["name"] = Name };
        static string Text(byte[] workbook)
        {
            using var zip = new ZipArchive(new MemoryStream(workbook));
            return string.Concat(zip.Entries.Where(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal)).Select(e => new StreamReader(e.Open()).ReadToEnd()));
        }
        Assert.Contains("Rosa Delgado", Text(stored)); // a person in the sample roster

        var officer = await handler.InvokeAsync("GetRegister", HostEnvelopes.Http("GetRegister", "GET", $"/api/orgs/{Org}/assessments/{Name}/register", routeParams, inputs: inputs));
        Assert.Equal(stored, Convert.FromBase64String(officer.Body["contentBase64"]!.GetValue<string>()));

        // Authorization turns the board's request into a pseudonymized one before the function runs.
        var board = await handler.InvokeAsync("GetRegister", HostEnvelopes.Http("GetRegister", "GET", $"/api/orgs/{Org}/assessments/{Name}/register", routeParams,
            headers: new Dictionary<string, string> { ["x-ms-client-principal"] = HostEnvelopes.BoardMember }, inputs: inputs));
        Assert.Equal(200, board.Status);
        Assert.EndsWith("-pseudonymized.xlsx", board.Body["fileName"]!.GetValue<string>());
        var pseudonymized = Text(Convert.FromBase64String(board.Body["contentBase64"]!.GetValue<string>()));
        Assert.DoesNotContain("Rosa Delgado", pseudonymized);
        Assert.Contains("Person ", pseudonymized);

        // With the app setting ComplianceRisk__PseudonymKey the pseudonyms are keyed with that secret: none is the
        // one anybody can recompute from the organization id.
        var envelope = HostEnvelopes.Http("GetRegister", "GET", $"/api/orgs/{Org}/assessments/{Name}/register", routeParams, inputs: inputs,
            query: new Dictionary<string, string> { ["pseudonymize"] = "true" });
        var keyed = GetRegisterFunction.Invoke(envelope.Deserialize<InvocationRequest>()!, Engine.Catalogs.DefaultCatalog.Load(),
            new HandlerSettings { PseudonymKey = "a secret the organization keeps"u8.ToArray() });
        var keyedBody = JsonNode.Parse(keyed.Outputs["res"].Deserialize<HttpOutput>()!.Body)!;
        var keyedText = Text(Convert.FromBase64String(keyedBody["contentBase64"]!.GetValue<string>()));
        static HashSet<string> Pseudonyms(string text) => [.. Regex.Matches(text, @"Person [0-9A-F]{4,8}\b").Select(m => m.Value)];
        Assert.NotEmpty(Pseudonyms(keyedText));
        Assert.DoesNotContain("Rosa Delgado", keyedText);
        Assert.Empty(Pseudonyms(keyedText).Intersect(Pseudonyms(pseudonymized)));
    }

    [Theory]
    [InlineData("bad", 400)]
    [InlineData("", 400)]
    // True in any letter case makes the register again from the assessment, which this envelope lacks: 404.
    [InlineData("TRUE", 404)]
    // False answers the stored register.
    [InlineData("False", 200)]
    public async Task GetRegister_reads_pseudonymize_as_api_assess_and_api_registers_do(string value, int status)
    {
        var routeParams = new Dictionary<string, string> { ["org"] = Org, ["name"] = Name };
        var inputs = new Dictionary<string, JsonNode> { ["register"] = HostEnvelopes.Binary([1, 2, 3]), ["assessment"] = HostEnvelopes.Missing };
        var answer = await handler.InvokeAsync("GetRegister", HostEnvelopes.Http("GetRegister", "GET", $"/api/orgs/{Org}/assessments/{Name}/register", routeParams,
            inputs: inputs, query: new Dictionary<string, string> { ["pseudonymize"] = value }));
        Assert.Equal(status, answer.Status);
        if (status != 400) return;
        Assert.Equal("Invalid query parameter 'pseudonymize'", answer.Body["title"]!.GetValue<string>());
        Assert.Equal($"'{value}' is not true or false.", answer.Body["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_caller_without_a_principal_is_refused_inside_res_and_nothing_is_stored()
    {
        var answer = await handler.InvokeAsync("SubmitRoster", HostEnvelopes.Http("SubmitRoster", "POST", $"/api/orgs/{Org}/rosters", OrgParams, Sample("roster.csv"), "application/octet-stream",
            new Dictionary<string, string> { ["x-ms-client-principal"] = "" }));
        Assert.Equal(401, answer.Status);
        Assert.Equal(["res"], answer.OutputNames);
    }

    [Fact]
    public async Task Plain_values_as_serve_sends_them_read_the_same_as_the_hosts_json_text_forms()
    {
        // The host: binding-data strings as JSON text ("\"org\""), a missing blob or row as the string "null", a
        // partition's rows as the text of an array. The plain forms: JSON strings, JSON null, a JSON array.
        var host = Processing(Sample("roster.csv"), Sample("profile.json"));
        var plain = Processing(Sample("roster.csv"), Sample("profile.json"));
        plain["Metadata"]!["org"] = Org;
        plain["Metadata"]!["name"] = Name;
        plain["Data"]!["treatments"] = null;
        plain["Data"]!["erasureState"] = null;
        Assert.Equal((await handler.InvokeAsync("ProcessRoster", host)).Raw, (await handler.InvokeAsync("ProcessRoster", plain)).Raw);

        var row = HostEnvelopes.Entity(Org, Name, "Assessed");
        var hostList = HostEnvelopes.Http("ListAssessments", "GET", $"/api/orgs/{Org}/assessments", OrgParams, inputs: new Dictionary<string, JsonNode> { ["assessments"] = HostEnvelopes.Rows(row) });
        var plainList = HostEnvelopes.Http("ListAssessments", "GET", $"/api/orgs/{Org}/assessments", OrgParams, inputs: new Dictionary<string, JsonNode> { ["assessments"] = new JsonArray(row.DeepClone()) });
        var listed = await handler.InvokeAsync("ListAssessments", hostList);
        Assert.Equal(Name, listed.Body["assessments"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(listed.Raw, (await handler.InvokeAsync("ListAssessments", plainList)).Raw);
    }
}
