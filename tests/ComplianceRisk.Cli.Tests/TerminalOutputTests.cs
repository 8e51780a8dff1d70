namespace ComplianceRisk.Cli.Tests;

/// <summary>
/// Output for people is coloured and fitted to the terminal only when standard output is the terminal:
/// <c>assess roster.csv &gt; report.txt</c> typed at a terminal (standard error still on it) writes the same plain bytes
/// as when nothing is a terminal.
/// </summary>
public sealed class TerminalOutputTests
{
    private static readonly string Sample = Path.Combine(Cli.RepositoryRoot, "samples", "community-hospital-tx");

    public static TheoryData<string[]> Commands => new()
    {
        { ["assess", Path.Combine(Sample, "roster.csv"), "--profile", Path.Combine(Sample, "profile.json"), "--as-of", "2026-11-22"] },
        { ["diff", "{before}", "{after}"] },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task StdoutRedirected_WhileStderrIsATerminal_IsPlainText(string[] args)
    {
        // util-linux's script runs a command on a terminal of its own, as a person typing it would.
        Assert.SkipUnless(OperatingSystem.IsLinux() && File.Exists("/usr/bin/script"), "needs util-linux script for a terminal");
        var dir = TestTemp.Folder("terminal-");
        var before = Path.Combine(dir, "before.json");
        var after = Path.Combine(dir, "after.json");
        string[] assess = ["assess", Path.Combine(Sample, "roster.csv"), "--profile", Path.Combine(Sample, "profile.json")];
        Assert.Equal(0, (await Cli.RunAsync([.. assess, "--as-of", "2026-06-01", "--out", before])).ExitCode);
        Assert.Equal(0, (await Cli.RunAsync([.. assess, "--as-of", "2026-11-22", "--out", after])).ExitCode);
        string[] command = [Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", Path.Combine(AppContext.BaseDirectory, "complianceRisk.dll"),
            .. args.Select(a => a.Replace("{before}", before).Replace("{after}", after))];

        var nothingATerminal = await Cli.RunProgramAsync(command[0], command[1..]);
        Assert.True(nothingATerminal.ExitCode == 0, nothingATerminal.Stderr);
        var report = Path.Combine(dir, "report.txt");
        var typed = await Cli.RunProgramAsync("/usr/bin/script", ["-qec", $"{string.Join(' ', command.Select(Quote))} > {Quote(report)}", "/dev/null"],
            environment => environment["TERM"] = "xterm-256color");
        Assert.True(typed.ExitCode == 0, typed.Stdout + typed.Stderr);

        Assert.DoesNotContain("\u001b[", File.ReadAllText(report));
        Assert.Equal(nothingATerminal.Stdout, File.ReadAllText(report));
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''") + "'";
}
