using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace ComplianceRisk.Documents.Packaging;

/// <summary>
/// A write-only stream that hands what is written to a thread of its own, which writes it on to the target. A
/// streamed sheet's XML is written into a deflating ZIP entry: with the hand-off the XML is made on one core while
/// the previous chunks are deflated on another, instead of one after the other (a 100k-risk register spends about
/// as long deflating as making its XML). Order is kept, so the bytes are the same either way. At most a few
/// chunks wait, so memory stays bounded whichever side is slower.
/// </summary>
internal sealed class HandOffStream : Stream
{
    private readonly Stream _target;
    private readonly BlockingCollection<(byte[] Buffer, int Length)> _queue = new(boundedCapacity: 4);
    private readonly Thread _worker;
    private volatile Exception? _failure;
    private bool _completed;

    public HandOffStream(Stream target)
    {
        _target = target;
        _worker = new Thread(Drain) { IsBackground = true, Name = "ComplianceRisk deflate" };
        _worker.Start();
    }

    private void Drain()
    {
        foreach (var (buffer, length) in _queue.GetConsumingEnumerable())
        {
            try
            {
                if (_failure is null) _target.Write(buffer, 0, length);
            }
            catch (Exception e)
            {
                // Kept for the writing side, which rethrows it on its next write or at Complete.
                _failure = e;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfFailed();
        var copy = ArrayPool<byte>.Shared.Rent(buffer.Length);
        buffer.CopyTo(copy);
        _queue.Add((copy, buffer.Length));
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Waits until everything written has reached the target; rethrows what went wrong there.</summary>
    public void Complete()
    {
        if (!_completed)
        {
            _completed = true;
            _queue.CompleteAdding();
            _worker.Join();
        }
        ThrowIfFailed();
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure) ExceptionDispatchInfo.Capture(failure).Throw();
    }

    protected override void Dispose(bool disposing)
    {
        // Without Complete (the writing side failed): stop the worker and drop what is left, without throwing over
        // the exception that is already on its way.
        if (disposing && !_completed)
        {
            _completed = true;
            _queue.CompleteAdding();
            _worker.Join();
        }
        if (disposing) _queue.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
