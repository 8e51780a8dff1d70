using System.Runtime;

namespace ComplianceRisk.Cli;

/// <summary>
/// The runtime's multicore JIT (<see cref="ProfileOptimization"/>): each run of a command notes which methods it
/// compiled, in a file of the user's cache folder, and the next run of that command compiles them on a second core
/// ahead of need. Without it the main thread stops to compile nearly every method the first time it is called, which is
/// most of an ordinary roster's time when the CLI runs from a build (not the published, precompiled program).
/// </summary>
/// <remarks>
/// Only which methods are compiled when changes, never what runs: the output is the same with or without a profile, and
/// a profile that is missing, stale (another build) or unreadable is ignored by the runtime. Nothing here may stop a
/// command: a cache folder that cannot be made just means no profile.
/// </remarks>
public static class JitProfile
{
    /// <summary>Set to <c>0</c> to run without a profile (nothing read, nothing written).</summary>
    public const string Switch = "COMPLIANCERISK_JIT_PROFILE";

    /// <summary>Starts recording (and, when there is one, playing) the profile <c>{name}.jitprofile</c>.</summary>
    /// <param name="name">What the profile is of: a command (<see cref="CommandName"/>), or a benchmark's mode.</param>
    public static void Start(string name, Func<string, string?> environment)
    {
        if (environment(Switch) == "0" || Folder(environment) is not { } folder) return;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        ProfileOptimization.SetProfileRoot(folder);
        ProfileOptimization.StartProfile(name + ".jitprofile");
    }

    /// <summary>
    /// <c>complianceRisk</c> in the user's cache folder (<c>$XDG_CACHE_HOME</c>, else <c>~/.cache</c>; the local
    /// application data folder on Windows), or null when there is no home to put it in.
    /// </summary>
    public static string? Folder(Func<string, string?> environment)
    {
        if (OperatingSystem.IsWindows())
            return Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData) is { Length: > 0 } local
                ? Path.Combine(local, "complianceRisk", "cache") : null;
        if (environment("XDG_CACHE_HOME") is { Length: > 0 } cache && Path.IsPathRooted(cache)) return Path.Combine(cache, "complianceRisk");
        return environment("HOME") is { Length: > 0 } home ? Path.Combine(home, ".cache", "complianceRisk") : null;
    }

    /// <summary>
    /// The profile's name for a command line: one profile per command, as each compiles different code. The first argument
    /// names the command when it is a plain lower-case word (<c>assess</c>); anything else (an option, a path, nothing)
    /// shares <c>complianceRisk</c>.
    /// </summary>
    public static string CommandName(string[] args) =>
        args is [var first, ..] && first.Length is > 0 and <= 32 && first.All(char.IsAsciiLetterLower) ? first : "complianceRisk";
}
