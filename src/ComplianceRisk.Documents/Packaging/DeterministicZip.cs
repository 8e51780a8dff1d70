using System.IO.Compression;
using System.Runtime.InteropServices;

namespace ComplianceRisk.Documents.Packaging;

/// <summary>
/// Lays a ZIP package (an Office document) down again so its bytes depend only on its content: the same entries, each
/// stamped with one fixed time instead of the moment it was written, the content-types part first (as Office writes
/// it) and otherwise the package's order. Streamed entries come before all of them: their content comes from a writer
/// instead of the package (which holds an empty placeholder under their names) and is deflated straight into the new
/// entry, so the large parts never sit in memory, compressed or not, and can be written while the package is still
/// being made.
/// </summary>
internal static class DeterministicZip
{
    /// <summary>An entry whose content a writer makes, and how hard to deflate it.</summary>
    public sealed record Streamed(string Name, CompressionLevel Level, Action<Stream> Write);

    public static void Rewrite(byte[] package, Stream output, DateTimeOffset timestamp) =>
        Write(output, timestamp, [], Task.FromResult<ReadOnlyMemory<byte>>(package));

    /// <summary>
    /// Writes the <paramref name="streamed"/> entries, then, once <paramref name="package"/> is made, its other
    /// entries. A failure of the package is rethrown as it was thrown.
    /// </summary>
    public static void Write(Stream output, DateTimeOffset timestamp, IReadOnlyList<Streamed> streamed, Task<ReadOnlyMemory<byte>> package)
    {
        // Written through a 64 kB buffer: the deflater hands the ZIP its output in 8 kB pieces, a system call each on
        // a file. Buffering changes no byte (the stream still seeks, so the ZIP records sizes as before). Flushed, not
        // disposed: the caller's stream stays open.
        var buffered = new BufferedStream(output, 1 << 16);
        using (var target = new ZipArchive(buffered, ZipArchiveMode.Create, leaveOpen: true))
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in streamed)
            {
                names.Add(entry.Name);
                using var to = Create(target, entry.Name, entry.Level, timestamp);
                // Made on this thread, deflated on the hand-off's.
                using var handOff = new HandOffStream(to);
                entry.Write(handOff);
                handOff.Complete();
            }

            var bytes = package.GetAwaiter().GetResult();
            if (!MemoryMarshal.TryGetArray(bytes, out var segment)) segment = bytes.ToArray();
            using var source = new ZipArchive(new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false), ZipArchiveMode.Read);
            foreach (var entry in source.Entries.OrderBy(e => e.FullName == "[Content_Types].xml" ? 0 : 1))
            {
                if (names.Contains(entry.FullName)) continue;
                using var to = Create(target, entry.FullName, CompressionLevel.Optimal, timestamp);
                using var from = entry.Open();
                from.CopyTo(to);
            }
        }
        buffered.Flush();
    }

    private static Stream Create(ZipArchive target, string name, CompressionLevel level, DateTimeOffset timestamp)
    {
        var entry = target.CreateEntry(name, level);
        // ZIP stores local wall-clock time; the offset's own clock reading is used, whatever the machine's zone.
        entry.LastWriteTime = timestamp;
        return entry.Open();
    }
}
