namespace ComplianceRisk.Functions.Runtime.Storage;

/// <summary>A blob as the local runtime keeps it: its path (<c>container/name</c>), size and last write time.</summary>
public sealed record BlobItem(string Path, long Length, DateTimeOffset LastModified)
{
    /// <summary>Changes whenever the blob is written again (a file's write time and length stand in for Azure's ETag).</summary>
    public string ETag => $"\"0x{LastModified.UtcTicks:X}{Length:X}\"";
}

/// <summary>
/// Blob storage for <c>serve</c>: one file per blob under <c>{data}/blobs/{container}/{name}</c>, so a person can look at,
/// copy or drop files there. Writes are atomic (a temporary file renamed into place): a reader, a blob trigger or a crash
/// never sees half a blob.
/// </summary>
public sealed class BlobStore
{
    public BlobStore(string root)
    {
        Root = System.IO.Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>The file that holds a blob; refuses paths that would leave the store.</summary>
    public string FileOf(string path)
    {
        var (container, name) = Split(path);
        if (name.Length == 0 || name.EndsWith('/')) throw new ArgumentException($"blob path '{path}' names no blob", nameof(path));
        var file = System.IO.Path.GetFullPath(System.IO.Path.Combine(Root, container, name));
        if (!file.StartsWith(Root + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"blob path '{path}' leaves the store", nameof(path));
        return file;
    }

    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var file = FileOf(path);
        try
        {
            return await File.ReadAllBytesAsync(file, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public bool Exists(string path) => File.Exists(FileOf(path));

    /// <summary>A blob's properties, or null when it does not exist.</summary>
    public BlobItem? Find(string path)
    {
        var info = new FileInfo(FileOf(path));
        return info.Exists ? new BlobItem(path, info.Length, info.LastWriteTimeUtc) : null;
    }

    /// <summary>The containers that hold at least a folder (one directory each under the store).</summary>
    public IEnumerable<string> Containers() =>
        Directory.EnumerateDirectories(Root).Select(d => System.IO.Path.GetFileName(d)).Order(StringComparer.Ordinal).ToList();

    public Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        AtomicFile.WriteAsync(FileOf(path), content, overwrite: true, cancellationToken);

    /// <summary>
    /// Deletes a blob, and the folders it leaves empty up to its container's: an erased organization leaves no
    /// <c>rosters/{org}/</c> behind, as on Azure, where folders are only names' prefixes.
    /// </summary>
    public bool Delete(string path)
    {
        var file = FileOf(path);
        if (!File.Exists(file)) return false;
        File.Delete(file);
        var container = System.IO.Path.Combine(Root, Split(path).Container);
        for (var folder = System.IO.Path.GetDirectoryName(file)!; folder.Length > container.Length; folder = System.IO.Path.GetDirectoryName(folder)!)
        {
            try
            {
                Directory.Delete(folder);
            }
            catch (IOException) // not empty (a blob or a write under way is in it), or already gone
            {
                break;
            }
        }
        return true;
    }

    /// <summary>
    /// Removes the temporary files of writes that never finished (a serve killed mid-write). Only for the process that owns
    /// the store alone (serve holds a lock on its data folder), when it opens it: no write of its own is under way yet.
    /// Such a file is no blob and never becomes one, yet holds the bytes it was given, which nothing else would remove.
    /// </summary>
    public void DeleteUnfinishedWrites()
    {
        foreach (var file in Directory.EnumerateFiles(Root, "*" + AtomicFile.PartialSuffix, SearchOption.AllDirectories))
            File.Delete(file);
    }

    /// <summary>Blobs under a prefix (<c>container/</c> or <c>container/folder/</c>), ordered by path; unfinished writes are not blobs.</summary>
    public IEnumerable<BlobItem> List(string prefix)
    {
        var (container, _) = Split(prefix.Contains('/') ? prefix : prefix + "/");
        var folder = System.IO.Path.Combine(Root, container);
        if (!Directory.Exists(folder)) return [];
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(AtomicFile.PartialSuffix, StringComparison.Ordinal))
            .Select(f => (File: f, Path: System.IO.Path.GetRelativePath(Root, f).Replace(System.IO.Path.DirectorySeparatorChar, '/')))
            .Where(x => x.Path.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(x => x.Path, StringComparer.Ordinal)
            .Select(x => { var info = new FileInfo(x.File); return new BlobItem(x.Path, info.Length, info.LastWriteTimeUtc); })
            .ToList();
    }

    private static (string Container, string Name) Split(string path)
    {
        var slash = path.IndexOf('/');
        if (slash <= 0)
            throw new ArgumentException($"blob path '{path}' is not container/name", nameof(path));
        var container = path[..slash];
        if (container.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
            throw new ArgumentException($"blob container '{container}' is not a valid container name", nameof(path));
        return (container, path[(slash + 1)..]);
    }
}
