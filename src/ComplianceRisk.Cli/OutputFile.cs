using System.Text;

namespace ComplianceRisk.Cli;

/// <summary>
/// The one way a command writes its <c>--out</c> file. The file appears whole or not at all: it is written under a
/// temporary name beside the target and renamed into place, so a command that fails half-way leaves an existing file as
/// it was. A file that cannot be written is the user's to fix, never a defect: a usage error naming the path and the
/// reason in plain words.
/// </summary>
internal static class OutputFile
{
    private const string PartialSuffix = ".partial";

    /// <summary>The longest name a folder holds: 255 bytes on Linux and macOS, 255 characters on Windows.</summary>
    private const int MaxNameLength = 255;

    /// <summary>
    /// Refuses an output that cannot be written for a reason visible before any work is done, so a long command fails
    /// at once rather than after its work; <see cref="Write"/> checks it again.
    /// </summary>
    public static void Check(FileInfo file)
    {
        if (Directory.Exists(file.FullName)) throw CannotWrite(file, "it is a folder");
        if (Path.GetDirectoryName(file.FullName) is { } folder && !Directory.Exists(folder)) throw CannotWrite(file, "the folder does not exist");
    }

    /// <summary>
    /// Refuses an output that is one of the command's inputs (<paramref name="inputs"/>: what each is called, and its file),
    /// the same file by its full path or through a link to it: the output would replace the input, and with it what the
    /// output was made from. Checked before any work, as a usage error.
    /// </summary>
    public static void RefuseInput(FileInfo output, params IEnumerable<(string What, FileInfo? File)> inputs)
    {
        var target = Resolve(output);
        foreach (var (what, input) in inputs)
            if (input is not null && string.Equals(Resolve(input), target, SamePath))
                throw CliException.Usage($"--out {output.FullName} is the {what} this command reads; writing it would replace the {what}: name another file");
    }

    // The file systems of Windows and macOS compare names without regard to case, Linux's with.
    private static StringComparison SamePath => OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    /// <summary>The file a name stands for: what a link points to (as <see cref="Write"/> replaces it), else the full path.</summary>
    private static string Resolve(FileInfo file)
    {
        try
        {
            return file.LinkTarget is null ? file.FullName : file.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file.FullName;
        }
        catch (Exception e) when (IoFailure.IsIo(e))
        {
            // A link that loops is no input's name: reading it fails, and says so.
            return file.FullName;
        }
    }

    /// <summary>
    /// Refuses a workbook's name (.xlsx) for an output that is not a workbook (<paramref name="writes"/>: "--format json
    /// writes JSON"): Excel would refuse to open the file, and nothing in its name would say why.
    /// </summary>
    public static void RefuseWorkbookName(FileInfo file, string writes, string instead)
    {
        if (file.Extension.Equals(".xlsx", StringComparison.OrdinalIgnoreCase))
            throw CliException.Usage($"--out: {writes}, not a workbook; {instead} (got '{file.Name}')");
    }

    /// <summary>Writes text (UTF-8, no byte order mark) through <see cref="Write"/>.</summary>
    public static void WriteText(FileInfo file, Action<TextWriter> write) => Write(file, stream =>
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        write(writer);
    });

    /// <summary>
    /// Writes the file with <paramref name="write"/>. The stream it gets can be read and sought, as a workbook's writer
    /// needs, except for a device or pipe (<see cref="IsSpecial"/>), which can only be written.
    /// </summary>
    public static void Write(FileInfo file, Action<Stream> write)
    {
        Check(file);
        try
        {
            // A link stays a link: what it points to is replaced.
            var target = file.LinkTarget is null || IsSpecial(file.FullName) ? file.FullName : file.ResolveLinkTarget(returnFinalTarget: true)!.FullName;
            if (IsSpecial(target) && File.Exists(target)) WriteInPlace(target, write);
            else WriteAndRename(target, write);
        }
        catch (Exception e) when (IoFailure.IsIo(e))
        {
            throw CannotWrite(file, IoFailure.Reason(e));
        }
    }

    /// <summary>
    /// Devices and the process's own descriptors (/dev/null, /dev/stdout, /dev/fd/63 of a shell's process substitution)
    /// are written into: renaming a file over one would replace the device, not write to it.
    /// </summary>
    private static bool IsSpecial(string path) =>
        !OperatingSystem.IsWindows() && (path.StartsWith("/dev/", StringComparison.Ordinal) || path.StartsWith("/proc/", StringComparison.Ordinal));

    private static void WriteInPlace(string target, Action<Stream> write)
    {
        // Write only: a pipe opened for reading as well would be its own reader, and block once its buffer is full.
        using var stream = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        write(stream);
    }

    private static void WriteAndRename(string target, Action<Stream> write)
    {
        var partial = PartialName(target);
        try
        {
            using (var stream = new FileStream(partial, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
                write(stream);
            // A file the user kept private (an assessment names people) stays private once replaced.
            if (!OperatingSystem.IsWindows() && File.Exists(target)) File.SetUnixFileMode(partial, File.GetUnixFileMode(target));
            File.Move(partial, target, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(partial);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The error that stopped the write is the one to report.
            }
            throw;
        }
    }

    /// <summary>
    /// The temporary name beside the target: the target's name with a random part added, so that a file left by a killed
    /// run says what it was; only the random part when that would pass the longest name a folder holds, so that any name the file system takes can be written.
    /// </summary>
    private static string PartialName(string target)
    {
        var random = $".{Guid.NewGuid():N}{PartialSuffix}";
        var name = Path.GetFileName(target) + random;
        if (Math.Max(name.Length, Encoding.UTF8.GetByteCount(name)) > MaxNameLength) name = random;
        return Path.Combine(Path.GetDirectoryName(target)!, name);
    }

    private static CliException CannotWrite(FileInfo file, string reason) => CliException.Usage($"cannot write {file.FullName}: {reason}");
}
