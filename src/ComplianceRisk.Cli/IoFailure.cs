using System.Runtime.InteropServices;

namespace ComplianceRisk.Cli;

/// <summary>
/// An I/O failure in plain words, for the messages that name a file and say why it could not be read or written: the
/// file is the user's to fix, so the reason is what they can act on, never an exception's text with the path repeated.
/// </summary>
internal static class IoFailure
{
    public static bool IsIo(Exception e) => e is IOException or UnauthorizedAccessException;

    public static string Reason(Exception e) => e switch
    {
        DirectoryNotFoundException => "the folder does not exist",
        UnauthorizedAccessException => "permission denied",
        PathTooLongException => "the name is too long",
        IOException when IsDiskFull(e.HResult) => "the disk is full",
        IOException when !OperatingSystem.IsWindows() && e.HResult == 30 => "the file system is read-only", // EROFS
        IOException when !OperatingSystem.IsWindows() && e.HResult == 32 => "the program reading it has stopped", // EPIPE
        // Any other errno (a link that loops, a socket, a disk error): the system's own words, without the path .NET adds.
        IOException when !OperatingSystem.IsWindows() && e.HResult > 0 => LowerFirst(Marshal.GetPInvokeErrorMessage(e.HResult)),
        _ => e.Message,
    };

    // On Unix, .NET gives the errno as the HResult of the IOException it raises; on Windows, the HRESULT of the Win32 error.
    private static bool IsDiskFull(int hresult) => OperatingSystem.IsWindows()
        ? hresult is unchecked((int)0x80070070) or unchecked((int)0x80070027) // ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL
        : hresult is 28 || (OperatingSystem.IsLinux() && hresult is 122); // ENOSPC; EDQUOT (Linux's number)

    private static string LowerFirst(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];
}
