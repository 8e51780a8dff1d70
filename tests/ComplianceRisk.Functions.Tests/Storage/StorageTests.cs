using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceRisk.Functions.Runtime.Storage;

namespace ComplianceRisk.Functions.Tests.Storage;

/// <summary>The local runtime's blobs, tables and queues keep the storage semantics the bindings rely on.</summary>
public sealed class StorageTests
{
    private static string TempFolder() => TestTemp.Folder("compliancerisk-store-");

    [Fact]
    public async Task Blobs_round_trip_list_by_prefix_and_never_leave_the_store()
    {
        var store = new BlobStore(TempFolder());
        await store.WriteAsync("rosters/acme/2026-11-22T09-00-00Z-1", "a,b\n"u8.ToArray(), TestContext.Current.CancellationToken);
        await store.WriteAsync("rosters/acme/2026-11-22T10-00-00Z-2", "c,d\n"u8.ToArray(), TestContext.Current.CancellationToken);
        await store.WriteAsync("rosters/beta/x", "e\n"u8.ToArray(), TestContext.Current.CancellationToken);

        Assert.Equal("a,b\n"u8.ToArray(), await store.ReadAsync("rosters/acme/2026-11-22T09-00-00Z-1", TestContext.Current.CancellationToken));
        Assert.Null(await store.ReadAsync("rosters/acme/missing", TestContext.Current.CancellationToken));
        Assert.Equal(["rosters/acme/2026-11-22T09-00-00Z-1", "rosters/acme/2026-11-22T10-00-00Z-2"], store.List("rosters/acme/").Select(b => b.Path));
        Assert.Equal(3, store.List("rosters").Count());
        Assert.True(store.Delete("rosters/acme/2026-11-22T09-00-00Z-1"));
        Assert.False(store.Delete("rosters/acme/2026-11-22T09-00-00Z-1"));
        Assert.Equal(["rosters/acme/2026-11-22T10-00-00Z-2", "rosters/beta/x"], store.List("rosters/").Select(b => b.Path));

        Assert.Throws<ArgumentException>(() => store.FileOf("rosters/../../etc/passwd"));
        Assert.Throws<ArgumentException>(() => store.FileOf("../outside"));
        Assert.Throws<ArgumentException>(() => store.FileOf("Rosters/x"));
    }

    [Fact]
    public async Task A_blob_write_replaces_it_whole_and_leaves_no_partial_file()
    {
        var store = new BlobStore(TempFolder());
        await store.WriteAsync("profiles/acme.json", "{\"v\":1}"u8.ToArray(), TestContext.Current.CancellationToken);
        await store.WriteAsync("profiles/acme.json", "{\"v\":2}"u8.ToArray(), TestContext.Current.CancellationToken);
        Assert.Equal("{\"v\":2}"u8.ToArray(), await store.ReadAsync("profiles/acme.json", TestContext.Current.CancellationToken));
        Assert.Single(Directory.EnumerateFiles(Path.Combine(store.Root, "profiles")));
    }

    /// <summary>
    /// serve killed while writing a blob leaves the write's temporary file, the roster's bytes included; it is no blob, so
    /// nothing lists it and erasing the organization would not find it. A serve that opens the data folder, which it then
    /// owns alone, removes such leftovers.
    /// </summary>
    [Fact]
    public async Task A_blob_half_written_when_serve_was_killed_is_gone_once_serve_restarts_and_erasure_leaves_no_file_of_the_organization()
    {
        var root = TempFolder();
        using (var before = LocalStorage.Open(root, Serve.Clock, Guid.NewGuid))
            await before.Blobs.WriteAsync("rosters/acme/2026-11-22T09-00-00Z-1", "employee_id,name\nE1,Ann Lee\n"u8.ToArray(), TestContext.Current.CancellationToken);
        // What a kill between AtomicFile's write and its rename leaves beside the blob.
        var leftover = Path.Combine(root, "blobs", "rosters", "acme", $"2026-11-22T10-00-00Z-2.{Guid.NewGuid():N}.partial");
        File.WriteAllText(leftover, "employee_id,name\nE2,Bo Park\n");

        using var storage = LocalStorage.Open(root, Serve.Clock, Guid.NewGuid);
        await EraseOrganizationFunction.EraseAsync(new LocalStorageAccount(storage), "acme", TestContext.Current.CancellationToken);

        // Nor a folder named after it: only the containers stay.
        Assert.False(Directory.Exists(Path.Combine(root, "blobs", "rosters", "acme")), "rosters/acme/ is left behind");
        Assert.True(Directory.Exists(Path.Combine(root, "blobs", "rosters")));
    }

    [Fact]
    public async Task Deleting_a_blob_removes_the_folders_it_leaves_empty_and_a_later_write_makes_them_again()
    {
        var store = new BlobStore(TempFolder());
        var cancel = TestContext.Current.CancellationToken;
        await store.WriteAsync("rejected/acme/reports/2026-W47.json", "{}"u8.ToArray(), cancel);
        await store.WriteAsync("rejected/acme/2026-11-22T09-00-00Z-1.json", "{}"u8.ToArray(), cancel);

        Assert.True(store.Delete("rejected/acme/reports/2026-W47.json"));
        Assert.False(Directory.Exists(Path.Combine(store.Root, "rejected", "acme", "reports")));
        // acme/ still holds a blob.
        Assert.True(Directory.Exists(Path.Combine(store.Root, "rejected", "acme")));
        Assert.True(store.Delete("rejected/acme/2026-11-22T09-00-00Z-1.json"));
        Assert.False(Directory.Exists(Path.Combine(store.Root, "rejected", "acme")));
        Assert.Equal(["rejected"], store.Containers());

        await store.WriteAsync("rejected/acme/reports/2026-W48.json", "{}"u8.ToArray(), cancel);
        Assert.Equal(["rejected/acme/reports/2026-W48.json"], store.List("rejected/").Select(b => b.Path));
    }

    /// <summary>
    /// An organization whose id is also the key of a shared partition (<c>subscriptions</c>, where every organization's
    /// subscription versions are kept) is erased without taking the other organizations' rows with it.
    /// </summary>
    [Fact]
    public async Task Erasing_an_organization_named_like_a_shared_partition_leaves_the_other_organizations_rows_in_it()
    {
        using var storage = LocalStorage.Open(TempFolder(), Serve.Clock, Guid.NewGuid);
        storage.Tables.Insert("Subscriptions", new TableEntity("subscriptions", "v1", new JsonObject { ["Organization"] = "acme" }, default));
        storage.Tables.Insert("Subscriptions", new TableEntity("subscriptions", "v2", new JsonObject { ["Organization"] = "subscriptions" }, default));
        storage.Tables.Insert("Assessments", new TableEntity("subscriptions", "r1", new JsonObject { ["Status"] = "Assessed" }, default));

        var erased = await EraseOrganizationFunction.EraseAsync(new LocalStorageAccount(storage), "subscriptions", TestContext.Current.CancellationToken);

        Assert.Equal(["v1"], storage.Tables.Partition("Subscriptions", "subscriptions").Select(r => r.RowKey));
        Assert.Empty(storage.Tables.Partition("Assessments", "subscriptions"));
        Assert.Equal(2, erased.Rows);
    }

    [Fact]
    public void Table_rows_are_inserted_once_and_read_by_partition_in_row_key_order()
    {
        var tables = new TableStore(Path.Combine(TempFolder(), "tables.sqlite"), Serve.Clock);
        tables.Insert("Assessments", new TableEntity("acme", "b", new JsonObject { ["readiness"] = 71.1 }, default));
        tables.Insert("Assessments", new TableEntity("acme", "a", new JsonObject { ["readiness"] = 64.0 }, default));
        tables.Insert("Assessments", new TableEntity("beta", "a", new JsonObject(), default));

        Assert.Equal(["a", "b"], tables.Partition("Assessments", "acme").Select(r => r.RowKey));
        Assert.Equal(71.1, tables.Get("Assessments", "acme", "b")!.Properties["readiness"]!.GetValue<double>());
        Assert.Null(tables.Get("Assessments", "acme", "c"));
        Assert.Throws<TableConflictException>(() => tables.Insert("Assessments", new TableEntity("acme", "a", new JsonObject { ["readiness"] = 1 }, default)));
        Assert.Equal(64.0, tables.Get("Assessments", "acme", "a")!.Properties["readiness"]!.GetValue<double>());
        Assert.Equal(2, tables.DeletePartition("Assessments", "acme"));
        Assert.Single(tables.All("Assessments"));

        var entity = TableStore.FromJson(JsonDocument.Parse("""{"PartitionKey":"acme","RowKey":"r1","who":"key-1"}""").RootElement, Serve.Clock.GetUtcNow());
        Assert.Equal(("acme", "r1"), (entity.PartitionKey, entity.RowKey));
        Assert.Equal("key-1", entity.Properties["who"]!.GetValue<string>());
        Assert.False(entity.Properties.ContainsKey("PartitionKey"));
    }

    [Fact]
    public void Rows_inserted_together_land_all_or_none()
    {
        var tables = new TableStore(Path.Combine(TempFolder(), "tables.sqlite"), Serve.Clock);
        tables.Insert("Assessments", new TableEntity("acme", "r1", new JsonObject(), default));
        Assert.Throws<TableConflictException>(() => tables.InsertAll([
            ("AuditLog", new TableEntity("acme", "a1", new JsonObject(), default)),
            ("Assessments", new TableEntity("acme", "r1", new JsonObject(), default))]));
        Assert.Empty(tables.All("AuditLog"));

        tables.InsertAll([("AuditLog", new TableEntity("acme", "a1", new JsonObject(), default)), ("Assessments", new TableEntity("acme", "r2", new JsonObject(), default))]);
        Assert.Single(tables.All("AuditLog"));
        Assert.Equal(2, tables.All("Assessments").Count);
    }

    [Fact]
    public void A_queue_message_taken_is_hidden_until_its_timeout_and_comes_back_if_not_completed()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
        var queues = new QueueStore(Path.Combine(TempFolder(), "queues.sqlite"), clock, Guid.NewGuid);
        queues.Enqueue("report-requests", """{"org":"acme"}""");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        queues.Enqueue("report-requests", """{"org":"beta"}""");

        var first = queues.TryDequeue("report-requests", TimeSpan.FromMinutes(1))!;
        Assert.Equal("""{"org":"acme"}""", first.Body);
        Assert.Equal(1, first.DequeueCount);
        var second = queues.TryDequeue("report-requests", TimeSpan.FromMinutes(1))!;
        Assert.Equal("""{"org":"beta"}""", second.Body);
        Assert.Null(queues.TryDequeue("report-requests", TimeSpan.FromMinutes(1)));

        Assert.True(queues.Complete(second));
        clock.Advance(TimeSpan.FromMinutes(2));
        var again = queues.TryDequeue("report-requests", TimeSpan.FromMinutes(1))!;
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(2, again.DequeueCount);
        // The old receipt no longer completes it: someone else holds the message now.
        Assert.False(queues.Complete(first));
        Assert.True(queues.Complete(again));
        Assert.Empty(queues.Peek("report-requests"));
    }

    [Fact]
    public void A_message_that_keeps_failing_moves_to_the_poison_queue_after_five_attempts()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
        var queues = new QueueStore(Path.Combine(TempFolder(), "queues.sqlite"), clock, Guid.NewGuid);
        queues.Enqueue("report-requests", "bad");
        for (var attempt = 1; attempt <= QueueStore.MaxDequeueCount; attempt++)
        {
            var message = queues.TryDequeue("report-requests", TimeSpan.FromMinutes(1))!;
            Assert.Equal(attempt, message.DequeueCount);
            Assert.True(queues.Abandon(message, TimeSpan.Zero));
        }
        Assert.Null(queues.TryDequeue("report-requests", TimeSpan.FromMinutes(1)));
        Assert.Equal(["bad"], queues.Peek("report-requests-poison"));
    }

    [Fact]
    public void Queues_survive_the_process_a_new_store_on_the_same_file_sees_the_messages()
    {
        var file = Path.Combine(TempFolder(), "queues.sqlite");
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
        new QueueStore(file, clock, Guid.NewGuid).Enqueue("q", "kept");
        var taken = new QueueStore(file, clock, Guid.NewGuid).TryDequeue("q", TimeSpan.FromSeconds(30));
        Assert.Equal("kept", taken!.Body);
        // A crash while holding it: after the timeout the next process gets it again.
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("kept", new QueueStore(file, clock, Guid.NewGuid).TryDequeue("q", TimeSpan.FromSeconds(30))!.Body);
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;
        public void Advance(TimeSpan by) => _now += by;
        public override DateTimeOffset GetUtcNow() => _now;
    }
}
