using System.Text;
using System.Text.Json;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Runtime.Storage;

namespace ComplianceRisk.Functions.Runtime;

/// <summary>
/// Blob triggers, the way the host runs them with receipts (BlobTriggerExecutor, BlobQueueTriggerExecutor and
/// BlobReceiptManager in the WebJobs storage extension): a new or changed blob that matches a trigger path is put, as a
/// message naming the function, the blob and its ETag, on an internal queue; a worker takes the message, invokes the
/// function and, when it succeeded, writes a receipt for that blob version, so it is never processed again, across
/// restarts. A failing blob is retried and, on its fifth failure, its message goes to <see cref="PoisonQueue"/>.
/// </summary>
public sealed class BlobTriggers
{
    /// <summary>The host's queue is <c>azure-webjobs-blobtrigger-{hostId}</c>; serve has one host.</summary>
    public const string QueueName = "azure-webjobs-blobtrigger-serve";
    /// <summary>The host's poison queue for blob triggers (HostQueueNames.BlobTriggerPoisonQueue).</summary>
    public const string PoisonQueue = "webjobs-blobtrigger-poison";

    private readonly LocalStorage _storage;
    private readonly EnvelopeInvoker _invoker;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<(FunctionDefinition Function, BindingDefinition Trigger)> _functions;
    private readonly Lock _scanning = new();
    // Blob versions known to have a receipt, so a scan asks the receipts database only about new ones.
    private readonly HashSet<(string Function, string Path, string ETag)> _receipted = [];
    // What the previous scan saw: a file put in the folder by hand is taken once it stopped changing.
    private Dictionary<string, string> _previousScan = new(StringComparer.Ordinal);

    public BlobTriggers(FunctionApp app, LocalStorage storage, EnvelopeInvoker invoker, ILogger logger)
    {
        _storage = storage;
        _invoker = invoker;
        _logger = logger;
        _functions = [.. app.Functions.Where(f => f.Trigger is { } t && StorageBindings.Is(t.Type, BindingTypes.BlobTrigger)).Select(f => (f, f.Trigger!))];
    }

    public bool Any => _functions.Count > 0;

    /// <summary>Raised when a blob version was queued for a function.</summary>
    public event Action? Queued;

    /// <summary>A blob written through serve: queued now for every function whose trigger path it matches.</summary>
    public void Notice(string path)
    {
        if (_storage.Blobs.Find(path) is not { } blob) return;
        lock (_scanning) Consider(blob);
    }

    /// <summary>
    /// Looks at every blob under the trigger containers and queues the versions no receipt covers. Files that changed
    /// since the previous scan wait for the next one, so a file still being copied in is not taken half written.
    /// </summary>
    public void Scan()
    {
        lock (_scanning)
        {
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var container in _functions.Select(f => Container(f.Trigger.Path!)).Distinct(StringComparer.Ordinal))
                foreach (var blob in _storage.Blobs.List(container + "/"))
                {
                    seen[blob.Path] = blob.ETag;
                    if (_previousScan.TryGetValue(blob.Path, out var before) && before == blob.ETag) Consider(blob);
                }
            _previousScan = seen;
        }
    }

    private void Consider(BlobItem blob)
    {
        var queued = false;
        foreach (var (function, trigger) in _functions)
        {
            if (BindingPaths.Match(trigger.Path!, blob.Path) is null) continue;
            var key = (function.Name, blob.Path, blob.ETag);
            if (_receipted.Contains(key)) continue;
            if (!_storage.Receipts.Exists(function.Name, blob.Path, blob.ETag))
            {
                // Queued before the receipt is made: a crash in between queues it twice, and the worker skips the
                // second message once the first has its receipt. The other order could lose the blob.
                _storage.Queues.Enqueue(QueueName, JsonSerializer.Serialize(new BlobTriggerMessage("BlobTrigger", function.Name, "BlockBlob",
                    Container(blob.Path), blob.Path[(blob.Path.IndexOf('/') + 1)..], blob.ETag)));
                _storage.Receipts.MarkQueued(function.Name, blob.Path, blob.ETag);
                queued = true;
                _logger.LogInformation("{Function}: new blob {Path} queued", function.Name, blob.Path);
            }
            _receipted.Add(key);
        }
        if (queued) Queued?.Invoke();
    }

    /// <summary>The worker's part: one message of the internal queue. False makes it retry (and, the fifth time, poison it).</summary>
    public async Task<bool> HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<BlobTriggerMessage>(message.Body);
        var target = _functions.FirstOrDefault(f => f.Function.Name == request?.FunctionId);
        if (request is null || target.Function is null)
        {
            _logger.LogError("Blob trigger message {Id} names no blob-triggered function: {Body}", message.Id, message.Body);
            return false;
        }
        var path = $"{request.ContainerName}/{request.BlobName}";
        if (_storage.Receipts.IsDone(request.FunctionId, path, request.ETag)) return true;
        // Gone, or written again since: nothing to do for this version (a newer one has a message of its own).
        if (_storage.Blobs.Find(path) is not { } blob || blob.ETag != request.ETag) return true;
        var content = await _storage.Blobs.ReadAsync(path, cancellationToken);
        if (content is null) return true;
        if (await InvokeAsync(target.Function, target.Trigger, blob, content, cancellationToken) is null) return false;
        _storage.Receipts.MarkDone(request.FunctionId, path, request.ETag);
        return true;
    }

    /// <summary>
    /// Invokes a blob-triggered function on one blob (the worker, and the admin endpoint, which bypasses receipts as the
    /// host's does). Data holds the blob (base64 with <c>dataType: binary</c>, text otherwise); Metadata the trigger's
    /// binding data (BlobTriggerBinding: the path's parameters, Uri, Properties, Metadata, and sys) except BlobTrigger,
    /// which ToHttpScriptInvocationContext leaves out as it leaves out every name ending in "trigger".
    /// </summary>
    public async Task<InvocationResponse?> InvokeAsync(FunctionDefinition function, BindingDefinition trigger, BlobItem blob, byte[] content, CancellationToken cancellationToken)
    {
        var captures = BindingPaths.Match(trigger.Path!, blob.Path) ?? throw new BindingException($"{blob.Path} does not match {function.Name}'s trigger path {trigger.Path}");
        var values = new Dictionary<string, string>(captures, StringComparer.OrdinalIgnoreCase) { ["BlobTrigger"] = blob.Path };
        var metadata = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in captures) metadata[key] = JsonSerializer.SerializeToElement(value);
        metadata["Uri"] = JsonSerializer.SerializeToElement(new Uri(_storage.Blobs.FileOf(blob.Path)).AbsoluteUri);
        metadata["Properties"] = JsonSerializer.SerializeToElement(new
        {
            blob.Length,
            LastModified = blob.LastModified.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            blob.ETag,
            ContentType = "application/octet-stream",
            BlobType = "BlockBlob",
        });
        metadata["Metadata"] = JsonSerializer.SerializeToElement(new Dictionary<string, string>());
        metadata["sys"] = _invoker.Sys(function.Name);
        var data = string.Equals(trigger.DataType, "binary", StringComparison.OrdinalIgnoreCase) ? Base64Json.Element(content) : JsonSerializer.SerializeToElement(Encoding.UTF8.GetString(content));
        return await _invoker.InvokeAsync(function, trigger.Name, data, values, metadata, cancellationToken);
    }

    private static string Container(string path) => path[..path.IndexOf('/')];

    /// <summary>The host's blob trigger queue message (BlobTriggerMessage in the WebJobs storage extension).</summary>
    private sealed record BlobTriggerMessage(string Type, string FunctionId, string BlobType, string ContainerName, string BlobName, string ETag);
}
