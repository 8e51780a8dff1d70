using System.IO.Hashing;

namespace ComplianceRisk.Documents.Rosters;

/// <summary>What a workbook package's ZIP directory says of one part: its expanded size and the CRC-32 of its bytes.</summary>
internal readonly record struct DeclaredPart(long Length, uint Crc32);

/// <summary>
/// A read-only view of a workbook part's bytes held to what the ZIP directory declares for it: reading fails
/// once more than the size limit has been read, and, when the part is read to its end, if its length or CRC-32
/// differs from the declared ones. .NET's ZIP reader checks neither, and a stored part changed in transit (one
/// byte of an employee id) is otherwise read as if it were what the spreadsheet program saved.
/// </summary>
/// <param name="declared">Null when the directory does not list the part: then only <paramref name="limit"/> applies.</param>
internal sealed class DeclaredPartStream(Stream inner, DeclaredPart? declared, long limit, Func<Exception> tooLarge, Func<Exception> corrupt) : Stream
{
    private readonly Crc32? _crc = declared is null ? null : new Crc32();
    private long _read;
    private bool _checked;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        _read += read;
        if (_read > limit) throw tooLarge();
        _crc?.Append(buffer[..read]);
        if (read == 0 && buffer.Length > 0) CheckEnd();
        return read;
    }

    /// <summary>At the end of the data (once): the bytes read are the ones the directory declared.</summary>
    private void CheckEnd()
    {
        if (_checked || declared is not { } part) return;
        _checked = true;
        if (_read != part.Length || _crc!.GetCurrentHashAsUInt32() != part.Crc32) throw corrupt();
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
