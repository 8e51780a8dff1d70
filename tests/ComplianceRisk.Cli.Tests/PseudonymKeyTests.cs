using System.Text.RegularExpressions;

namespace ComplianceRisk.Cli.Tests;

/// <summary>
/// `register --pseudonymize` keyed with the secret in ComplianceRisk__PseudonymKey, the variable the Functions app reads
/// as an app setting and serve from its environment.
/// </summary>
public sealed class PseudonymKeyTests
{
    private const string Variable = "ComplianceRisk__PseudonymKey";
    private static readonly string Roster = Path.Combine(Cli.RepositoryRoot, "tests", "fixtures", "realistic-roster", "roster.csv");

    private static Task<Cli.Run> RegisterAsync(string assessment, string? key, string path) =>
        Cli.RunAsync(key is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [Variable] = key },
            "register", assessment, "--pseudonymize", "--format", "nist-8286-json", "--out", path);

    private static HashSet<string> Pseudonyms(string path) => PseudonymsIn(File.ReadAllText(path));

    private static HashSet<string> PseudonymsIn(string text) => [.. Regex.Matches(text, @"Person [0-9A-F]{4,8}\b").Select(m => m.Value)];

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

        // assess --pseudonymize reads the same variable: the same people get the same keyed pseudonyms.
        var assessed = await Cli.RunAsync(new Dictionary<string, string> { [Variable] = "a secret the organization keeps" },
            "assess", Roster, "--org-type", "hospital", "--jurisdiction", "US-TX", "--as-of", "2026-11-22", "--pseudonymize", "--format", "nist-8286-json");
        Assert.Equal(0, assessed.ExitCode);
        Assert.Subset(PseudonymsIn(assessed.Stdout), Pseudonyms(keyed));

        var refused = await RegisterAsync(assessment, "short", Cli.TempFile("refused.json"));
        Assert.Equal(ExitCodes.UsageError, refused.ExitCode);
        Assert.Contains("ComplianceRisk__PseudonymKey is shorter than 16 characters", refused.Stderr, StringComparison.Ordinal);
    }
}
