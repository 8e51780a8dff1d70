using ComplianceRisk.Functions.Runtime.Storage;

namespace ComplianceRisk.Functions.Runtime;

/// <summary>
/// Takes a queue's messages one at a time, as the host's queue listener does for a trigger: a message is hidden while it
/// is handled, deleted when that succeeds, made visible again when it fails, and moved to the poison queue on its
/// <see cref="QueueStore.MaxDequeueCount"/>th failure (QueueListener / QueueProcessor in the WebJobs storage extension).
/// One message at a time per queue: simple, and all a laptop needs.
/// </summary>
public sealed class QueueWorker(QueueStore queues, string queue, string? poisonQueue, Func<QueueMessage, CancellationToken, Task<bool>> handle, ServeOptions options, ILogger logger)
{
    private readonly SemaphoreSlim _wake = new(0);

    public string Queue => queue;

    /// <summary>A message was just queued: look now rather than at the next poll.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0) _wake.Release();
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            QueueMessage? message;
            try
            {
                message = queues.TryDequeue(queue, options.VisibilityTimeout, poisonQueue);
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                // A busy database (another writer mid-transaction) is worth another try, not the end of the worker.
                logger.LogWarning("Queue {Queue}: cannot take a message now ({Message})", queue, e.Message);
                message = null;
            }
            if (message is null)
            {
                try
                {
                    await _wake.WaitAsync(options.PollInterval, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }

            bool succeeded;
            try
            {
                succeeded = await handle(message, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Stopping mid-invocation: the message stays taken, and the next start of serve takes it back.
                return;
            }
            catch (Exception e)
            {
                logger.LogError("Queue {Queue}: message {Id} failed ({Message})", queue, message.Id, e.Message);
                succeeded = false;
            }
            if (succeeded)
            {
                queues.Complete(message);
                continue;
            }
            var now = queues.Fail(message, options.RetryDelay, poisonQueue);
            if (now != queue)
                logger.LogError("Queue {Queue}: message {Id} failed {Count} times and was moved to {Poison}", queue, message.Id, message.DequeueCount, now);
        }
    }
}
