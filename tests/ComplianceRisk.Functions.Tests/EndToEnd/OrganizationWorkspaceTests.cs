using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Runtime;
using Microsoft.Extensions.DependencyInjection;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;

namespace ComplianceRisk.Functions.Tests.EndToEnd;

/// <summary>
/// Issue 7's end-to-end checks, through serve over loopback HTTP against the app's real functions: a roster submitted
/// for an organization is processed by the blob trigger into an assessment and a register, history lists it,
/// treatments change the next register, failures leave records, and deleting the organization erases its data.
/// </summary>
public sealed class OrganizationWorkspaceTests
{
    /// <summary>The profile's id: the workspace's organization must be the one the profile names.</summary>
    private const string Org = "pecan-creek-community";
    private const string OtherOrg = "other-hospital";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>
    /// serve with the app's real functions and a keys file: a compliance officer's key for each of both organizations,
    /// which <see cref="TestKeys.OfficerClient"/> sends, and the operator's for the admin endpoint (docs/functions.md,
    /// "Authorization").
    /// </summary>
    private static Task<Serve> StartAsync() => Serve.StartAsync(keysFile: TestKeys.File(Org, OtherOrg));

    /// <summary>The sample hospital's profile, with the organization's id (a profile must name its organization).</summary>
    internal static byte[] Profile(string org)
    {
        var profile = JsonNode.Parse(File.ReadAllBytes(Repo.File("samples", "community-hospital-tx", "profile.json")))!;
        profile["id"] = org;
        return Encoding.UTF8.GetBytes(profile.ToJsonString());
    }
    private static byte[] XlsxRoster => File.ReadAllBytes(Repo.File("tests", "fixtures", "realistic-roster", "roster.xlsx"));

    internal static async Task PutProfileAsync(HttpClient client, string org = Org)
    {
        using var content = new ByteArrayContent(Profile(org)) { Headers = { ContentType = new("application/json") } };
        var response = await client.PutAsync($"/api/orgs/{org}/profile", content, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    internal static async Task SubmitAsync(HttpClient client, byte[] roster, string org = Org)
    {
        using var content = new ByteArrayContent(roster) { Headers = { ContentType = new("application/octet-stream") } };
        var response = await client.PostAsync($"/api/orgs/{org}/rosters", content, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>The history (api/orgs/{org}/assessments) once it lists <paramref name="count"/> entries with a status.</summary>
    private static Task<JsonArray> HistoryAsync(HttpClient client, int count) => Eventually.Get(async () =>
    {
        var response = await client.GetAsync($"/api/orgs/{Org}/assessments", Cancel);
        if (response.StatusCode != HttpStatusCode.OK) return null;
        var items = (JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!["assessments"] as JsonArray)!;
        return items.Count == count ? items : null;
    }, $"{count} entries in the history", TimeSpan.FromMinutes(3));

    private static async Task<byte[]> RegisterAsync(HttpClient client, string name)
    {
        var response = await client.GetAsync($"/api/orgs/{Org}/assessments/{name}/register", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!;
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body["contentType"]!.GetValue<string>());
        return Convert.FromBase64String(body["contentBase64"]!.GetValue<string>());
    }

    /// <summary>The Risk Register sheet's cells as text, by risk id, then by column header.</summary>
    private static Dictionary<string, Dictionary<string, string>> RiskRegister(byte[] workbook)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(workbook), false);
        // The register opens and is valid Office Open XML.
        Assert.Empty(new OpenXmlValidator().Validate(document));
        var book = document.WorkbookPart!;
        var sheet = book.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == "Risk Register");
        var part = (WorksheetPart)book.GetPartById(sheet.Id!);
        var shared = book.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        string Text(Cell cell) => cell.DataType?.Value == CellValues.SharedString ? shared[int.Parse(cell.CellValue!.Text)] : cell.InnerText;
        static string Column(Cell cell) => new([.. cell.CellReference!.Value!.TakeWhile(char.IsLetter)]);

        var rows = part.Worksheet.Descendants<Row>().ToList();
        var headers = rows[0].Elements<Cell>().ToDictionary(Column, Text);
        var register = new Dictionary<string, Dictionary<string, string>>();
        foreach (var row in rows.Skip(1))
        {
            var cells = row.Elements<Cell>().ToDictionary(c => headers[Column(c)], Text);
            register[cells["ID"]] = cells;
        }
        return register;
    }

    [Fact]
    public async Task A_submitted_roster_is_processed_listed_downloadable_and_treatments_change_the_next_register()
    {
        await using var serve = await StartAsync();
        using var client = TestKeys.OfficerClient(serve);
        await PutProfileAsync(client);
        await SubmitAsync(client, XlsxRoster);

        var history = await HistoryAsync(client, 1);
        var first = history[0]!;
        Assert.Equal("Assessed", first["status"]!.GetValue<string>());
        var name = first["name"]!.GetValue<string>();

        var assessment = await client.GetAsync($"/api/orgs/{Org}/assessments/{name}", Cancel);
        Assert.Equal(HttpStatusCode.OK, assessment.StatusCode);
        var risks = JsonNode.Parse(await assessment.Content.ReadAsStringAsync(Cancel))!["risks"]!.AsArray();
        Assert.NotEmpty(risks);
        var register = RiskRegister(await RegisterAsync(client, name));
        Assert.Equal(risks.Count, register.Count);
        var riskId = risks[0]!["riskId"]!.GetValue<string>();
        Assert.Equal("Open", register[riskId]["Status"]);

        using (var treatments = new StringContent($$"""{ "{{riskId}}": { "status": "In progress", "owner": "Interim CISO", "note": "recruiting" } }""", Encoding.UTF8, "application/json"))
            Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/orgs/{Org}/treatments", treatments, Cancel)).StatusCode);
        await SubmitAsync(client, XlsxRoster);

        history = await HistoryAsync(client, 2);
        var second = history.Select(h => h!["name"]!.GetValue<string>()).Single(n => n != name);
        var next = RiskRegister(await RegisterAsync(client, second));
        Assert.Equal("In progress", next[riskId]["Status"]);
        Assert.Equal("Interim CISO", next[riskId]["Owner"]);
        // The first register is kept as it was.
        Assert.Equal("Open", RiskRegister(await RegisterAsync(client, name))[riskId]["Status"]);
    }

    [Fact]
    public async Task A_corrupt_roster_leaves_a_rejected_record_and_the_original_and_processing_it_again_writes_nothing_twice()
    {
        await using var serve = await StartAsync();
        using var client = TestKeys.OfficerClient(serve);
        var storage = serve.Host.Storage;
        await PutProfileAsync(client);
        var corrupt = XlsxRoster[..(XlsxRoster.Length / 2)];
        await SubmitAsync(client, corrupt);

        var entry = (await HistoryAsync(client, 1))[0]!;
        Assert.Equal("Rejected", entry["status"]!.GetValue<string>());
        var name = entry["name"]!.GetValue<string>();
        Assert.Equal(corrupt, await storage.Blobs.ReadAsync($"rosters/{Org}/{name}", Cancel));
        var rejected = JsonNode.Parse((await storage.Blobs.ReadAsync($"rejected/{Org}/{name}.json", Cancel))!)!;
        Assert.Equal($"rosters/{Org}/{name}", rejected["roster"]!.GetValue<string>());

        // A good roster, processed; then both again: once through the admin endpoint, once as a changed blob version
        // (the same bytes written again), as Azure would when a blob is overwritten.
        await SubmitAsync(client, XlsxRoster);
        var good = (await HistoryAsync(client, 2)).Select(h => h!["name"]!.GetValue<string>()).Single(n => n != name);
        var before = Snapshot(storage);
        foreach (var roster in new[] { name, good })
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsOperatorAsync("/admin/functions/ProcessRoster", new { input = $"rosters/{Org}/{roster}" }, Cancel)).StatusCode);
        await serve.Host.AdminRunsAsync();
        var path = $"rosters/{Org}/{good}";
        File.SetLastWriteTimeUtc(storage.Blobs.FileOf(path), DateTime.UtcNow.AddMinutes(1));
        var version = storage.Blobs.Find(path)!.ETag;
        await Eventually.True(() => storage.Receipts.IsDone("ProcessRoster", path, version), "the rewritten blob processed");

        Assert.Equal(before, Snapshot(storage));
        Assert.Empty(storage.Queues.Peek(BlobTriggers.PoisonQueue));
    }

    [Fact]
    public async Task A_roster_delivered_after_a_later_one_was_assessed_leaves_the_latest_copies_to_the_later_one()
    {
        await using var serve = await StartAsync();
        using var client = TestKeys.OfficerClient(serve);
        var storage = serve.Host.Storage;
        await PutProfileAsync(client);
        await SubmitAsync(client, XlsxRoster);
        var later = (await HistoryAsync(client, 1))[0]!["name"]!.GetValue<string>();
        var latestAssessment = await storage.Blobs.ReadAsync($"latest/{Org}/assessment.json", Cancel);
        Assert.Equal(XlsxRoster, await storage.Blobs.ReadAsync($"latest/{Org}/roster", Cancel));

        // A submission from a year earlier, delivered only now (Event Grid promises no order): its own documents, and
        // latest/ (what scheduled reports reassess) stays the later submission's.
        var csv = File.ReadAllBytes(Repo.File("samples", "community-hospital-tx", "roster.csv"));
        var earlier = "2025-11-22T09-00-00Z-0d6d2f6a-0000-4000-8000-000000000001";
        Assert.True(string.CompareOrdinal(earlier, later) < 0, later);
        await storage.Blobs.WriteAsync($"rosters/{Org}/{earlier}", csv, Cancel);
        var entries = await HistoryAsync(client, 2);
        Assert.All(entries, e => Assert.Equal("Assessed", e!["status"]!.GetValue<string>()));
        Assert.True(storage.Blobs.Exists($"assessments/{Org}/{earlier}.json"));
        Assert.Equal(XlsxRoster, await storage.Blobs.ReadAsync($"latest/{Org}/roster", Cancel));
        Assert.Equal(latestAssessment, await storage.Blobs.ReadAsync($"latest/{Org}/assessment.json", Cancel));
    }

    /// <summary>Every blob with its ETag and every table row, to compare before and after.</summary>
    private static string Snapshot(ComplianceRisk.Functions.Runtime.Storage.LocalStorage storage) => string.Join("\n",
        storage.Blobs.Containers().Where(c => c != "rosters").SelectMany(c => storage.Blobs.List(c + "/")).Select(b => $"{b.Path} {b.ETag}")
            .Concat(new[] { "Assessments", "AuditLog" }.SelectMany(t => storage.Tables.All(t)).Select(r => $"{r.PartitionKey}/{r.RowKey} {r.Properties.ToJsonString()}")));

    [Fact]
    public async Task A_roster_whose_results_cannot_be_stored_ends_in_the_poison_queue_after_five_tries()
    {
        await using var serve = await StartAsync();
        using var client = TestKeys.OfficerClient(serve);
        var storage = serve.Host.Storage;
        await PutProfileAsync(client);
        // The assessments container cannot take this organization's blobs: a folder where a file must go.
        Directory.CreateDirectory(Path.Combine(storage.Blobs.Root, "latest", Org, "assessment.json"));
        await SubmitAsync(client, XlsxRoster);

        var poisoned = await Eventually.Get(() => storage.Queues.Peek(BlobTriggers.PoisonQueue).SingleOrDefault(), "the poison message", TimeSpan.FromMinutes(3));
        var message = JsonNode.Parse(poisoned)!;
        Assert.Equal("ProcessRoster", message["FunctionId"]!.GetValue<string>());
        Assert.StartsWith($"{Org}/", message["BlobName"]!.GetValue<string>());
        Assert.Empty(storage.Tables.Partition("Assessments", Org));
        Assert.Empty(storage.Queues.Peek(BlobTriggers.QueueName));
    }

    [Fact]
    public async Task A_roster_whose_assessment_fails_ends_as_failed_in_the_history_instead_of_in_the_poison_queue()
    {
        // The app's functions a submission goes through, with ProcessRoster's function.json under the name of a
        // ProcessRoster whose catalog makes the engine throw on any roster (BrokenCatalog).
        static string FunctionJson(string function) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, function, "function.json"));
        var app = Repo.TempApp(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")),
            [.. new[] { "Profile", "SubmitRoster", "ListAssessments" }.Select(f => (f, FunctionJson(f))), (Envelope.BrokenCatalog.ProcessRoster, FunctionJson("ProcessRoster"))]);
        await using var serve = await Serve.StartAsync(app, moreFunctions: [Envelope.BrokenCatalog.ProcessRosterFunction(new() { Clock = Serve.Clock })],
            keysFile: TestKeys.File(Org));
        using var client = TestKeys.OfficerClient(serve);
        var storage = serve.Host.Storage;
        await PutProfileAsync(client);
        await SubmitAsync(client, XlsxRoster);

        var entry = (await HistoryAsync(client, 1))[0]!;
        Assert.Equal("Rejected", entry["status"]!.GetValue<string>());
        Assert.Equal("processing-failed", entry["code"]!.GetValue<string>());
        Assert.Contains("The roster is kept", entry["reason"]!.GetValue<string>());
        var name = entry["name"]!.GetValue<string>();
        Assert.Equal(XlsxRoster, await storage.Blobs.ReadAsync($"rosters/{Org}/{name}", Cancel));
        Assert.True(storage.Blobs.Exists($"rejected/{Org}/{name}.json"));
        Assert.Contains(storage.Tables.Partition("AuditLog", Org), row => row.Properties["Subject"]?.GetValue<string>() == $"rejected/{Org}/{name}.json");
        // Answered once, not retried into the poison queue.
        await Eventually.True(() => storage.Queues.Peek(BlobTriggers.QueueName).Count == 0, "the trigger's queue empty");
        Assert.Empty(storage.Queues.Peek(BlobTriggers.PoisonQueue));
    }

    [Fact]
    public async Task Deleting_an_organization_erases_its_data_and_leaves_an_audit_row()
    {
        await using var serve = await StartAsync();
        using var client = TestKeys.OfficerClient(serve);
        var storage = serve.Host.Storage;
        await PutProfileAsync(client);
        await PutProfileAsync(client, OtherOrg);
        await SubmitAsync(client, XlsxRoster);
        await HistoryAsync(client, 1);

        var response = await client.DeleteAsync($"/api/orgs/{Org}", Cancel);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Eventually.True(() => storage.Queues.Peek(EraseOrganizationFunction.Queue).Count == 0 && !storage.Blobs.Exists($"profiles/{Org}.json"), "the erasure");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/orgs/{Org}/profile", Cancel)).StatusCode);
        Assert.Empty(JsonNode.Parse(await client.GetStringAsync($"/api/orgs/{Org}/assessments", Cancel))!["assessments"]!.AsArray());
        Assert.Empty(storage.Blobs.Containers().SelectMany(c => storage.Blobs.List($"{c}/{Org}/")));
        Assert.Empty(storage.Tables.Partition("Assessments", Org));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/orgs/other-hospital/profile", Cancel)).StatusCode);
        var audit = storage.Tables.Partition("AuditLog", Org);
        Assert.Contains(audit, row => row.Properties["Action"]?.GetValue<string>() == "deletion-request");
        Assert.Contains(audit, row => row.Properties["Action"]?.GetValue<string>() == "submission");
    }

    /// <summary>The erasure's audit row once it is written: the erasure is over.</summary>
    private static Task<ComplianceRisk.Functions.Runtime.Storage.TableEntity> ErasedAsync(ComplianceRisk.Functions.Runtime.Storage.LocalStorage storage, string org = Org) =>
        Eventually.Get(() => storage.Tables.Partition("AuditLog", org).FirstOrDefault(row => row.Properties["Action"]?.GetValue<string>() == "erasure"),
            "the erasure's audit row", TimeSpan.FromMinutes(2));

    /// <summary>Every blob of the organization, in any container (<c>{container}/{org}/…</c> and <c>{container}/{org}.json</c>).</summary>
    private static string[] BlobsOf(ComplianceRisk.Functions.Runtime.Storage.LocalStorage storage, string org = Org) =>
        [.. storage.Blobs.Containers().SelectMany(c => storage.Blobs.List($"{c}/")).Select(b => b.Path)
            .Where(p => p.Contains($"/{org}/", StringComparison.Ordinal) || p.EndsWith($"/{org}.json", StringComparison.Ordinal))
            .Where(p => !p.StartsWith("erasures/", StringComparison.Ordinal))];

    // A roster being assessed when its organization is erased: ProcessRoster read the roster and profile before the
    // erasure began, and the host writes its answer (assessment, register, latest copies, Assessments row) after the
    // erasure went by. Here ProcessRoster's own code answers under another name, held until the erasure has deleted the
    // profile, as a slow assessment of a large roster would be.
    [Fact]
    public async Task A_roster_being_processed_when_its_organization_is_erased_leaves_nothing_behind()
    {
        const string inFlight = "ProcessRosterInFlight";
        static string FunctionJson(string function) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, function, "function.json"));
        var app = Repo.TempApp(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")),
            [.. new[] { "Profile", "SubmitRoster", "ListAssessments", "DeleteOrganization", "EraseOrganization" }.Select(f => (f, FunctionJson(f))), (inFlight, FunctionJson("ProcessRoster"))]);
        var settings = new ComplianceRisk.Functions.Handler.HandlerSettings { Clock = Serve.Clock, ErasureSettle = TimeSpan.FromSeconds(3) };
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddSingleton(settings)
            .AddSingleton(ComplianceRisk.Engine.Catalogs.DefaultCatalog.Load()).BuildServiceProvider();
        var assessed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new ComplianceRisk.Functions.Handler.HandlerFunction(inFlight, routes => routes.MapEnvelope(inFlight, async (request, _) =>
        {
            var answer = ProcessRosterFunction.Invoke(request, services);
            assessed.TrySetResult();
            await release.Task;
            return answer;
        }));
        await using var serve = await Serve.StartAsync(app, settings, moreFunctions: [held], keysFile: TestKeys.File(Org));
        using var client = TestKeys.OfficerClient(serve);
        var storage = serve.Host.Storage;
        await PutProfileAsync(client);
        await SubmitAsync(client, XlsxRoster);
        await assessed.Task.WaitAsync(TimeSpan.FromMinutes(2), Cancel);

        Assert.Equal(HttpStatusCode.Accepted, (await client.DeleteAsync($"/api/orgs/{Org}", Cancel)).StatusCode);
        await Eventually.True(() => !storage.Blobs.Exists($"profiles/{Org}.json"), "the erasure under way");
        release.SetResult();
        await ErasedAsync(storage);
        await Eventually.True(() => storage.Queues.Peek(BlobTriggers.QueueName).Count == 0, "the roster's processing over");

        Assert.Empty(BlobsOf(storage));
        Assert.Empty(storage.Tables.Partition("Assessments", Org));
        Assert.Empty(JsonNode.Parse(await client.GetStringAsync($"/api/orgs/{Org}/assessments", Cancel))!["assessments"]!.AsArray());
    }

    // A roster sent while the erasure is under way is refused with a reason and kept nowhere; once the erasure is done,
    // the organization starts again: its next roster is new data, assessed and kept.
    [Fact]
    public async Task A_roster_submitted_while_the_organization_is_being_erased_is_refused_and_one_after_it_is_kept()
    {
        await using var serve = await StartAsync();
        using var client = TestKeys.OfficerClient(serve);
        var storage = serve.Host.Storage;
        await PutProfileAsync(client);
        await SubmitAsync(client, XlsxRoster);
        await HistoryAsync(client, 1);

        Assert.Equal(HttpStatusCode.Accepted, (await client.DeleteAsync($"/api/orgs/{Org}", Cancel)).StatusCode);
        using (var content = new ByteArrayContent(XlsxRoster) { Headers = { ContentType = new("application/octet-stream") } })
        {
            var refused = await client.PostAsync($"/api/orgs/{Org}/rosters", content, Cancel);
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Submit it again once the erasure is done", JsonNode.Parse(await refused.Content.ReadAsStringAsync(Cancel))!["detail"]!.GetValue<string>());
        }
        await ErasedAsync(storage);
        Assert.Empty(BlobsOf(storage));
        Assert.Single(storage.Tables.Partition("AuditLog", Org), row => row.Properties["Action"]?.GetValue<string>() == "submission");

        await PutProfileAsync(client);
        await SubmitAsync(client, XlsxRoster);
        Assert.Equal("Assessed", (await HistoryAsync(client, 1))[0]!["status"]!.GetValue<string>());
        Assert.Equal(XlsxRoster, await storage.Blobs.ReadAsync($"latest/{Org}/roster", Cancel));
    }

    // An operator erasing an organization through the admin endpoint (serve's, as the host's with its master key) runs
    // EraseOrganization on a message no DeleteOrganization sent: the request is recorded all the same, beside the erasure.
    [Fact]
    public async Task An_erasure_run_from_the_admin_endpoint_is_recorded_as_a_deletion_request_and_an_erasure()
    {
        await using var serve = await StartAsync();
        using var client = TestKeys.OfficerClient(serve);
        var storage = serve.Host.Storage;
        await PutProfileAsync(client);

        var message = new JsonObject { ["org"] = Org }.ToJsonString();
        Assert.Equal(HttpStatusCode.Accepted, (await serve.Client.PostAsOperatorAsync($"/admin/functions/{EraseOrganizationFunction.Name}", new { input = message }, Cancel)).StatusCode);
        var erasure = await ErasedAsync(storage);

        Assert.False(storage.Blobs.Exists($"profiles/{Org}.json"));
        var request = Assert.Single(storage.Tables.Partition("AuditLog", Org), row => row.Properties["Action"]?.GetValue<string>() == "deletion-request");
        Assert.Equal("operator", request.Properties["Who"]!.GetValue<string>());
        Assert.Equal("erasure-requests (not through DELETE api/orgs/{org})", request.Properties["Subject"]!.GetValue<string>());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(message))), request.Properties["ContentSha256"]!.GetValue<string>());
        Assert.Equal(EraseOrganizationFunction.Actor, erasure.Properties["Who"]!.GetValue<string>());
    }

    // Blobs put under rosters/ by hand, named with what Azure Table Storage refuses in a key (/ # ? here; \ and control
    // characters too): each is rejected as not a submission, listed under its own name, and its rows have valid keys.
    // serve refuses such keys as Azure does, in a table input's binding as in a row written.
    [Theory]
    [InlineData("2026-11-22T09-00-00Z-by-hand/in-a-folder")]
    [InlineData("2026-11-22T09-00-00Z-by-hand#1?draft=yes")]
    [InlineData("roster 100% final.csv")]
    public async Task A_roster_whose_name_no_table_key_takes_is_rejected_and_listed_under_its_own_name(string name)
    {
        await using var serve = await StartAsync();
        using var client = TestKeys.OfficerClient(serve);
        var storage = serve.Host.Storage;
        await PutProfileAsync(client);

        await storage.Blobs.WriteAsync($"rosters/{Org}/{name}", File.ReadAllBytes(Repo.File("samples", "community-hospital-tx", "roster.csv")), Cancel);
        var entry = (await HistoryAsync(client, 1))[0]!;

        Assert.Equal(name, entry["name"]!.GetValue<string>());
        Assert.Equal("Rejected", entry["status"]!.GetValue<string>());
        Assert.Equal("not-a-submission", entry["code"]!.GetValue<string>());
        Assert.True(storage.Blobs.Exists($"rejected/{Org}/{name}.json"));
        Assert.Empty(storage.Queues.Peek(BlobTriggers.PoisonQueue));
        Assert.All(storage.Tables.TableNames().SelectMany(t => storage.Tables.All(t)), row =>
            Assert.DoesNotMatch(@"[/\\#?\p{Cc}]", row.PartitionKey + row.RowKey));
    }
}
