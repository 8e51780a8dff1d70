using Microsoft.Data.Sqlite;

namespace ComplianceRisk.Functions.Runtime.Storage;

/// <summary>A message taken from a queue: hidden from others until its visibility timeout ends or it is completed.</summary>
public sealed record QueueMessage(string Id, string Queue, string Body, int DequeueCount, string PopReceipt, DateTimeOffset InsertedAt);

/// <summary>
/// Durable queues for <c>serve</c>, in SQLite, with Azure Storage queue semantics: a message taken is invisible for a
/// visibility timeout and comes back if it is not completed (so a crash loses nothing), and one taken
/// <see cref="MaxDequeueCount"/> times without success moves to <c>{queue}-poison</c> (the host's queue trigger default).
/// </summary>
public sealed class QueueStore
{
    public const int MaxDequeueCount = 5;
    public const string PoisonSuffix = "-poison";

    /// <summary>Moves message $id to queue $poison, visible at $now, as a new message there (not taken, never dequeued).</summary>
    private const string MoveToPoison = "UPDATE messages SET queue = $poison, visible_at = $now, dequeue_count = 0, pop_receipt = NULL WHERE id = $id";

    private readonly string _connectionString;
    private readonly TimeProvider _clock;
    private readonly Func<Guid> _newId;

    public QueueStore(string file, TimeProvider clock, Func<Guid> newId)
    {
        _clock = clock;
        _newId = newId;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS messages (
                id TEXT PRIMARY KEY, queue TEXT NOT NULL, body TEXT NOT NULL,
                inserted_at TEXT NOT NULL, visible_at TEXT NOT NULL, dequeue_count INTEGER NOT NULL, pop_receipt TEXT);
            CREATE INDEX IF NOT EXISTS messages_by_queue ON messages (queue, visible_at);
            """;
        command.ExecuteNonQuery();
    }

    public string Enqueue(string queue, string body)
    {
        var id = _newId().ToString("N");
        var now = Stamp(_clock.GetUtcNow());
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO messages VALUES ($id, $q, $body, $now, $now, 0, NULL)";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$q", queue);
        command.Parameters.AddWithValue("$body", body);
        command.Parameters.AddWithValue("$now", now);
        command.ExecuteNonQuery();
        return id;
    }

    /// <summary>
    /// Takes the oldest visible message (in the order they were queued: SQLite's rowid, since several can share a time), hiding it for <paramref name="visibilityTimeout"/>. A message already taken
    /// <see cref="MaxDequeueCount"/> times is moved to the poison queue instead of being handed out again.
    /// </summary>
    public QueueMessage? TryDequeue(string queue, TimeSpan visibilityTimeout, string? poisonQueue = null)
    {
        var now = _clock.GetUtcNow();
        using var connection = Open();
        using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable);
        while (true)
        {
            using var select = connection.CreateCommand();
            select.Transaction = transaction;
            select.CommandText = "SELECT id, body, inserted_at, dequeue_count FROM messages WHERE queue = $q AND visible_at <= $now ORDER BY rowid LIMIT 1";
            select.Parameters.AddWithValue("$q", queue);
            select.Parameters.AddWithValue("$now", Stamp(now));
            string id, body, inserted;
            int count;
            using (var reader = select.ExecuteReader())
            {
                if (!reader.Read()) { transaction.Commit(); return null; }
                (id, body, inserted, count) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3));
            }
            using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.Parameters.AddWithValue("$id", id);
            if (count >= MaxDequeueCount)
            {
                update.CommandText = MoveToPoison;
                update.Parameters.AddWithValue("$poison", poisonQueue ?? queue + PoisonSuffix);
                update.Parameters.AddWithValue("$now", Stamp(now));
                update.ExecuteNonQuery();
                continue;
            }
            var receipt = _newId().ToString("N");
            update.CommandText = "UPDATE messages SET visible_at = $until, dequeue_count = dequeue_count + 1, pop_receipt = $receipt WHERE id = $id";
            update.Parameters.AddWithValue("$until", Stamp(now + visibilityTimeout));
            update.Parameters.AddWithValue("$receipt", receipt);
            update.ExecuteNonQuery();
            transaction.Commit();
            return new QueueMessage(id, queue, body, count + 1, receipt, DateTimeOffset.Parse(inserted, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Done with a message: it is deleted, if the receipt is still the current one (else someone else has it now).</summary>
    public bool Complete(QueueMessage message) => Change(message, "DELETE FROM messages WHERE id = $id AND pop_receipt = $receipt");

    /// <summary>Failed: the message becomes visible again after <paramref name="delay"/>.</summary>
    public bool Abandon(QueueMessage message, TimeSpan delay)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE messages SET visible_at = $at WHERE id = $id AND pop_receipt = $receipt";
        command.Parameters.AddWithValue("$at", Stamp(_clock.GetUtcNow() + delay));
        command.Parameters.AddWithValue("$id", message.Id);
        command.Parameters.AddWithValue("$receipt", message.PopReceipt);
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>
    /// Failed: the message comes back after <paramref name="delay"/>, or, once it has been taken
    /// <see cref="MaxDequeueCount"/> times, moves to the poison queue now (the host's QueueListener does the same
    /// on the last failure). Returns the queue it is in afterwards.
    /// </summary>
    public string Fail(QueueMessage message, TimeSpan delay, string? poisonQueue = null)
    {
        if (message.DequeueCount < MaxDequeueCount)
        {
            Abandon(message, delay);
            return message.Queue;
        }
        var poison = poisonQueue ?? message.Queue + PoisonSuffix;
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = MoveToPoison + " AND pop_receipt = $receipt";
        command.Parameters.AddWithValue("$poison", poison);
        command.Parameters.AddWithValue("$now", Stamp(_clock.GetUtcNow()));
        command.Parameters.AddWithValue("$id", message.Id);
        command.Parameters.AddWithValue("$receipt", message.PopReceipt);
        command.ExecuteNonQuery();
        return poison;
    }

    /// <summary>
    /// Makes every message taken but not completed visible again. Only for a process that owns the store alone
    /// (serve holds a lock on its data folder) when it starts: whatever was in flight belonged to a process that is
    /// gone, so it need not wait out its visibility timeout. Dequeue counts are kept, so a message that keeps
    /// crashing the process still ends in the poison queue.
    /// </summary>
    public int ReleaseAll()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE messages SET visible_at = $now, pop_receipt = NULL WHERE pop_receipt IS NOT NULL AND visible_at > $now";
        command.Parameters.AddWithValue("$now", Stamp(_clock.GetUtcNow()));
        return command.ExecuteNonQuery();
    }

    /// <summary>Every message in a queue, visible or not, oldest first (for tests and the poison queue's inspection).</summary>
    public IReadOnlyList<string> Peek(string queue)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM messages WHERE queue = $q ORDER BY rowid";
        command.Parameters.AddWithValue("$q", queue);
        using var reader = command.ExecuteReader();
        var bodies = new List<string>();
        while (reader.Read()) bodies.Add(reader.GetString(0));
        return bodies;
    }

    private bool Change(QueueMessage message, string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", message.Id);
        command.Parameters.AddWithValue("$receipt", message.PopReceipt);
        return command.ExecuteNonQuery() == 1;
    }

    // Sortable as text: SQLite compares these strings, so they must all have one fixed format.
    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture);

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
