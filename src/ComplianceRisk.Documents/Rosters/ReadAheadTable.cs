using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Documents.Rosters;

/// <summary>
/// A table whose rows are read on a thread of their own, a few batches ahead of whoever takes them: parsing a
/// large document (CSV fields, sheet XML) and importing its rows then use both cores instead of taking turns.
/// The rows, their order, the reader's warnings and the point at which a reader's failure is thrown are
/// exactly those of the table read directly: the failure is thrown after the rows read before it, and the
/// reader has finished before the warnings are read or the table is disposed.
/// </summary>
/// <remarks>
/// Only for large documents (<see cref="RosterDocument"/> decides): a thread costs more than it returns on a
/// small roster. Memory stays bounded by the few batches in flight.
/// </remarks>
internal sealed class ReadAheadTable(IRosterTable inner) : IRosterTable
{
    private const int BatchRows = 512;
    private const int BatchesAhead = 8;

    public string Sheet => inner.Sheet;

    /// <summary>The reader's warnings: complete once the rows have all been taken (the reader has finished by then).</summary>
    public IReadOnlyList<RosterWarning> Warnings => inner.Warnings;

    public IEnumerable<TableRow> ReadRows()
    {
        using var batches = new BlockingCollection<TableRow[]>(BatchesAhead);
        using var stop = new CancellationTokenSource();
        ExceptionDispatchInfo? failure = null;
        var reader = new Thread(() =>
        {
            try
            {
                var batch = new List<TableRow>(BatchRows);
                foreach (var row in inner.ReadRows())
                {
                    batch.Add(row);
                    if (batch.Count < BatchRows) continue;
                    batches.Add([.. batch], stop.Token);
                    batch.Clear();
                }
                if (batch.Count > 0) batches.Add([.. batch], stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The rows are no longer wanted (the import stopped early).
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                batches.CompleteAdding();
            }
        })
        { IsBackground = true, Name = "Roster reader" };
        reader.Start();
        try
        {
            foreach (var batch in batches.GetConsumingEnumerable())
                foreach (var row in batch)
                    yield return row;
            reader.Join();
            failure?.Throw();
        }
        finally
        {
            // Stopped early or failed: release the reader and wait for it, so that nothing reads the document
            // once the table is disposed.
            stop.Cancel();
            reader.Join();
        }
    }

    public void Dispose() => inner.Dispose();
}
