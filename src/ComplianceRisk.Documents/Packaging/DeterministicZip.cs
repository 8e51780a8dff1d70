using System.IO.Compression;
using System.Runtime.InteropServices;

namespace ComplianceRisk.Documents.Packaging;

/// <summary>
/// Lays a ZIP package (an Office document) down again so its bytes depend only on its content: the same entries in
/// the same order, each stamped with one fixed time instead of the moment it was written. Entries named in
/// <c>streamed</c> get their content from a writer instead of the package (which holds an empty placeholder),
/// written straight into the new entry: the large parts never sit in memory, compressed or not.
/// </summary>
internal static class DeterministicZip
{
    /// <summary>What to write into a streamed entry, and how hard to deflate it.</summary>
    public sealed record Content(CompressionLevel Level, Action<Stream> Write);

    public static void Rewrite(byte[] package, Stream output, DateTimeOffset timestamp) =>
        Rewrite(package, output, timestamp, new Dictionary<string, Content>());

    public static void Rewrite(ReadOnlyMemory<byte> package, Stream output, DateTimeOffset timestamp, IReadOnlyDictionary<string, Content> streamed)
    {
        if (!MemoryMarshal.TryGetArray(package, out var segment)) segment = package.ToArray();
        using var source = new ZipArchive(new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false), ZipArchiveMode.Read);
        // Written through a 64 kB buffer: the deflater hands the ZIP its output in 8 kB pieces, a system call each on
        // a file. Buffering changes no byte (the stream still seeks, so the ZIP records sizes as before). Flushed, not
        // disposed: the caller's stream stays open.
        var buffered = new BufferedStream(output, 1 << 16);
        using (var target = new ZipArchive(buffered, ZipArchiveMode.Create, leaveOpen: true))
        {
            // The content-types part first, as Office writes it; otherwise the package's own order.
            foreach (var entry in source.Entries.OrderBy(e => e.FullName == "[Content_Types].xml" ? 0 : 1))
            {
                var content = streamed.GetValueOrDefault(entry.FullName);
                var copy = target.CreateEntry(entry.FullName, content?.Level ?? CompressionLevel.Optimal);
                // ZIP stores local wall-clock time; the offset's own clock reading is used, whatever the machine's zone.
                copy.LastWriteTime = timestamp;
                using var to = copy.Open();
                if (content is not null)
                {
                    // Made on this thread, deflated on the hand-off's.
                    using var handOff = new HandOffStream(to);
                    content.Write(handOff);
                    handOff.Complete();
                    continue;
                }
                using var from = entry.Open();
                from.CopyTo(to);
            }
        }
        buffered.Flush();
    }
}
