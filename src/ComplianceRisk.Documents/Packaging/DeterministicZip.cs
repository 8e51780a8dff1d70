using System.IO.Compression;

namespace ComplianceRisk.Documents.Packaging;

/// <summary>
/// Rewrites a ZIP package (an Office document) so its bytes depend only on its content: the same entries in the
/// same order, each stamped with one fixed time instead of the moment it was written.
/// </summary>
internal static class DeterministicZip
{
    public static void Rewrite(byte[] package, Stream output, DateTimeOffset timestamp)
    {
        using var source = new ZipArchive(new MemoryStream(package, writable: false), ZipArchiveMode.Read);
        using var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        // The content-types part first, as Office writes it; otherwise the package's own order.
        foreach (var entry in source.Entries.OrderBy(e => e.FullName == "[Content_Types].xml" ? 0 : 1))
        {
            var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
            // ZIP stores local wall-clock time; the offset's own clock reading is used, whatever the machine's zone.
            copy.LastWriteTime = timestamp;
            using var from = entry.Open();
            using var to = copy.Open();
            from.CopyTo(to);
        }
    }
}
