using System.Text.Json;

namespace ComplianceRisk.Cli.Tests;

/// <summary><c>register … --format nist-8286-json</c> and <c>assess … --format nist-8286-json</c>: what they write and how they refuse.</summary>
public sealed class Nist8286CommandTests
{
    private static readonly string Roster = Path.Combine(Cli.RepositoryRoot, "tests", "fixtures", "realistic-roster", "roster.csv");
    private static readonly string[] Org = ["--org-type", "hospital", "--jurisdiction", "US-TX", "--org-id", "pecan-creek", "--org-name", "Pecan Creek Regional Hospital", "--as-of", "2026-11-22"];

    private static async Task<string> AssessmentFile()
    {
        var path = Cli.TempFile("assessment.json");
        var run = await Cli.RunAsync(["assess", Roster, .. Org, "--out", path]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return path;
    }

    [Fact]
    public async Task Register_WritesTheRisksOfTheAssessment_InItsOrder()
    {
        var assessment = await AssessmentFile();
        var path = Cli.TempFile("register.json");
        var run = await Cli.RunAsync("register", assessment, "--format", "nist-8286-json", "--out", path);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("risks", run.Stderr);

        using var source = JsonDocument.Parse(File.ReadAllBytes(assessment));
        using var register = JsonDocument.Parse(File.ReadAllBytes(path));
        Assert.Equal(source.RootElement.GetProperty("risks").EnumerateArray().Select(r => r.GetProperty("riskId").GetString()),
            register.RootElement.GetProperty("risks").EnumerateArray().Select(r => r.GetProperty("riskId").GetString()));
        Assert.Equal("Pecan Creek Regional Hospital", register.RootElement.GetProperty("organization").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Assess_WritesTheSameRegister_ToStandardOutputOrAFile()
    {
        var stdout = await Cli.RunAsync(["assess", Roster, .. Org, "--format", "nist-8286-json"]);
        Assert.True(stdout.ExitCode == 0, stdout.Stderr);
        var path = Cli.TempFile("register.json");
        var file = await Cli.RunAsync(["assess", Roster, .. Org, "--format", "nist-8286-json", "--out", path]);
        Assert.True(file.ExitCode == 0, file.Stderr);
        Assert.Equal(stdout.Stdout, File.ReadAllText(path));
        using var document = JsonDocument.Parse(stdout.Stdout);
        Assert.NotEmpty(document.RootElement.GetProperty("risks").EnumerateArray());
    }

    /// <summary>Usage errors exit 1 before anything is written, and say what to do.</summary>
    public static TheoryData<string[], string> Failures => new()
    {
        { ["register", "{assessment}", "--format", "nist-8286", "--out", "{dir}/r.json"], "'nist-8286' not recognized" },
        { ["register", "{assessment}", "--format", "csv", "--out", "{dir}/r.json"], "nist-8286-json" },
        { ["register", "{assessment}", "--format", "nist-8286-json", "--out", "{dir}/r.xlsx"], "--format nist-8286-json writes JSON; name it .json" },
        { ["register", "{assessment}", "--format", "xlsx", "--out", "{dir}/r.json"], "name it .xlsx" },
        { ["register", "{assessment}", "--out", "{dir}/r.json"], "say --format nist-8286-json" },
        { ["register", "{assessment}", "--format", "nist-8286-json", "--previous", "{assessment}", "--out", "{dir}/r.json"], "--previous adds the workbook's Changes sheet" },
        { ["assess", "{roster}", "--format", "nist-8286", "--out", "{dir}/r.json"], "'nist-8286' not recognized" },
        { ["assess", "{roster}", "--format", "nist-8286-json", "--out", "{dir}/r.txt"], "--format nist-8286-json writes JSON; name it .json" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Failure_ExitsOne_WithAMessage(string[] args, string message)
    {
        var assessment = await AssessmentFile();
        var dir = Path.GetDirectoryName(Cli.TempFile("out"))!;
        var resolved = args.Select(a => a.Replace("{assessment}", assessment).Replace("{roster}", Roster).Replace("{dir}", dir)).ToArray();
        var run = await Cli.RunAsync(resolved);
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}, stderr: {run.Stderr}");
        Assert.Contains(message, run.Stderr);
        Assert.Equal("", run.Stdout);
        Assert.Empty(Directory.GetFiles(dir, "r.*"));
    }

    [Fact]
    public async Task Help_NamesTheFormat()
    {
        foreach (var command in new[] { "register", "assess" })
        {
            var run = await Cli.RunAsync(command, "--help");
            Assert.Equal(0, run.ExitCode);
            Assert.Contains("nist-8286-json", run.Stdout);
        }
    }
}
