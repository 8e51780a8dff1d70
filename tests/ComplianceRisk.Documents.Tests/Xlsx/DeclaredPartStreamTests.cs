using System.IO.Hashing;
using ComplianceRisk.Documents.Rosters;

namespace ComplianceRisk.Documents.Tests.Xlsx;

/// <summary>
/// The stream every workbook part is read through: the bytes arrive as they are, and a part whose bytes are not
/// the ones the ZIP directory declares (length or CRC-32) is refused when it has been read to its end, not before.
/// </summary>
public sealed class DeclaredPartStreamTests
{
    private static readonly byte[] Part = [.. Enumerable.Range(0, 10_000).Select(i => (byte)(i * 7 % 251))];
    private static readonly DeclaredPart AsSaved = new(Part.Length, Crc32.HashToUInt32(Part));

    private sealed class Corrupt : Exception;
    private sealed class TooLarge : Exception;

    private static DeclaredPartStream Open(byte[] bytes, DeclaredPart? declared, long limit = long.MaxValue) =>
        new(new MemoryStream(bytes), declared, limit, () => new TooLarge(), () => new Corrupt());

    /// <summary>Reads the stream to its end in pieces of <paramref name="piece"/> bytes; what arrived before any failure is in <paramref name="arrived"/>.</summary>
    private static byte[] ReadAll(Stream stream, int piece, List<byte>? arrived = null)
    {
        arrived ??= [];
        var buffer = new byte[piece];
        int read;
        while ((read = stream.Read(buffer, 0, piece)) > 0) arrived.AddRange(buffer.AsSpan(0, read));
        return [.. arrived];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(65536)]
    public void A_part_as_saved_reads_whole(int piece)
    {
        using var stream = Open(Part, AsSaved);
        Assert.Equal(Part, ReadAll(stream, piece));
        // Reading again at the end neither fails nor finds more.
        Assert.Equal(0, stream.Read(new byte[16]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5_000)]
    [InlineData(9_999)]
    public void A_changed_byte_is_refused_at_the_end_after_every_byte_arrived(int at)
    {
        var changed = (byte[])Part.Clone();
        changed[at] ^= 0x01;
        using var stream = Open(changed, AsSaved);
        var arrived = new List<byte>();
        Assert.Throws<Corrupt>(() => ReadAll(stream, 4096, arrived));
        Assert.Equal(changed, arrived);
    }

    [Fact]
    public void A_part_shorter_than_declared_is_refused_at_its_end()
    {
        var cut = Part[..9_000];
        using var stream = Open(cut, AsSaved with { Crc32 = Crc32.HashToUInt32(cut) });
        Assert.Throws<Corrupt>(() => ReadAll(stream, 4096));
    }

    [Fact]
    public void A_part_left_before_its_end_is_not_judged()
    {
        var changed = (byte[])Part.Clone();
        changed[^1] ^= 0x01;
        using (var stream = Open(changed, AsSaved))
            Assert.Equal(4096, stream.Read(new byte[4096]));
        // An empty read asks for nothing: it is not the end of the data.
        using (var stream = Open(changed, AsSaved))
            Assert.Equal(0, stream.Read([]));
    }

    [Fact]
    public void A_part_the_directory_does_not_list_is_only_bounded()
    {
        using (var stream = Open(Part, null))
            Assert.Equal(Part, ReadAll(stream, 4096));
        using (var stream = Open(Part, null, limit: 9_999))
            Assert.Throws<TooLarge>(() => ReadAll(stream, 4096));
    }

    [Fact]
    public void Reading_past_the_limit_fails_before_the_checksum_is_looked_at()
    {
        using var stream = Open(Part, AsSaved, limit: 100);
        Assert.Throws<TooLarge>(() => ReadAll(stream, 4096));
    }
}
