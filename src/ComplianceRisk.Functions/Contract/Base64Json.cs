using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Text.Json;

namespace ComplianceRisk.Functions.Contract;

/// <summary>
/// Bytes as the envelope carries them: a JSON string of their base64, escaped as the writer escapes any string (its
/// encoder's <c>+</c> as <c>\u002B</c>, or not), so the text is byte for byte what serializing
/// <see cref="Convert.ToBase64String(byte[])"/> with the same options gives. A roster's assessment is over a hundred megabytes of base64: these make one copy of it, in UTF-8, where the
/// string route made a UTF-16 string twice its size and then a JSON copy of that.
/// </summary>
public static class Base64Json
{
    // Whole groups of three bytes, so the base64 of each chunk joins the next one's with no padding between them.
    private const int ChunkBytes = 3 * 1024;
    private const int ChunkText = 4 * 1024;

    /// <summary>A JSON string element holding the base64 of <paramref name="bytes"/>.</summary>
    public static JsonElement Element(ReadOnlySpan<byte> bytes)
    {
        // Sized exactly, as a growing buffer would double: the writer asks for room to escape every character of a chunk.
        var buffer = new ArrayBufferWriter<byte>(EscapedLength(bytes) + 6 * ChunkText + 2);
        using (var writer = new Utf8JsonWriter(buffer)) Write(writer, bytes);
        // The document keeps the buffer as it is: no second copy of the text.
        return JsonDocument.Parse(buffer.WrittenMemory).RootElement;
    }

    /// <summary>Writes the base64 of <paramref name="bytes"/> as a JSON string value.</summary>
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> bytes)
    {
        Span<byte> text = stackalloc byte[ChunkText];
        WriteChunks(writer, ref bytes, text, int.MaxValue);
    }

    /// <summary>
    /// Writes the base64 of <paramref name="bytes"/> as a JSON string value, handing it to <paramref name="output"/> a
    /// megabyte at a time, so that no more of it than that is ever held as text.
    /// </summary>
    public static async ValueTask WriteAsync(Utf8JsonWriter writer, ReadOnlyMemory<byte> bytes, PipeWriter output, CancellationToken cancellationToken)
    {
        const int ChunksPerFlush = 256;
        var text = new byte[ChunkText];
        do
        {
            WriteChunks(writer, ref bytes, text, ChunksPerFlush);
            writer.Flush();
            await output.FlushAsync(cancellationToken);
        }
        while (!bytes.IsEmpty);
    }

    /// <summary>Up to <paramref name="count"/> chunks of the string (at least one), the last one final.</summary>
    private static void WriteChunks(Utf8JsonWriter writer, ref ReadOnlySpan<byte> bytes, scoped Span<byte> text, int count)
    {
        do
        {
            var chunk = bytes[..Math.Min(ChunkBytes, bytes.Length)];
            bytes = bytes[chunk.Length..];
            Base64.EncodeToUtf8(chunk, text, out _, out var written);
            writer.WriteStringValueSegment(text[..written], isFinalSegment: bytes.IsEmpty);
        }
        while (!bytes.IsEmpty && --count > 0);
    }

    private static void WriteChunks(Utf8JsonWriter writer, ref ReadOnlyMemory<byte> bytes, Span<byte> text, int count)
    {
        var span = bytes.Span;
        var before = span.Length;
        WriteChunks(writer, ref span, text, count);
        bytes = bytes[(before - span.Length)..];
    }

    /// <summary>
    /// The bytes of a base64 string element, decoded from its UTF-8 text; null when it is not base64. A text the strict
    /// decoder refuses (one with white space, which <see cref="Convert.FromBase64String"/> skips) goes the string route,
    /// so what decodes is exactly what the host decodes.
    /// </summary>
    public static byte[]? Bytes(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String) return null;
        if (value.TryGetBytesFromBase64(out var bytes)) return bytes;
        try
        {
            return Convert.FromBase64String(value.GetString()!);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The length of the JSON string: quotes, base64, and five more bytes for each escaped <c>+</c>.</summary>
    private static int EscapedLength(ReadOnlySpan<byte> bytes)
    {
        var length = 2 + Base64.GetMaxEncodedToUtf8Length(bytes.Length);
        Span<byte> text = stackalloc byte[ChunkText];
        while (!bytes.IsEmpty)
        {
            var chunk = bytes[..Math.Min(ChunkBytes, bytes.Length)];
            bytes = bytes[chunk.Length..];
            Base64.EncodeToUtf8(chunk, text, out _, out var written);
            length += 5 * text[..written].Count((byte)'+');
        }
        return length;
    }
}
