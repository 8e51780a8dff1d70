namespace ComplianceRisk.Cli.Tests;

/// <summary>
/// The engine marks the person ids it writes into its texts with two Unicode noncharacters while it assesses
/// (PersonMentions) and takes the marks out of the finished assessment. A mark left in any text a user gets (a property
/// a later change adds to the assessment, a text the traversal misses) would print as an odd glyph or a box: every
/// output of every sample, what-ifs and a diff included, is searched for them whole.
/// </summary>
public sealed class PersonMentionMarkTests
{
    [Theory]
    [InlineData("community-hospital-tx", "E1003")]
    [InlineData("regional-health-system-ny", null)]
    [InlineData("payer-cms-0057f", null)]
    public async Task No_output_carries_a_mention_mark(string sample, string? leaving)
    {
        var folder = Path.Combine(Cli.RepositoryRoot, "samples", sample);
        string[] assess = ["assess", Path.Combine(folder, "roster.csv"), "--profile", Path.Combine(folder, "profile.json"), "--as-of", "2026-11-22"];
        var before = Cli.TempFile($"{sample}-before.json");
        var after = Cli.TempFile($"{sample}-after.json");
        var runs = new List<(string What, Cli.Run Run)>
        {
            ("json", await Cli.RunAsync([.. assess, "--format", "json", "--out", before])),
            ("table", await Cli.RunAsync([.. assess, "--format", "table"])),
            ("nist", await Cli.RunAsync([.. assess, "--format", "nist-8286-json"])),
        };
        var leaver = leaving ?? System.Text.Json.JsonDocument.Parse(File.ReadAllText(before)).RootElement
            .GetProperty("roles").EnumerateArray().SelectMany(r => r.GetProperty("holders").EnumerateArray()).First().GetProperty("personId").GetString()!;
        runs.Add(("what-if", await Cli.RunAsync([.. assess, "--without", leaver, "--format", "json", "--out", after])));
        runs.Add(("diff", await Cli.RunAsync("diff", before, after)));

        foreach (var (what, run) in runs)
        {
            Assert.True(run.ExitCode == 0, $"{what}: exit {run.ExitCode}: {run.Stderr}");
            Assert.DoesNotContain(run.Stdout + run.Stderr, c => c is '\uFDD0' or '\uFDD1');
        }
        foreach (var file in new[] { before, after })
            Assert.DoesNotContain(File.ReadAllText(file), c => c is '\uFDD0' or '\uFDD1');
    }
}
