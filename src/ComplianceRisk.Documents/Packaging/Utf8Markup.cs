using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Unicode;

namespace ComplianceRisk.Documents.Packaging;

/// <summary>
/// Writes XML as UTF-8 bytes straight into a buffer that is handed to a stream when full: markup the caller
/// spells out, numbers formatted in place and text checked, escaped and encoded in one pass. A register's big
/// sheet is millions of cells; an <see cref="System.Xml.XmlWriter"/> (or the SDK's element objects on top of one)
/// costs several times the deflate that follows, this costs less than it. The caller writes well-formed markup.
/// </summary>
/// <remarks>
/// The text loop is this class's own, vectorized by hand and compiled optimized at once: the library's vectorized
/// searches are generic methods that a process writing one register runs unoptimized (tier 0) for much of its
/// life, which made them the slowest part of the writer.
/// </remarks>
internal sealed class Utf8Markup(Stream output) : IDisposable
{
    // Room for the longest cell text (32,767 characters) at the longest escape (six bytes, &quot;) in one go.
    private const int Size = 256 * 1024;
    public const int MaxText = Size / 6 - 16;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Size);
    private int _used;

    /// <summary>Markup as UTF-8 bytes, written as given (a <c>"…"u8</c> literal).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Raw(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > _buffer.Length - _used)
        {
            Flush();
            if (utf8.Length > _buffer.Length)
            {
                output.Write(utf8);
                return;
            }
        }
        utf8.CopyTo(_buffer.AsSpan(_used));
        _used += utf8.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Raw(byte b)
    {
        if (_used == _buffer.Length) Flush();
        _buffer[_used++] = b;
    }

    /// <summary>Markup spelled in a string the caller built (names, references, numbers): written unescaped.</summary>
    public void Raw(string markup)
    {
        var rest = markup.AsSpan();
        while (true)
        {
            var status = Utf8.FromUtf16(rest, _buffer.AsSpan(_used), out var read, out var written, replaceInvalidSequences: true, isFinalBlock: true);
            _used += written;
            rest = rest[read..];
            if (status != OperationStatus.DestinationTooSmall) return;
            Flush();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Number(long value)
    {
        if (_buffer.Length - _used < 20) Flush();
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_used), out var written);
        _used += written;
    }

    /// <summary>A double in <paramref name="format"/>; by default the shortest text that reads back as the same value ("R").</summary>
    public void Number(double value, string format = "R")
    {
        if (_buffer.Length - _used < 64) Flush();
        if (!value.TryFormat(_buffer.AsSpan(_used), out var written, format, System.Globalization.CultureInfo.InvariantCulture))
            throw new ArgumentException($"{value} does not fit in 64 bytes as {format}");
        _used += written;
    }

    /// <summary>
    /// Text content or an attribute value, escaped (<c>&amp; &lt; &gt; "</c>, and CR, which XML would read back as
    /// LF). Returns false, having written nothing, when the text is not one XML 1.0 carries as it is: longer than
    /// <see cref="MaxText"/>, a control character other than TAB, LF and CR, a lone surrogate, U+FFFE or U+FFFF,
    /// or (unless <paramref name="clean"/>) a literal <c>_xHHHH_</c>, which Excel would decode. The caller then
    /// cleans it and writes it again with <paramref name="clean"/> set.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Text(ReadOnlySpan<char> text, bool clean = false)
    {
        if (text.Length > MaxText) return false;
        if (text.Length * 6 > _buffer.Length - _used) Flush();
        var start = _used;
        ref var source = ref MemoryMarshal.GetReference(text);
        ref var target = ref MemoryMarshal.GetArrayDataReference(_buffer);
        var n = text.Length;
        var j = _used;
        var i = 0;
        ref var units = ref Unsafe.As<char, ushort>(ref source);
        while (i < n)
        {
            // Sixteen (or eight) characters at a time while they are printable ASCII that needs no escape: most text.
            if (Vector256.IsHardwareAccelerated)
            {
                while (i + 16 <= n)
                {
                    var v = Vector256.LoadUnsafe(ref units, (nuint)i);
                    var special = Vector256.LessThan(v, Vector256.Create((ushort)0x20)) | Vector256.GreaterThan(v, Vector256.Create((ushort)0x7E))
                        | Vector256.Equals(v, Vector256.Create((ushort)'&')) | Vector256.Equals(v, Vector256.Create((ushort)'<'))
                        | Vector256.Equals(v, Vector256.Create((ushort)'>')) | Vector256.Equals(v, Vector256.Create((ushort)'"'))
                        | Vector256.Equals(v, Vector256.Create((ushort)'_'));
                    if (special != Vector256<ushort>.Zero) break;
                    Vector256.Narrow(v, v).GetLower().StoreUnsafe(ref target, (nuint)j);
                    i += 16;
                    j += 16;
                }
            }
            if (i + 8 <= n)
            {
                var v = Vector128.LoadUnsafe(ref units, (nuint)i);
                var special = Vector128.LessThan(v, Vector128.Create((ushort)0x20)) | Vector128.GreaterThan(v, Vector128.Create((ushort)0x7E))
                    | Vector128.Equals(v, Vector128.Create((ushort)'&')) | Vector128.Equals(v, Vector128.Create((ushort)'<'))
                    | Vector128.Equals(v, Vector128.Create((ushort)'>')) | Vector128.Equals(v, Vector128.Create((ushort)'"'))
                    | Vector128.Equals(v, Vector128.Create((ushort)'_'));
                if (special == Vector128<ushort>.Zero)
                {
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref target, j), Vector128.Narrow(v, v).AsUInt64().ToScalar());
                    i += 8;
                    j += 8;
                    continue;
                }
            }
            if (i >= n) break;
            var c = Unsafe.Add(ref source, i);
            if (c < 0x80)
            {
                switch (c)
                {
                    case '&': j = Put(ref target, j, "&amp;"u8); break;
                    case '<': j = Put(ref target, j, "&lt;"u8); break;
                    case '>': j = Put(ref target, j, "&gt;"u8); break;
                    case '"': j = Put(ref target, j, "&quot;"u8); break;
                    case '\r': j = Put(ref target, j, "&#xD;"u8); break;
                    case '\t' or '\n': Unsafe.Add(ref target, j++) = (byte)c; break;
                    case < ' ': return Undo(start);
                    case '_' when !clean && EscapeLike(text, i): return Undo(start);
                    default: Unsafe.Add(ref target, j++) = (byte)c; break;
                }
                i++;
            }
            else if (c < 0x800)
            {
                Unsafe.Add(ref target, j++) = (byte)(0xC0 | (c >> 6));
                Unsafe.Add(ref target, j++) = (byte)(0x80 | (c & 0x3F));
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                if (!char.IsHighSurrogate(c) || i + 1 >= n || !char.IsLowSurrogate(Unsafe.Add(ref source, i + 1))) return Undo(start);
                var scalar = char.ConvertToUtf32(c, Unsafe.Add(ref source, i + 1));
                Unsafe.Add(ref target, j++) = (byte)(0xF0 | (scalar >> 18));
                Unsafe.Add(ref target, j++) = (byte)(0x80 | ((scalar >> 12) & 0x3F));
                Unsafe.Add(ref target, j++) = (byte)(0x80 | ((scalar >> 6) & 0x3F));
                Unsafe.Add(ref target, j++) = (byte)(0x80 | (scalar & 0x3F));
                i += 2;
            }
            else if (c >= 0xFFFE)
            {
                return Undo(start);
            }
            else
            {
                Unsafe.Add(ref target, j++) = (byte)(0xE0 | (c >> 12));
                Unsafe.Add(ref target, j++) = (byte)(0x80 | ((c >> 6) & 0x3F));
                Unsafe.Add(ref target, j++) = (byte)(0x80 | (c & 0x3F));
                i++;
            }
        }
        _used = j;
        return true;
    }

    private bool Undo(int start)
    {
        _used = start;
        return false;
    }

    private static int Put(ref byte target, int at, ReadOnlySpan<byte> entity)
    {
        entity.CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref target, at), entity.Length));
        return at + entity.Length;
    }

    /// <summary>True when <c>_xHHHH_</c> starts at <paramref name="at"/>.</summary>
    private static bool EscapeLike(ReadOnlySpan<char> text, int at) =>
        at + 6 < text.Length && text[at + 1] == 'x' && char.IsAsciiHexDigit(text[at + 2]) && char.IsAsciiHexDigit(text[at + 3])
        && char.IsAsciiHexDigit(text[at + 4]) && char.IsAsciiHexDigit(text[at + 5]) && text[at + 6] == '_';

    public void Flush()
    {
        if (_used == 0) return;
        output.Write(_buffer, 0, _used);
        _used = 0;
    }

    public void Dispose()
    {
        if (_buffer.Length == 0) return;
        Flush();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
