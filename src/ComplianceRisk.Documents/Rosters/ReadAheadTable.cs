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
/// small roster. Memory stays bounded by the few batches in flight, which are used again once their rows are taken.
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
        using var batches = new BlockingCollection<Batch>(BatchesAhead);
        // Batches whose rows have all been taken, for the reader to fill again: a dozen batches serve the whole
        // document, instead of an array per row.
        var free = new ConcurrentQueue<Batch>();
        using var stop = new CancellationTokenSource();
        ExceptionDispatchInfo? failure = null;
        var reader = new Thread(() =>
        {
            try
            {
                var batch = free.TryDequeue(out var reused) ? reused : new Batch();
                foreach (var row in inner.ReadRows())
                {
                    batch.Add(row);
                    if (!batch.IsFull) continue;
                    batches.Add(batch, stop.Token);
                    batch = free.TryDequeue(out reused) ? reused : new Batch();
                }
                if (batch.Count > 0) batches.Add(batch, stop.Token);
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
            {
                for (var i = 0; i < batch.Count; i++) yield return batch.Rows[i];
                // The next row is being read: the batch's last row is no longer valid (TableRow), so it can be filled again.
                batch.Clear();
                free.Enqueue(batch);
            }
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

    /// <summary>Rows read ahead, holding copies of their cells (the inner table's are valid only until its next row).</summary>
    private sealed class Batch
    {
        public readonly TableRow[] Rows = new TableRow[BatchRows];
        public int Count { get; private set; }
        public bool IsFull => Count == Rows.Length;

        // The cells of all the batch's rows, one after the other; made larger when a batch's rows are wider.
        private CellValue[] _cells = new CellValue[BatchRows * 16];
        private int _used;

        public void Add(TableRow row)
        {
            var cells = row.Cells.Span;
            if (_used + cells.Length > _cells.Length)
            {
                // The rows added so far keep the array they were copied to.
                _cells = new CellValue[Math.Max(2 * _cells.Length, cells.Length)];
                _used = 0;
            }
            cells.CopyTo(_cells.AsSpan(_used));
            Rows[Count++] = row with { Cells = _cells.AsMemory(_used, cells.Length) };
            _used += cells.Length;
        }

        /// <summary>Empties the batch, letting go of the texts its cells held.</summary>
        public void Clear()
        {
            Array.Clear(_cells, 0, _used);
            Array.Clear(Rows, 0, Count);
            (Count, _used) = (0, 0);
        }
    }

    public void Dispose() => inner.Dispose();
}
