using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;
using ComplianceRisk.Functions.Runtime;
using ComplianceRisk.Functions.Runtime.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ComplianceRisk.Functions.Tests.Runtime;

/// <summary>
/// serve's runtime for storage bindings and triggers, through real loopback HTTP with a small app of test functions
/// whose handler records each envelope it gets and answers what the test says. Each test names the file of
/// Azure/azure-functions-host (or of the WebJobs SDK's storage extension it uses) the rule comes from.
/// </summary>
public sealed class RuntimeTests
{
    private const string Host = """{ "version": "2.0", "customHandler": { "description": { "defaultExecutablePath": "x" }, "enableForwardingHttpRequest": true }, "extensions": { "http": { "routePrefix": "" } } }""";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A test function: every envelope it receives, and the answer chosen by the test (call number from 1).</summary>
    private sealed class Recorder(string name, Func<InvocationRequest, int, IResult> reply)
    {
        public ConcurrentQueue<InvocationRequest> Calls { get; } = new();

        public HandlerFunction Function => new(name, app => app.MapPost("/" + name, async (HttpContext context) =>
        {
            var invocation = (await context.Request.ReadFromJsonAsync<InvocationRequest>())!;
            Calls.Enqueue(invocation);
            return reply(invocation, Calls.Count);
        }));
    }

    // Names exactly as written (no camel-casing): a table row's PartitionKey is PartitionKey.
    private static IResult Answer(object outputs) =>
        Results.Json(new { Outputs = outputs, Logs = Array.Empty<string>(), ReturnValue = (object?)null }, JsonSerializerOptions.Default);

    private static HttpOutput Ok(string body = "done") => HttpOutput.Create(200, body, "text/plain");

    private static string Text(JsonElement element, string name) => element.GetProperty(name).GetString()!;

    // Rules: for each output binding the host takes Outputs[name]; a null or absent output is not written; without
    // dataType binary a string that decodes as base64 is written as those bytes, any other value as it is; with
    // dataType binary the value as it is. Source: src/WebJobs.Script/Workers/Http/HttpScriptInvocationResultExtensions.cs
    // (ToScriptInvocationResult, GetOutputValue, GetBindingValue). An array on a queue output is several messages
    // (DESIGN §7); the table output inserts, and an existing row fails the invocation, which an HTTP caller sees as 500.
    [Fact]
    public async Task Outputs_are_decoded_as_the_host_decodes_them_and_a_table_conflict_fails_the_call()
    {
        var write = new Recorder("Write", (invocation, _) => Answer(new Dictionary<string, object?>
        {
            ["res"] = Ok(),
            ["bytes"] = Convert.ToBase64String("hello\n"u8.ToArray()),
            ["raw"] = "aGVsbG8=",
            ["doc"] = new { a = 1, b = new[] { "x" } },
            ["plain"] = "not base64!",
            ["skipped"] = null,
            ["messages"] = new object[] { new { n = 1 }, new { n = 2 }, "three" },
            ["rows"] = new { PartitionKey = "acme", RowKey = "r1", size = 3 },
        }));
        var app = Repo.TempApp(Host, ("Write", """
            { "bindings": [
                { "type": "httpTrigger", "direction": "in", "name": "req", "methods": ["post"], "route": "write/{id}" },
                { "type": "http", "direction": "out", "name": "res" },
                { "type": "blob", "direction": "out", "name": "bytes", "path": "out/{id}.bin", "connection": "AzureWebJobsStorage" },
                { "type": "blob", "direction": "out", "name": "raw", "path": "out/{id}.raw", "dataType": "binary" },
                { "type": "blob", "direction": "out", "name": "doc", "path": "out/{id}.json" },
                { "type": "blob", "direction": "out", "name": "plain", "path": "out/{id}.txt" },
                { "type": "blob", "direction": "out", "name": "skipped", "path": "out/{id}.skipped" },
                { "type": "queue", "direction": "out", "name": "messages", "queueName": "jobs-{id}" },
                { "type": "table", "direction": "out", "name": "rows", "tableName": "Things" } ] }
            """));
        await using var serve = await Serve.StartAsync(app, moreFunctions: [write.Function]);
        var storage = serve.Host.Storage;

        var response = await serve.Client.PostAsync("/write/x1", null, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello\n"u8.ToArray(), await storage.Blobs.ReadAsync("out/x1.bin", Cancel));
        Assert.Equal("aGVsbG8="u8.ToArray(), await storage.Blobs.ReadAsync("out/x1.raw", Cancel));
        Assert.Equal("""{"a":1,"b":["x"]}""", Encoding.UTF8.GetString((await storage.Blobs.ReadAsync("out/x1.json", Cancel))!));
        Assert.Equal("not base64!", Encoding.UTF8.GetString((await storage.Blobs.ReadAsync("out/x1.txt", Cancel))!));
        Assert.False(storage.Blobs.Exists("out/x1.skipped"));
        Assert.Equal(["""{"n":1}""", """{"n":2}""", "three"], storage.Queues.Peek("jobs-x1"));
        Assert.Equal(3, storage.Tables.Get("Things", "acme", "r1")!.Properties["size"]!.GetValue<int>());

        // The same row again: the invocation fails, the caller gets 500 and the row keeps its first value.
        var again = await serve.Client.PostAsync("/write/x2", null, Cancel);
        Assert.Equal(HttpStatusCode.InternalServerError, again.StatusCode);
        Assert.Single(storage.Tables.All("Things"));
    }

    // Rule: a non-2xx answer from the handler fails the invocation (EnsureSuccessStatusCode): the HTTP caller gets 500
    // and no output is written, whatever the answer carried.
    // Source: src/WebJobs.Script/Workers/Http/DefaultHttpWorkerService.cs (ProcessDefaultInvocationRequest).
    [Fact]
    public async Task A_handler_error_fails_the_invocation_and_writes_no_output()
    {
        var fails = new Recorder("Fails", (_, _) => Results.Json(
            new { Outputs = new Dictionary<string, object> { ["res"] = Ok(), ["doc"] = new { a = 1 } }, Logs = Array.Empty<string>() }, statusCode: 503));
        var app = Repo.TempApp(Host, ("Fails", """
            { "bindings": [
                { "type": "httpTrigger", "direction": "in", "name": "req", "methods": ["post"], "route": "fails" },
                { "type": "http", "direction": "out", "name": "res" },
                { "type": "blob", "direction": "out", "name": "doc", "path": "out/fails.json" } ] }
            """));
        await using var serve = await Serve.StartAsync(app, moreFunctions: [fails.Function]);

        var response = await serve.Client.PostAsync("/fails", null, Cancel);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Single(fails.Calls);
        Assert.False(serve.Host.Storage.Blobs.Exists("out/fails.json"));
    }

    // Rules: each input binding's value is in Data under its name (ToHttpScriptInvocationContext); a blob input is
    // base64 with dataType binary, text otherwise, and null when the blob does not exist; a table input with a row key
    // is that entity (keys, Timestamp, properties) or null, with a partition key only an array of the partition's rows,
    // at most `take`. Source: src/WebJobs.Script/Workers/ScriptInvocationContextExtensions.cs (GetHttpScriptInvocationContextValue).
    [Fact]
    public async Task Inputs_are_in_Data_and_a_missing_blob_or_row_is_null()
    {
        var read = new Recorder("Read", (_, _) => Answer(new { res = Ok() }));
        var app = Repo.TempApp(Host, ("Read", """
            { "bindings": [
                { "type": "httpTrigger", "direction": "in", "name": "req", "methods": ["get"], "route": "read/{org}" },
                { "type": "http", "direction": "out", "name": "res" },
                { "type": "blob", "direction": "in", "name": "text", "path": "docs/{org}.json" },
                { "type": "blob", "direction": "in", "name": "bin", "path": "docs/{org}.json", "dataType": "binary" },
                { "type": "blob", "direction": "in", "name": "missing", "path": "docs/{org}-none.json" },
                { "type": "table", "direction": "in", "name": "row", "tableName": "Things", "partitionKey": "{org}", "rowKey": "r1" },
                { "type": "table", "direction": "in", "name": "noRow", "tableName": "Things", "partitionKey": "{org}", "rowKey": "zz" },
                { "type": "table", "direction": "in", "name": "rows", "tableName": "Things", "partitionKey": "{org}", "take": 2 } ] }
            """));
        await using var serve = await Serve.StartAsync(app, moreFunctions: [read.Function]);
        var storage = serve.Host.Storage;
        await storage.Blobs.WriteAsync("docs/acme.json", """{"name":"Acme"}"""u8.ToArray(), Cancel);
        foreach (var key in new[] { "r3", "r1", "r2" })
            storage.Tables.Insert("Things", new TableEntity("acme", key, new System.Text.Json.Nodes.JsonObject { ["n"] = key }, default));

        Assert.Equal(HttpStatusCode.OK, (await serve.Client.GetAsync("/read/acme", Cancel)).StatusCode);
        var data = Assert.Single(read.Calls).Data;
        Assert.Equal("""{"name":"Acme"}""", data["text"].GetString());
        Assert.Equal(Convert.ToBase64String("""{"name":"Acme"}"""u8.ToArray()), data["bin"].GetString());
        Assert.Equal(JsonValueKind.Null, data["missing"].ValueKind);
        Assert.Equal(("acme", "r1", "r1"), (Text(data["row"], "PartitionKey"), Text(data["row"], "RowKey"), Text(data["row"], "n")));
        Assert.True(DateTimeOffset.TryParse(Text(data["row"], "Timestamp"), out _));
        Assert.Equal(JsonValueKind.Null, data["noRow"].ValueKind);
        Assert.Equal(["r1", "r2"], data["rows"].EnumerateArray().Select(r => Text(r, "RowKey")));
        Assert.Equal(JsonValueKind.Object, data["req"].ValueKind);
    }

    private const string SubmitFunction = """
        { "bindings": [
            { "type": "httpTrigger", "direction": "in", "name": "req", "methods": ["post"], "route": "submit/{org}/{name}" },
            { "type": "http", "direction": "out", "name": "res" },
            { "type": "blob", "direction": "out", "name": "roster", "path": "rosters/{org}/{name}" } ] }
        """;
    private const string ProcessFunction = """
        { "bindings": [
            { "type": "blobTrigger", "direction": "in", "name": "roster", "path": "rosters/{org}/{name}", "dataType": "binary", "connection": "AzureWebJobsStorage" },
            { "type": "blob", "direction": "out", "name": "result", "path": "results/{org}/{name}.txt" } ] }
        """;

    /// <summary>Submit keeps the request body as the blob; Process answers with the blob's length as its result.</summary>
    private static Recorder Submit() => new("Submit", (invocation, _) => Answer(new Dictionary<string, object>
    {
        ["res"] = HttpOutput.Create(202, "kept", "text/plain"),
        ["roster"] = invocation.Data["req"].GetProperty("Body").GetString()!,
    }));

    private static Recorder Process(bool fail = false) => new("Process", (invocation, _) => fail
        ? Results.StatusCode(500)
        : Answer(new { result = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Convert.FromBase64String(invocation.Data["roster"].GetString()!).Length} bytes")) }));

    private static HttpContent Bytes(string text) => new ByteArrayContent(Encoding.UTF8.GetBytes(text)) { Headers = { ContentType = new("application/octet-stream") } };

    // Rules: a blob written through the host fires the blob trigger of the function whose path it matches, with the
    // blob in Data (base64 for dataType binary) and the trigger's binding data in Metadata: the path's parameters, Uri,
    // Properties, Metadata and sys, but not BlobTrigger (a name ending in "trigger" is left out because its value is
    // already in Data). Sources: src/WebJobs.Script/Workers/ScriptInvocationContextExtensions.cs (ToHttpScriptInvocationContext);
    // the WebJobs storage extension's BlobTriggerBinding (binding data) and BlobReceiptManager (receipts: a processed
    // blob version is never processed again, even after a restart). A file put in the folder by hand is picked up by a scan.
    [Fact]
    public async Task A_new_blob_triggers_its_function_once_and_receipts_hold_across_a_restart()
    {
        var app = Repo.TempApp(Host, ("Submit", SubmitFunction), ("Process", ProcessFunction));
        using var folder = new TempFolder("compliancerisk-serve-");
        var data = folder.Path;
        {
            var process = Process();
            await using var serve = await Serve.StartAsync(app, moreFunctions: [Submit().Function, process.Function], dataDirectory: data);
            var response = await serve.Client.PostAsync("/submit/acme/r1", Bytes("id,role\n1,CIO\n"), Cancel);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

            var result = await Eventually.Get(() => serve.Host.Storage.Blobs.ReadAsync("results/acme/r1.txt", Cancel), "the blob trigger's output");
            Assert.Equal("14 bytes", Encoding.UTF8.GetString(result));
            var call = Assert.Single(process.Calls);
            Assert.Equal(Convert.ToBase64String("id,role\n1,CIO\n"u8.ToArray()), call.Data["roster"].GetString());
            Assert.Equal("acme", call.Metadata["org"].GetString());
            Assert.Equal("r1", call.Metadata["name"].GetString());
            Assert.Equal(14, call.Metadata["Properties"].GetProperty("Length").GetInt64());
            Assert.StartsWith("file://", call.Metadata["Uri"].GetString());
            Assert.Equal(JsonValueKind.Object, call.Metadata["Metadata"].ValueKind);
            Assert.Equal("Process", call.Metadata["sys"].GetProperty("MethodName").GetString());
            Assert.False(call.Metadata.ContainsKey("BlobTrigger"));
        }

        // Again on the same data: r1 has its receipt. A file dropped in by hand is found by the scan, which sees r1 too
        // (and sooner), so once the dropped one is processed r1 would have been as well, were it not receipted.
        {
            var process = Process();
            await using var serve = await Serve.StartAsync(app, moreFunctions: [Submit().Function, process.Function], dataDirectory: data);
            await File.WriteAllTextAsync(Path.Combine(data, "blobs", "rosters", "acme", "dropped"), "id\n", Cancel);
            var result = await Eventually.Get(() => serve.Host.Storage.Blobs.ReadAsync("results/acme/dropped.txt", Cancel), "the dropped file's output");
            Assert.Equal("3 bytes", Encoding.UTF8.GetString(result));
            Assert.Equal(["dropped"], process.Calls.Select(c => c.Metadata["name"].GetString()));
        }
    }

    // Rules: a blob trigger that keeps failing is tried five times (maxDequeueCount), then its message goes to
    // webjobs-blobtrigger-poison; a queue trigger's message likewise to <queue>-poison, with DequeueCount counting the
    // tries. Sources: the WebJobs storage extension's QueueProcessor / QueueListener (MaxDequeueCount 5, CopyMessageToPoisonQueue)
    // and HostQueueNames (the blob trigger's poison queue); src/WebJobs.Script/Workers/Http/DefaultHttpWorkerService.cs
    // (a non-2xx answer is a failure).
    [Fact]
    public async Task Messages_that_keep_failing_end_in_the_poison_queue_after_five_tries()
    {
        var consume = new Recorder("Consume", (_, _) => Results.StatusCode(500));
        var process = Process(fail: true);
        var app = Repo.TempApp(Host, ("Submit", SubmitFunction), ("Process", ProcessFunction), ("Consume", """
            { "bindings": [ { "type": "queueTrigger", "direction": "in", "name": "message", "queueName": "jobs" } ] }
            """));
        await using var serve = await Serve.StartAsync(app, moreFunctions: [Submit().Function, process.Function, consume.Function]);
        var queues = serve.Host.Storage.Queues;

        queues.Enqueue("jobs", """{"org":"acme","period":"2026-11"}""");
        await serve.Client.PostAsync("/submit/acme/bad", Bytes("x"), Cancel);

        await Eventually.True(() => queues.Peek("jobs-poison").Count == 1, "the queue message in jobs-poison");
        await Eventually.True(() => queues.Peek(BlobTriggers.PoisonQueue).Count == 1, "the blob in webjobs-blobtrigger-poison");
        Assert.Equal([1, 2, 3, 4, 5], consume.Calls.Select(c => c.Metadata["DequeueCount"].GetInt32()));
        Assert.Equal("""{"org":"acme","period":"2026-11"}""", consume.Calls.First().Data["message"].GetString());
        Assert.Equal("acme", consume.Calls.First().Metadata["org"].GetString());
        Assert.Equal(5, process.Calls.Count);
        Assert.Contains("\"BlobName\":\"acme/bad\"", queues.Peek(BlobTriggers.PoisonQueue)[0]);
        Assert.Empty(queues.Peek("jobs"));
        Assert.False(serve.Host.Storage.Blobs.Exists("results/acme/bad.txt"));
    }

    // Rule: POST /admin/functions/{name} with {"input": …} runs a non-HTTP function now and answers 202; a blob
    // trigger's input is the blob's path, and such a run does not look at receipts. Unknown function 404. It takes the
    // master key, serve's operator key (ServeKeysTests checks that it takes nothing else).
    // Source: src/WebJobs.Script.WebHost/Controllers/FunctionsController.cs (Invoke).
    [Fact]
    public async Task The_admin_endpoint_runs_a_blob_triggered_function_again_on_request()
    {
        var process = Process();
        var app = Repo.TempApp(Host, ("Submit", SubmitFunction), ("Process", ProcessFunction));
        await using var serve = await Serve.StartAsync(app, moreFunctions: [Submit().Function, process.Function], keysFile: TestKeys.File());
        await serve.Client.PostAsync("/submit/acme/r1", Bytes("abc"), Cancel);
        await Eventually.True(() => process.Calls.Count == 1, "the first run");

        var response = await serve.Client.PostAsOperatorAsync("/admin/functions/Process", new { input = "rosters/acme/r1" }, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Eventually.True(() => process.Calls.Count == 2, "the run asked for");
        Assert.Equal("r1", process.Calls.Last().Metadata["name"].GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await serve.Client.PostAsOperatorAsync("/admin/functions/Nope", new { input = "x" }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await serve.Client.PostAsOperatorAsync("/admin/functions/Submit", new { input = "x" }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await serve.Client.PostAsOperatorAsync("/admin/functions/Process", new { input = "rosters/acme/none" }, Cancel)).StatusCode);
        Assert.Equal(2, process.Calls.Count);
    }

    // The app's EraseOrganization, run by serve from its function.json with serve's storage as the storage account: a
    // message on erasure-requests deletes the organization's blobs (<container>/{org}.json and under <container>/{org}/),
    // its partition of every table but AuditLog and, in those tables, the rows of a shared partition whose Organization
    // property is the organization (the Subscriptions versions), and nothing of another organization whose id merely
    // starts the same way; the erasure itself is an audit row.
    [Fact]
    public async Task An_erasure_request_deletes_the_organizations_data_and_keeps_its_audit_rows()
    {
        var delete = new Recorder("Delete", (invocation, _) => Answer(new Dictionary<string, object>
        {
            ["res"] = HttpOutput.Create(202, "", "text/plain"),
            ["erasure"] = new { org = "acme", requestedAt = "2026-11-22T09:00:00Z", requestedBy = "key-1" },
            ["audit"] = new { PartitionKey = "acme", RowKey = "erase-1", action = "delete-organization" },
        }));
        var app = Repo.TempApp(Host, ("Delete", """
            { "bindings": [
                { "type": "httpTrigger", "direction": "in", "name": "req", "methods": ["delete"], "route": "orgs/{org}" },
                { "type": "http", "direction": "out", "name": "res" },
                { "type": "queue", "direction": "out", "name": "erasure", "queueName": "erasure-requests" },
                { "type": "table", "direction": "out", "name": "audit", "tableName": "AuditLog" } ] }
            """), (EraseOrganizationFunction.Name, File.ReadAllText(Repo.File("src", "ComplianceRisk.Functions", "Functions", EraseOrganizationFunction.Name, "function.json"))));
        await using var serve = await Serve.StartAsync(app, moreFunctions: [delete.Function]);
        var storage = serve.Host.Storage;
        foreach (var path in new[] { "profiles/acme.json", "profiles/acme-2.json", "rosters/acme/r1", "rosters/acme-2/r1", "registers/acme/r1.xlsx" })
            await storage.Blobs.WriteAsync(path, "x"u8.ToArray(), Cancel);
        storage.Tables.Insert("Assessments", new TableEntity("acme", "r1", new(), default));
        storage.Tables.Insert("Assessments", new TableEntity("acme-2", "r1", new(), default));
        storage.Tables.Insert("AuditLog", new TableEntity("acme", "submit-1", new() { ["Organization"] = "acme" }, default));
        storage.Tables.Insert("Subscriptions", new TableEntity("subscriptions", "v1", new() { ["Organization"] = "acme", ["Hour"] = 8 }, default));
        storage.Tables.Insert("Subscriptions", new TableEntity("subscriptions", "v2", new() { ["Organization"] = "acme-2", ["Hour"] = 8 }, default));
        storage.Tables.Insert("Subscriptions", new TableEntity("subscriptions", "v3", new() { ["Organization"] = "acme" }, default));
        storage.Tables.Insert("Subscriptions", new TableEntity("subscriptions", "v4", new() { ["organization"] = "acme", ["Note"] = "acme" }, default));

        Assert.Equal(HttpStatusCode.Accepted, (await serve.Client.DeleteAsync("/orgs/acme", Cancel)).StatusCode);

        await Eventually.True(() => !storage.Blobs.Exists("profiles/acme.json"), "the erasure");
        await Eventually.True(() => storage.Queues.Peek(EraseOrganizationFunction.Queue).Count == 0, "the request completed");
        Assert.Equal(["profiles/acme-2.json"], storage.Blobs.List("profiles/").Select(b => b.Path));
        Assert.Equal(["rosters/acme-2/r1"], storage.Blobs.List("rosters/").Select(b => b.Path));
        Assert.Empty(storage.Blobs.List("registers/"));
        Assert.Equal(["acme-2"], storage.Tables.All("Assessments").Select(r => r.PartitionKey));
        var audit = storage.Tables.Partition("AuditLog", "acme");
        Assert.Equal(["erase-1", "submit-1"], audit.Select(r => r.RowKey).Where(k => !char.IsAsciiDigit(k[0])));
        var erasure = Assert.Single(audit, r => (string?)r.Properties["Action"] == AuditLog.Erasure);
        Assert.Equal(EraseOrganizationFunction.Actor, (string?)erasure.Properties["Who"]);
        // profiles/acme.json, rosters/acme/r1, registers/acme/r1.xlsx; Assessments acme/r1 and Subscriptions v1 and v3.
        Assert.Equal("3 blobs and 3 table rows erased (AuditLog kept)", (string?)erasure.Properties["Subject"]);
        // Only the exact property: another organization's version, and a row that names acme under another property, stay.
        Assert.Equal(["v2", "v4"], storage.Tables.All("Subscriptions").Select(r => r.RowKey));
    }

    // An organization's id may also be the app's name, under which the host keeps its keys (azure-webjobs-secrets/{host
    // id}/host.json, the Event Grid subscription's key among them): erasing the organization leaves every host container.
    [Fact]
    public async Task Erasing_an_organization_named_like_the_app_keeps_the_hosts_keys()
    {
        var folder = Directory.CreateTempSubdirectory("erase-host-").FullName;
        try
        {
            using var storage = LocalStorage.Open(folder, TimeProvider.System, Guid.NewGuid);
            foreach (var path in new[] { "azure-webjobs-secrets/func-abc123/host.json", "azure-webjobs-hosts/func-abc123/status", "rosters/func-abc123/r1" })
                await storage.Blobs.WriteAsync(path, "x"u8.ToArray(), Cancel);

            var erased = await EraseOrganizationFunction.EraseAsync(new LocalStorageAccount(storage), "func-abc123", Cancel);

            Assert.Equal(1, erased.Blobs);
            Assert.True(storage.Blobs.Exists("azure-webjobs-secrets/func-abc123/host.json"));
            Assert.True(storage.Blobs.Exists("azure-webjobs-hosts/func-abc123/status"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Rules: a timer trigger runs at each occurrence of its six-field cron schedule with Data[timer] = TimerInfo
    // (Schedule, ScheduleStatus, IsPastDue); an occurrence missed while the host was down runs once at the next start
    // with IsPastDue true, because the schedule monitor kept the next occurrence; the admin endpoint runs it now.
    // Sources: the WebJobs extensions' TimerTriggerBinding / TimerListener / StorageScheduleMonitor;
    // src/WebJobs.Script.WebHost/Controllers/FunctionsController.cs (Invoke).
    [Fact]
    public async Task A_timer_runs_on_its_schedule_catches_up_after_downtime_and_on_request()
    {
        var tick = new Recorder("Tick", (_, _) => Answer(new { }));
        var app = Repo.TempApp(Host, ("Tick", """
            { "bindings": [ { "type": "timerTrigger", "direction": "in", "name": "timer", "schedule": "0 0 * * * *" } ] }
            """));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 9, 30, 0, TimeSpan.Zero));
        using var folder = new TempFolder("compliancerisk-serve-");
        var data = folder.Path;
        {
            await using var serve = await Serve.StartAsync(app, moreFunctions: [tick.Function], dataDirectory: data, clock: clock);
            // Minute by minute until the 10:00 occurrence: the timer is waiting on the fake clock by then.
            await Eventually.True(() => { clock.Advance(TimeSpan.FromMinutes(1)); return !tick.Calls.IsEmpty; }, "the 10:00 run");
            var run = Assert.Single(tick.Calls);
            Assert.False(run.Data["timer"].GetProperty("IsPastDue").GetBoolean());
            // As TimerListener passes it: the status kept before the run, whose Next is the occurrence being run.
            Assert.Equal("2026-11-22T10:00:00.0000000Z", run.Data["timer"].GetProperty("ScheduleStatus").GetProperty("Next").GetString());
            Assert.Equal("Tick", run.Metadata["sys"].GetProperty("MethodName").GetString());
            await Eventually.True(() => serve.Host.Storage.Blobs.ReadAsync("azure-webjobs-hosts/timers/serve/Tick/status").Result is { } status
                && Encoding.UTF8.GetString(status).Contains("2026-11-22T11:00:00"), "the next occurrence recorded");
        }

        // Down from 10:05 to 12:30: the 11:00 and 12:00 occurrences were missed; the next start runs once, past due.
        clock.Advance(TimeSpan.FromMinutes(145));
        {
            await using var serve = await Serve.StartAsync(app, moreFunctions: [tick.Function], dataDirectory: data, clock: clock, keysFile: TestKeys.File());
            await Eventually.True(() => tick.Calls.Count == 2, "the past-due run");
            Assert.True(tick.Calls.Last().Data["timer"].GetProperty("IsPastDue").GetBoolean());
            var pastDue = tick.Calls.Last().Data["timer"].GetProperty("ScheduleStatus");
            Assert.Equal("2026-11-22T10:00:00.0000000Z", pastDue.GetProperty("Last").GetString());
            Assert.Equal("2026-11-22T11:00:00.0000000Z", pastDue.GetProperty("Next").GetString());

            Assert.Equal(HttpStatusCode.Accepted, (await serve.Client.PostAsOperatorAsync("/admin/functions/Tick", new { }, Cancel)).StatusCode);
            await serve.Host.AdminRunsAsync();
            Assert.Equal(3, tick.Calls.Count);
        }
    }

    private const string MailFunction = """
        { "bindings": [
            { "type": "httpTrigger", "direction": "in", "name": "req", "methods": ["post"], "route": "mail/{org}" },
            { "type": "http", "direction": "out", "name": "res" },
            { "type": "blob", "direction": "out", "name": "report", "path": "reports/{org}.bin" },
            { "type": "sendGrid", "direction": "out", "name": "mail", "apiKey": "AzureWebJobsSendGridApiKey",
              "from": "Reports Desk <reports@{org}.example>", "to": "fallback@{org}.example", "subject": "Report for {org}", "text": "See the attachment." },
            { "type": "table", "direction": "out", "name": "row", "tableName": "Reports", "partitionKey": "{org}", "rowKey": "done" } ] }
        """;

    /// <summary>A report's bytes: every byte value, so a lossy encoding anywhere would show.</summary>
    private static readonly byte[] Workbook = [.. Enumerable.Range(0, 256).Select(i => (byte)i), .. "PK\r\n\0end"u8.ToArray()];

    private static object MailJson(string org) => new Dictionary<string, object>
    {
        ["personalizations"] = new[] { new { to = new[] { new { email = "cio@example.org" }, new { email = "ciso@example.org" } } } },
        ["from"] = new { email = "compliance-reports@localhost", name = "ComplianceRisk" },
        ["subject"] = $"ComplianceRisk report {org} 2026-W48: readiness 71.1 (+2.5)",
        ["content"] = new[] { new { type = "text/plain", value = "Readiness 71.1 (+2.5) · Dr. Zoë Ruíz\nnew: ROLE:ehr-analyst" }, new { type = "text/html", value = "<p>Readiness <b>71.1</b> &amp; rising</p>" } },
        ["attachments"] = new[] { new { content = Convert.ToBase64String(Workbook), type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename = $"compliancerisk-{org}-2026-W48.xlsx", disposition = "attachment" } },
    };

    private static Recorder Mailer(Func<string, object?> mail) => new("Mail", (invocation, _) =>
    {
        var org = invocation.Metadata["org"].GetString()!;
        return Answer(new Dictionary<string, object?>
        {
            ["res"] = Ok(),
            ["report"] = Convert.ToBase64String(Workbook),
            ["mail"] = mail(org),
            ["row"] = new { Sent = true },
        });
    });

    // Rules: a sendGrid output's value is the SendGrid v3 mail/send JSON (an object, or a string holding one), which the
    // extension turns into a SendGridMessage; serve writes it as an RFC 5322 .eml in the outbox instead of sending it,
    // named {UTC time}-{function}-{invocation id}.eml, dated by serve's clock. Outputs go blobs, queues, mail, tables, so a
    // row that cannot be inserted fails the invocation after the mail is written (as a retry would send it again).
    // Source: Azure/azure-webjobs-sdk-extensions src/WebJobs.Extensions.SendGrid/Bindings/SendGridHelpers.cs (CreateMessage).
    [Fact]
    public async Task A_mail_output_lands_in_the_outbox_as_an_eml_with_its_text_html_and_attachment()
    {
        var mailer = Mailer(MailJson);
        await using var serve = await Serve.StartAsync(Repo.TempApp(Host, ("Mail", MailFunction)), moreFunctions: [mailer.Function]);

        Assert.Equal(HttpStatusCode.OK, (await serve.Client.PostAsync("/mail/acme", null, Cancel)).StatusCode);

        var file = Assert.Single(serve.Mail());
        // The organization's folder: the invocation's binding data names it (org), and its erasure deletes the folder.
        Assert.Equal(Path.Combine(serve.DataDirectory, "outbox", "acme"), Path.GetDirectoryName(file));
        Assert.Matches(@"^20261122T090000Z-Mail-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.eml$", Path.GetFileName(file));
        // RFC 5322 as a mail client sends it: CRLF line ends, 7-bit (non-ASCII text in a transfer encoding).
        var raw = await File.ReadAllBytesAsync(file, Cancel);
        Assert.All(raw, b => Assert.True(b < 128));
        Assert.DoesNotContain(raw.Select((b, i) => (b, i)), x => x.b == (byte)'\n' && (x.i == 0 || raw[x.i - 1] != (byte)'\r'));

        using var message = await MimeKit.MimeMessage.LoadAsync(file, Cancel);
        Assert.Equal("\"ComplianceRisk\" <compliance-reports@localhost>", message.From.ToString());
        Assert.Equal(["cio@example.org", "ciso@example.org"], message.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("ComplianceRisk report acme 2026-W48: readiness 71.1 (+2.5)", message.Subject);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero), message.Date);
        Assert.False(string.IsNullOrEmpty(message.MessageId));
        Assert.Equal("multipart/mixed", message.Body!.ContentType.MimeType);
        Assert.Equal("Readiness 71.1 (+2.5) · Dr. Zoë Ruíz\nnew: ROLE:ehr-analyst", message.TextBody!.ReplaceLineEndings("\n"));
        Assert.Equal("<p>Readiness <b>71.1</b> &amp; rising</p>", message.HtmlBody);
        var attachment = Assert.IsType<MimeKit.MimePart>(Assert.Single(message.Attachments));
        Assert.Equal("compliancerisk-acme-2026-W48.xlsx", attachment.FileName);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", attachment.ContentType.MimeType);
        using var bytes = new MemoryStream();
        await attachment.Content!.DecodeToAsync(bytes, Cancel);
        Assert.Equal(Workbook, bytes.ToArray());
        Assert.Equal(Workbook, await serve.Host.Storage.Blobs.ReadAsync("reports/acme.bin", Cancel));
        Assert.NotNull(serve.Host.Storage.Tables.Get("Reports", "acme", "done"));

        // The same organization again: its "done" row exists, so the invocation fails, but only once the mail is out.
        Assert.Equal(HttpStatusCode.InternalServerError, (await serve.Client.PostAsync("/mail/acme", null, Cancel)).StatusCode);
        Assert.Equal(2, serve.Mail().Count);
    }

    // Rules: where the message has no from, to, subject or content, the binding's own from, to, subject and text in
    // function.json fill it (binding expressions resolved; "Name <address>" parsed as MailAddress does); an array is
    // several messages. Source: src/WebJobs.Extensions.SendGrid/Bindings/SendGridHelpers.cs (DefaultMessageProperties).
    [Fact]
    public async Task The_bindings_from_to_subject_and_text_fill_what_a_message_leaves_out_and_an_array_is_several_mails()
    {
        var mailer = Mailer(org => new object[]
        {
            new { },
            new { personalizations = new[] { new { to = new[] { new { email = "board@example.org", name = "The Board" } } } }, subject = "Own subject", content = new[] { new { type = "text/plain", value = "own text" } } },
        });
        await using var serve = await Serve.StartAsync(Repo.TempApp(Host, ("Mail", MailFunction)), moreFunctions: [mailer.Function]);

        Assert.Equal(HttpStatusCode.OK, (await serve.Client.PostAsync("/mail/acme", null, Cancel)).StatusCode);

        var files = serve.Mail();
        Assert.Equal(2, files.Count);
        var secondFile = Assert.Single(files, f => f.EndsWith("-2.eml", StringComparison.Ordinal));
        using var first = await MimeKit.MimeMessage.LoadAsync(files.Single(f => f != secondFile), Cancel);
        Assert.Equal("\"Reports Desk\" <reports@acme.example>", first.From.ToString());
        Assert.Equal(["fallback@acme.example"], first.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("Report for acme", first.Subject);
        // A body that is a single text part ends with the line end MIME gives its last line.
        Assert.Equal("See the attachment.", first.TextBody!.TrimEnd());
        Assert.Empty(first.Attachments);
        using var second = await MimeKit.MimeMessage.LoadAsync(secondFile, Cancel);
        Assert.Equal("reports@acme.example", second.From.Mailboxes.Single().Address);
        Assert.Equal("\"The Board\" <board@example.org>", second.To.ToString());
        Assert.Equal("Own subject", second.Subject);
        Assert.Equal("own text", second.TextBody!.TrimEnd());
    }

    // Rules: a message with no recipient or no from fails the invocation (SendGridMessageAsyncCollector.AddAsync), and
    // so does one SendGrid's mail/send would refuse (an attachment whose content is not base64); serve checks the mail
    // before it writes any output, so nothing of the invocation is written. The error names the function and binding.
    [Fact]
    public async Task A_malformed_mail_fails_the_invocation_naming_the_function_and_binding_and_writes_nothing()
    {
        const string bare = """
            { "bindings": [
                { "type": "httpTrigger", "direction": "in", "name": "req", "methods": ["post"], "route": "mail/{org}" },
                { "type": "http", "direction": "out", "name": "res" },
                { "type": "blob", "direction": "out", "name": "report", "path": "reports/{org}.bin", "dataType": "binary" },
                { "type": "sendGrid", "direction": "out", "name": "mail", "apiKey": "AzureWebJobsSendGridApiKey" },
                { "type": "table", "direction": "out", "name": "row", "tableName": "Reports", "partitionKey": "{org}", "rowKey": "done" } ] }
            """;
        var cases = new Dictionary<string, (Func<JsonObject, JsonObject> Break, string Error)>
        {
            ["no-to"] = (m => { m.Remove("personalizations"); return m; }, "A 'To' address must be specified"),
            ["empty-to"] = (m => { m["personalizations"]![0]!["to"] = new JsonArray(); return m; }, "A 'To' address must be specified"),
            ["no-from"] = (m => { m.Remove("from"); return m; }, "A 'From' address must be specified"),
            ["bad-to"] = (m => { m["personalizations"]![0]!["to"]![0]!["email"] = "not an address"; return m; }, "'not an address' is not an email address"),
            ["bad-base64"] = (m => { m["attachments"]![0]!["content"] = "%%%not base64%%%"; return m; }, "attachment 'compliancerisk-bad-base64-2026-W48.xlsx': content is not base64"),
        };
        JsonObject Broken(string org) => cases[org].Break(JsonSerializer.SerializeToNode(MailJson(org))!.AsObject());
        var mailer = Mailer(Broken);
        await using var serve = await Serve.StartAsync(Repo.TempApp(Host, ("Mail", bare)), moreFunctions: [mailer.Function]);
        var binding = serve.Host.App.Find("Mail")!.Outputs.Single(b => b.Name == "mail");

        foreach (var (org, (_, error)) in cases)
        {
            Assert.Equal(HttpStatusCode.InternalServerError, (await serve.Client.PostAsync($"/mail/{org}", null, Cancel)).StatusCode);
            var failure = Assert.Throws<BindingException>(() => SendGridOutbox.Read("Mail", binding, null, JsonSerializer.SerializeToElement(Broken(org)), t => t));
            Assert.StartsWith("Mail (sendGrid 'mail'): ", failure.Message);
            Assert.Contains(error, failure.Message);
        }
        Assert.Empty(serve.Mail());
        Assert.Empty(serve.Host.Storage.Blobs.List("reports/"));
        Assert.Empty(serve.Host.Storage.Tables.All("Reports"));
    }

    // serve refuses at start what it cannot carry out, naming the function and the binding.
    [Fact]
    public async Task Serve_refuses_bindings_it_cannot_run_by_name()
    {
        var app = Repo.TempApp(Host, ("Filtered", """
            { "bindings": [
                { "type": "httpTrigger", "direction": "in", "name": "req", "route": "f" },
                { "type": "http", "direction": "out", "name": "res" },
                { "type": "table", "direction": "in", "name": "rows", "tableName": "Things", "partitionKey": "a", "filter": "x eq 1" },
                { "type": "sendGrid", "direction": "in", "name": "mail" },
                { "type": "cosmosDB", "direction": "out", "name": "doc" } ] }
            """), ("Hourly", """
            { "bindings": [ { "type": "timerTrigger", "direction": "in", "name": "timer", "schedule": "0 * * * *" } ] }
            """));
        var error = await Assert.ThrowsAsync<FunctionAppException>(() => Serve.StartAsync(app));
        Assert.Contains("Filtered (table 'rows'): \"filter\" is not supported", error.Message);
        Assert.Contains("Filtered (sendGrid 'mail'): a sendGrid binding is an output (direction out)", error.Message);
        Assert.Contains("Filtered (cosmosDB 'doc'): serve cannot run cosmosDB bindings", error.Message);
        Assert.Contains("Hourly (timerTrigger 'timer'): Hourly: schedule '0 * * * *' is not a six-field cron expression", error.Message);
    }
}
