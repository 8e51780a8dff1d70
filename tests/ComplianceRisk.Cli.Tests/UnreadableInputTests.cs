using System.Runtime.Versioning;

namespace ComplianceRisk.Cli.Tests;

/// <summary>
/// An input file that is there but cannot be read is input rejected (exit 2) with its path and why, for every input of
/// every command: never "internal error … a defect in ComplianceRisk" (exit 3).
/// </summary>
public sealed class UnreadableInputTests
{
    private const string Roster = "employee_id,role\nE1,dba\n";

    /// <summary>Each input a command reads, with "{bad}" where the unreadable file goes and the word the message names it by.</summary>
    public static TheoryData<string[], string> Inputs => new()
    {
        { ["assess", "{bad}"], "roster" },
        { ["assess", "{roster}", "--profile", "{bad}"], "profile" },
        { ["assess", "{roster}", "--catalog", "{bad}"], "catalog" },
        { ["assess", "{roster}", "--treatments", "{bad}"], "treatments" },
        { ["register", "{bad}", "--out", "{dir}/register.xlsx"], "assessment" },
        { ["register", "{assessment}", "--previous", "{bad}", "--out", "{dir}/register.xlsx"], "assessment" },
        { ["register", "{assessment}", "--treatments", "{bad}", "--out", "{dir}/register.xlsx"], "treatments" },
        { ["diff", "{bad}", "{assessment}"], "assessment" },
        { ["diff", "{assessment}", "{bad}"], "assessment" },
        { ["template", "--catalog", "{bad}", "--out", "{dir}/template.xlsx"], "catalog" },
        { ["catalog", "validate", "{bad}"], "catalog" },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    [UnsupportedOSPlatform("windows")]
    public async Task ALinkThatLoops_IsInputRejected_WithThePathAndWhy(string[] args, string what)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix links");
        // A file even root cannot read: opening it fails with ELOOP.
        var dir = Path.GetDirectoryName(Cli.TempFile("x"))!;
        var bad = Path.Combine(dir, "loop.json");
        File.CreateSymbolicLink(bad, bad);
        var run = await RunAsync(args, dir, bad);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}, stderr: {run.Stderr}");
        Assert.Equal($"error: cannot read {what} {bad}: too many levels of symbolic links", run.Stderr.Trim());
        Assert.Equal("", run.Stdout);
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    [UnsupportedOSPlatform("windows")]
    public async Task AFileWithoutReadPermission_IsInputRejected_WithThePath(string[] args, string what)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows() || Environment.IsPrivilegedProcess, "an administrator may read anything");
        var dir = Path.GetDirectoryName(Cli.TempFile("x"))!;
        var bad = Cli.TempFile("private.json", "{}");
        File.SetUnixFileMode(bad, UnixFileMode.None);
        var run = await RunAsync(args, dir, bad);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}, stderr: {run.Stderr}");
        Assert.Equal($"error: cannot read {what} {bad}: permission denied", run.Stderr.Trim());
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task ALinkToNothing_IsAFileNotFound()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix links");
        var link = Cli.TempFile("roster.csv");
        File.CreateSymbolicLink(link, Path.Combine(Path.GetDirectoryName(link)!, "gone.csv"));
        var run = await Cli.RunAsync("assess", link);
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}, stderr: {run.Stderr}");
        Assert.Equal($"error: roster file not found: {link}", run.Stderr.Trim());
    }

    private static async Task<Cli.Run> RunAsync(string[] args, string dir, string bad)
    {
        var roster = Cli.TempFile("roster.csv", Roster);
        var assessment = Cli.TempFile("assessment.json");
        var made = await Cli.RunAsync("assess", roster, "--as-of", "2026-11-22", "--out", assessment);
        Assert.True(made.ExitCode == 0, made.Stderr);
        return await Cli.RunAsync([.. args.Select(a => a.Replace("{bad}", bad).Replace("{roster}", roster).Replace("{assessment}", assessment).Replace("{dir}", dir))]);
    }
}
