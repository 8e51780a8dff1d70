namespace ComplianceRisk.Functions.Runtime.Storage;

/// <summary>
/// Everything <c>serve</c> keeps under <c>--data</c>: blobs as files under <c>blobs/</c>, tables in <c>tables.sqlite</c>,
/// queues in <c>queues.sqlite</c> and blob trigger receipts in <c>blob-receipts.sqlite</c>. One serve at a time owns a
/// data folder (a lock file says so), which is what lets a starting serve take back the messages a killed one held.
/// </summary>
public sealed class LocalStorage : IDisposable
{
    private readonly FileStream _lock;

    private LocalStorage(string root, FileStream lockFile, TimeProvider clock, Func<Guid> newId)
    {
        Root = root;
        _lock = lockFile;
        Blobs = new BlobStore(Path.Combine(root, "blobs"));
        Blobs.DeleteUnfinishedWrites();
        Tables = new TableStore(Path.Combine(root, "tables.sqlite"), clock);
        Queues = new QueueStore(Path.Combine(root, "queues.sqlite"), clock, newId);
        Receipts = new BlobReceipts(Path.Combine(root, "blob-receipts.sqlite"));
    }

    public string Root { get; }
    public BlobStore Blobs { get; }
    public TableStore Tables { get; }
    public QueueStore Queues { get; }
    public BlobReceipts Receipts { get; }

    /// <summary>Opens (creating if need be) a data folder; an error naming the folder if another serve has it open.</summary>
    public static LocalStorage Open(string root, TimeProvider clock, Func<Guid> newId)
    {
        root = Path.GetFullPath(root);
        Directory.CreateDirectory(root);
        FileStream lockFile;
        try
        {
            // FileShare.None is an exclusive lock between processes (flock on Linux); the OS drops it when a process dies.
            lockFile = new FileStream(Path.Combine(root, "serve.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new Contract.FunctionAppException($"the data folder {root} is in use by another serve ({e.Message})");
        }
        try
        {
            return new LocalStorage(root, lockFile, clock, newId);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    public void Dispose() => _lock.Dispose();
}
