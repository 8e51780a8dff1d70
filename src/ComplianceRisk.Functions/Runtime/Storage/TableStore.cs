using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace ComplianceRisk.Functions.Runtime.Storage;

/// <summary>One table row: its keys and its other properties as a JSON object.</summary>
public sealed record TableEntity(string PartitionKey, string RowKey, JsonObject Properties, DateTimeOffset Timestamp);

public sealed class TableConflictException(string message) : Exception(message);

/// <summary>
/// Table storage for <c>serve</c>, in SQLite. Like the table output binding it only inserts: a row that exists is a
/// conflict, never overwritten, because tables hold facts written once (DESIGN §7). Deleting a whole partition is
/// offered for erasing an organization.
/// </summary>
public sealed class TableStore
{
    private readonly string _connectionString;
    private readonly TimeProvider _clock;

    public TableStore(string file, TimeProvider clock)
    {
        _clock = clock;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        using var connection = Open();
        Execute(connection, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS entities (
                table_name TEXT NOT NULL, partition_key TEXT NOT NULL, row_key TEXT NOT NULL,
                properties TEXT NOT NULL, timestamp TEXT NOT NULL,
                PRIMARY KEY (table_name, partition_key, row_key));
            """);
    }

    public void Insert(string table, TableEntity entity) => InsertAll([(table, entity)]);

    /// <summary>
    /// Inserts rows of any tables in one transaction: all or none. One invocation's rows land together, so a crash
    /// never leaves an "assessed" row without its audit row.
    /// </summary>
    public void InsertAll(IReadOnlyList<(string Table, TableEntity Entity)> rows)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        foreach (var (table, entity) in rows)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO entities VALUES ($t, $p, $r, $json, $ts)";
            command.Parameters.AddWithValue("$t", table);
            command.Parameters.AddWithValue("$p", entity.PartitionKey);
            command.Parameters.AddWithValue("$r", entity.RowKey);
            command.Parameters.AddWithValue("$json", entity.Properties.ToJsonString());
            command.Parameters.AddWithValue("$ts", _clock.GetUtcNow().ToString("O"));
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: the row exists
            {
                throw new TableConflictException($"table {table} already has the row {entity.PartitionKey}/{entity.RowKey}");
            }
        }
        transaction.Commit();
    }

    public TableEntity? Get(string table, string partitionKey, string rowKey) =>
        Query(table, "partition_key = $p AND row_key = $r", ("$p", partitionKey), ("$r", rowKey)).SingleOrDefault();

    /// <summary>A partition's rows in row-key order (how the table input binding lists them).</summary>
    public IReadOnlyList<TableEntity> Partition(string table, string partitionKey) =>
        Query(table, "partition_key = $p", ("$p", partitionKey));

    public IReadOnlyList<TableEntity> All(string table) => Query(table, "1 = 1");

    /// <summary>
    /// Deletes a partition's rows; with <paramref name="ownerProperty"/>, not those whose property of that name holds
    /// anything but the partition key (a shared partition's rows say whose they are by that property).
    /// </summary>
    public int DeletePartition(string table, string partitionKey, string? ownerProperty = null)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM entities WHERE table_name = $t AND partition_key = $p"
            + (ownerProperty is null ? "" : " AND (json_extract(properties, $path) IS NULL OR json_extract(properties, $path) = $p)");
        command.Parameters.AddWithValue("$t", table);
        command.Parameters.AddWithValue("$p", partitionKey);
        if (ownerProperty is not null) command.Parameters.AddWithValue("$path", "$." + JsonSerializer.Serialize(ownerProperty));
        return command.ExecuteNonQuery();
    }

    /// <summary>The tables that hold at least one row (a table with none is not told apart from no table).</summary>
    public IReadOnlyList<string> TableNames()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT table_name FROM entities ORDER BY table_name";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    /// <summary>
    /// Deletes the rows of a table whose string property <paramref name="property"/> is <paramref name="value"/>, in any
    /// partition: rows kept in a shared partition (one per organization in <c>Subscriptions</c>) say whose they are by a
    /// property rather than by their partition key.
    /// </summary>
    public int DeleteWhereProperty(string table, string property, string value)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        // json_extract's path quotes the name, so any property name is looked up literally.
        command.CommandText = "DELETE FROM entities WHERE table_name = $t AND json_extract(properties, $path) = $v";
        command.Parameters.AddWithValue("$t", table);
        command.Parameters.AddWithValue("$path", "$." + JsonSerializer.Serialize(property));
        command.Parameters.AddWithValue("$v", value);
        return command.ExecuteNonQuery();
    }

    private List<TableEntity> Query(string table, string where, params (string Name, string Value)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT partition_key, row_key, properties, timestamp FROM entities WHERE table_name = $t AND {where} ORDER BY partition_key, row_key";
        command.Parameters.AddWithValue("$t", table);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        var rows = new List<TableEntity>();
        while (reader.Read())
            rows.Add(new TableEntity(reader.GetString(0), reader.GetString(1), (JsonObject)JsonNode.Parse(reader.GetString(2))!, DateTimeOffset.Parse(reader.GetString(3), System.Globalization.CultureInfo.InvariantCulture)));
        return rows;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The properties of an entity as the host's table binding would store them from a JSON object.</summary>
    public static TableEntity FromJson(JsonElement json, DateTimeOffset timestamp)
    {
        var properties = JsonNode.Parse(json.GetRawText()) as JsonObject ?? throw new ArgumentException("a table row is a JSON object");
        var partition = properties["PartitionKey"]?.GetValue<string>() ?? throw new ArgumentException("a table row needs a PartitionKey");
        var row = properties["RowKey"]?.GetValue<string>() ?? throw new ArgumentException("a table row needs a RowKey");
        // As Azure Table Storage does: a key it refuses fails the write there, so it fails it here too, not later in Azure.
        foreach (var (name, key) in new[] { ("PartitionKey", partition), ("RowKey", row) })
            if (!Handler.TableKeys.IsValid(key))
                throw new ArgumentException($"the {name} '{key}' holds a character Azure Table Storage refuses in a key (/ \\ # ? or a control character)");
        properties.Remove("PartitionKey");
        properties.Remove("RowKey");
        return new TableEntity(partition, row, properties, timestamp);
    }
}
