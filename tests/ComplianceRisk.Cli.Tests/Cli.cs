namespace ComplianceRisk.Cli.Tests;

/// <summary>Runs the program in-process exactly as a user would, with a fixed clock.</summary>
internal static class Cli
{
    public sealed record Run(int ExitCode, string Stdout, string Stderr);

    /// <summary>A clock fixed at 2026-11-22 09:00 UTC, the as-of date the samples are written for.</summary>
    public static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));

    /// <summary>Runs with no environment variables set, whatever the machine running the tests has.</summary>
    public static Task<Run> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs with these environment variables and no others.</summary>
    public static async Task<Run> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await new CliApp(stdout, stderr, Clock, environment: name => environment.GetValueOrDefault(name)).RunAsync(args);
        return new Run(code, stdout.ToString(), stderr.ToString());
    }

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>
    /// Runs a program of the CLI's as a user would in a shell, with none of the CLI's own environment variables set and a
    /// cache folder of its own (<paramref name="environment"/> may set some again, or others).
    /// </summary>
    public static async Task<Run> RunProgramAsync(string program, IEnumerable<string> arguments, Action<IDictionary<string, string?>>? environment = null)
    {
        var run = await ChildProcess.RunAsync(program, RepositoryRoot, arguments, variables =>
        {
            foreach (var name in variables.Keys.Where(k => k.StartsWith("ComplianceRisk", StringComparison.OrdinalIgnoreCase)).ToList())
                variables.Remove(name);
            // The program keeps its JIT profile in the user's cache folder (JitProfile.cs): a test's run keeps it in the test
            // run's own folder, deleted with it, so that tests neither leave files in the home folder nor start with a
            // profile an earlier build made.
            variables["XDG_CACHE_HOME"] = TestTemp.Folder("cache-home-");
            environment?.Invoke(variables);
        }, TestContext.Current.CancellationToken);
        return new Run(run.ExitCode, run.Stdout, run.Stderr);
    }

    /// <summary>README's first command, the Texas community hospital sample assessed as of 2026-11-22, with the whole assessment as JSON.</summary>
    public static string[] AssessSampleAsJson =>
    [
        "assess", Path.Combine(RepositoryRoot, "samples", "community-hospital-tx", "roster.csv"),
        "--profile", Path.Combine(RepositoryRoot, "samples", "community-hospital-tx", "profile.json"),
        "--as-of", "2026-11-22", "--format", "json",
    ];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ComplianceRisk.sln"))) return dir.FullName;
        throw new InvalidOperationException("ComplianceRisk.sln not found above " + AppContext.BaseDirectory);
    }

    public static string TempFile(string name, string? content = null)
    {
        var path = Path.Combine(TestTemp.Folder("compliancerisk-test-"), name);
        if (content is not null) File.WriteAllText(path, content);
        return path;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
