using System.Text;
using Microsoft.Data.Sqlite;
using ComplianceRisk.Documents.Rosters;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Functions.Runtime;
using ComplianceRisk.Functions.Runtime.Storage;

namespace ComplianceRisk.Functions.Tests.EndToEnd;

/// <summary>
/// serve killed with SIGKILL while it processes rosters, then started again on the same data: every roster ends with
/// exactly one Assessments row, one audit row and its documents; nothing lost, nothing twice.
/// </summary>
public sealed class KillTests
{
    private const string Org = "kill-test-hospital";
    private const int Rosters = 4;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Rows of a table partition, read beside a running serve (SQLite in WAL mode lets a reader in while it writes).</summary>
    private static long CountRows(string data, string table) =>
        Count(data, "tables.sqlite", "SELECT COUNT(*) FROM entities WHERE table_name = $t AND partition_key = $p", ("$t", table), ("$p", Org));

    /// <summary>Messages still on the blob trigger queue, taken or not: the worker deletes one only after its receipt is written.</summary>
    private static long CountQueued(string data) =>
        Count(data, "queues.sqlite", "SELECT COUNT(*) FROM messages WHERE queue = $q", ("$q", BlobTriggers.QueueName));

    private static long Count(string data, string database, string sql, params (string Name, string Value)[] parameters)
    {
        var file = Path.Combine(data, database);
        if (!File.Exists(file)) return 0;
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        try
        {
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            return 0; // not created yet
        }
    }

    /// <summary>Puts a file into serve's blob folder the way a person would copy it there (whole, then renamed in).</summary>
    private static void Drop(string data, string path, byte[] content)
    {
        var file = Path.Combine(data, "blobs", path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file + ".copying", content);
        File.Move(file + ".copying", file);
    }

    // The rosters are dropped into the data folder rather than sent over HTTP: org routes need a signed-in principal,
    // which the CLI's serve does not take from a test, and the blob trigger does not care how a blob arrived.
    [Fact]
    public async Task Killing_serve_while_it_processes_and_starting_it_again_loses_nothing_and_duplicates_nothing()
    {
        var data = TestTemp.Folder("compliancerisk-kill-");
        var catalog = DefaultCatalog.Load();
        Drop(data, $"profiles/{Org}.json", OrganizationWorkspaceTests.Profile(Org));
        // Large rosters, so that processing them takes a while and the kill lands in the middle of it. Names as
        // SubmitRoster makes them: the submission time, then a GUID.
        for (var seed = 1; seed <= Rosters; seed++)
        {
            var csv = new StringWriter();
            new SyntheticRoster(catalog, new Random(seed), new DateOnly(2026, 11, 22)).WriteCsv(csv, 4000);
            Drop(data, $"rosters/{Org}/2026-11-22T09-00-0{seed}Z-{new Guid(seed, 0, 0, new byte[8]):D}", Encoding.UTF8.GetBytes(csv.ToString()));
        }

        long doneAtKill;
        using (var serve = await ServeProcess.StartAsync(data))
        {
            await Eventually.True(() => CountRows(data, "Assessments") > 0, "the first roster processed", TimeSpan.FromMinutes(3));
            serve.Kill();
            doneAtKill = CountRows(data, "Assessments");
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{doneAtKill} of {Rosters} rosters were processed when serve was killed");
        // Otherwise the kill did not land in the middle of the work and the rest of the test would prove nothing.
        Assert.True(doneAtKill < Rosters, $"all {Rosters} rosters were already processed when serve was killed");

        using (var serve = await ServeProcess.StartAsync(data))
        {
            await Eventually.True(() => CountRows(data, "Assessments") == Rosters, "every roster processed after the restart", TimeSpan.FromMinutes(4));
            // The last row is written before the worker records its receipt and deletes its message; killing serve in
            // between is a crash like the first one, not the clean finish this part checks.
            await Eventually.True(() => CountQueued(data) == 0, "the blob trigger queue drained after the restart", TimeSpan.FromMinutes(1));
            serve.Kill();
        }

        using var storage = LocalStorage.Open(data, TimeProvider.System, Guid.NewGuid);
        var names = storage.Blobs.List($"rosters/{Org}/").Select(b => b.Path[$"rosters/{Org}/".Length..]).ToList();
        Assert.Equal(Rosters, names.Count);
        var rows = storage.Tables.Partition("Assessments", Org);
        Assert.Equal(names, rows.Select(r => r.RowKey));
        Assert.All(rows, row => Assert.Equal("Assessed", row.Properties["Status"]!.GetValue<string>()));
        var assessed = storage.Tables.Partition("AuditLog", Org).Where(r => r.Properties["Action"]!.GetValue<string>() == "assessment").ToList();
        Assert.Equal(names.Select(n => $"assessments/{Org}/{n}.json"), assessed.Select(r => r.Properties["Subject"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(names.Select(n => $"assessments/{Org}/{n}.json"), storage.Blobs.List($"assessments/{Org}/").Select(b => b.Path));
        Assert.Equal(names.Select(n => $"registers/{Org}/{n}.xlsx"), storage.Blobs.List($"registers/{Org}/").Select(b => b.Path));
        Assert.Empty(storage.Blobs.List($"rejected/{Org}/"));
        Assert.Empty(storage.Queues.Peek(BlobTriggers.QueueName));
        Assert.Empty(storage.Queues.Peek(BlobTriggers.PoisonQueue));
    }
}
