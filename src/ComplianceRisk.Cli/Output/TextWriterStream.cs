using System.Text;

namespace ComplianceRisk.Cli.Output;

/// <summary>
/// A write-only stream that decodes UTF-8 into a text writer a piece at a time, so a document written for a stream (a
/// large assessment's JSON) reaches standard output without ever being one string: 100k rows make over a hundred
/// megabytes of JSON, twice that as a string.
/// </summary>
internal sealed class TextWriterStream(TextWriter writer) : Stream
{
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
    private readonly char[] _chars = new char[16 * 1024];

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => Decode(buffer, flush: false);

    /// <summary>
    /// Flushes the writer. A character whose bytes are split across writes stays in the decoder until its last byte
    /// comes, whenever the document's writer flushes; only the end of the stream (disposing it) finishes the decoding.
    /// </summary>
    public override void Flush() => writer.Flush();

    private void Decode(ReadOnlySpan<byte> bytes, bool flush)
    {
        bool completed;
        do
        {
            _decoder.Convert(bytes, _chars, flush, out var bytesUsed, out var charsUsed, out completed);
            writer.Write(_chars, 0, charsUsed);
            bytes = bytes[bytesUsed..];
        }
        while (!completed);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Decode([], flush: true);
            writer.Flush();
        }
        base.Dispose(disposing);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
