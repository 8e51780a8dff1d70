using Microsoft.Data.Sqlite;

namespace ComplianceRisk.Functions.Runtime.Storage;

/// <summary>
/// Blob trigger receipts, the local analogue of the host's <c>azure-webjobs-hosts/blobreceipts/…</c>: one row per
/// function, blob path and ETag. A row is made when the blob version is queued for its function and marked done when
/// the function succeeded, so a version is queued once and processed once, across restarts.
/// </summary>
public sealed class BlobReceipts
{
    private readonly string _connectionString;

    public BlobReceipts(string file)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        Execute("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS receipts (
                function TEXT NOT NULL, path TEXT NOT NULL, etag TEXT NOT NULL, done INTEGER NOT NULL,
                PRIMARY KEY (function, path, etag));
            """);
    }

    /// <summary>True when this blob version already has a receipt for the function (queued or done).</summary>
    public bool Exists(string function, string path, string etag) => Count("SELECT COUNT(*) FROM receipts WHERE function = $f AND path = $p AND etag = $e", function, path, etag) > 0;

    public bool IsDone(string function, string path, string etag) => Count("SELECT COUNT(*) FROM receipts WHERE function = $f AND path = $p AND etag = $e AND done = 1", function, path, etag) > 0;

    public void MarkQueued(string function, string path, string etag) =>
        Execute("INSERT OR IGNORE INTO receipts VALUES ($f, $p, $e, 0)", ("$f", function), ("$p", path), ("$e", etag));

    public void MarkDone(string function, string path, string etag) =>
        Execute("INSERT INTO receipts VALUES ($f, $p, $e, 1) ON CONFLICT (function, path, etag) DO UPDATE SET done = 1", ("$f", function), ("$p", path), ("$e", etag));

    private long Count(string sql, string function, string path, string etag)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$f", function);
        command.Parameters.AddWithValue("$p", path);
        command.Parameters.AddWithValue("$e", etag);
        return (long)command.ExecuteScalar()!;
    }

    private void Execute(string sql, params (string Name, string Value)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
