namespace ComplianceRisk.Functions.Runtime.Storage;

/// <summary>
/// Files that appear whole or not at all: written under a temporary name beside the target, flushed to disk, then
/// renamed into place. A reader, a folder scan or a crash never sees half a file.
/// </summary>
internal static class AtomicFile
{
    /// <summary>The suffix of a file being written; whoever lists a folder skips these.</summary>
    public const string PartialSuffix = ".partial";

    public static async Task WriteAsync(string file, ReadOnlyMemory<byte> content, bool overwrite, CancellationToken cancellationToken)
    {
        var partial = $"{file}.{Guid.NewGuid():N}{PartialSuffix}";
        try
        {
            await using (var stream = CreateBeside(partial))
            {
                await stream.WriteAsync(content, cancellationToken);
                // On disk before it is visible under its name: a crash after the rename must not leave an empty file.
                stream.Flush(flushToDisk: true);
            }
            File.Move(partial, file, overwrite);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    /// <summary>
    /// The temporary file, its folder made first. A blob store removes a folder its last blob leaves
    /// (<see cref="BlobStore.Delete"/>), which can happen between the two: the folder is then made again.
    /// </summary>
    private static FileStream CreateBeside(string partial)
    {
        for (var attempt = 1; ; attempt++)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
            try
            {
                return new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            }
            catch (DirectoryNotFoundException) when (attempt < 5)
            {
            }
        }
    }
}
