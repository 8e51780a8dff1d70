using System.Text.RegularExpressions;

namespace ComplianceRisk.Cli.Tests;

/// <summary>Sets the process's environment, which every in-process CLI run reads: never beside other tests.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>
/// `register --pseudonymize` keyed with the secret in ComplianceRisk__PseudonymKey, the variable the Functions app reads
/// as an app setting and serve from its environment.
/// </summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class PseudonymKeyTests
{
    private const string Variable = "ComplianceRisk__PseudonymKey";
    private static readonly string Roster = Path.Combine(Cli.RepositoryRoot, "tests", "fixtures", "realistic-roster", "roster.csv");

    private static async Task<Cli.Run> RegisterAsync(string assessment, string? key, string path)
    {
        Environment.SetEnvironmentVariable(Variable, key);
        try
        {
            return await Cli.RunAsync("register", assessment, "--pseudonymize", "--format", "nist-8286-json", "--out", path);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }

    private static HashSet<string> Pseudonyms(string path) => [.. Regex.Matches(File.ReadAllText(path), @"Person [0-9A-F]{4,8}\b").Select(m => m.Value)];

    [Fact]
    public async Task A_key_in_the_environment_gives_other_pseudonyms_and_a_short_one_is_refused()
    {
        var assessment = Cli.TempFile("assessment.json");
        Assert.Equal(0, (await Cli.RunAsync("assess", Roster, "--org-type", "hospital", "--jurisdiction", "US-TX", "--as-of", "2026-11-22", "--out", assessment)).ExitCode);

        var keyless = Cli.TempFile("keyless.json");
        var keyed = Cli.TempFile("keyed.json");
        var again = Cli.TempFile("again.json");
        Assert.Equal(0, (await RegisterAsync(assessment, null, keyless)).ExitCode);
        Assert.Equal(0, (await RegisterAsync(assessment, "a secret the organization keeps", keyed)).ExitCode);
        Assert.Equal(0, (await RegisterAsync(assessment, "a secret the organization keeps", again)).ExitCode);
        Assert.NotEmpty(Pseudonyms(keyed));
        Assert.Empty(Pseudonyms(keyless).Intersect(Pseudonyms(keyed)));
        Assert.Equal(File.ReadAllBytes(keyed), File.ReadAllBytes(again));

        var refused = await RegisterAsync(assessment, "short", Cli.TempFile("refused.json"));
        Assert.Equal(ExitCodes.UsageError, refused.ExitCode);
        Assert.Contains("ComplianceRisk__PseudonymKey is shorter than 16 characters", refused.Stderr, StringComparison.Ordinal);
    }
}
