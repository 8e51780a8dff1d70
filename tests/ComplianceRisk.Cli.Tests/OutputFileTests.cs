using System.Runtime.Versioning;

namespace ComplianceRisk.Cli.Tests;

/// <summary>Every command's --out goes through <see cref="OutputFile"/>: written whole or not at all, and refused in plain words.</summary>
public sealed class OutputFileTests
{
    private const string Roster = "employee_id,role\nE1,dba\n";

    /// <summary>Each command that writes a file, with "{out}" where its --out goes and the extension it expects.</summary>
    public static TheoryData<string[], string> Commands => new()
    {
        { ["assess", "{roster}", "--format", "json", "--out", "{out}"], ".json" },
        { ["assess", "{roster}", "--out", "{out}"], ".xlsx" },
        { ["generate", "--rows", "10", "--out", "{out}"], ".csv" },
        { ["template", "--out", "{out}"], ".xlsx" },
        { ["register", "{assessment}", "--out", "{out}"], ".xlsx" },
        { ["register", "{assessment}", "--format", "nist-8286-json", "--out", "{out}"], ".json" },
        { ["diff", "{assessment}", "{assessment}", "--out", "{out}"], ".txt" },
        { ["catalog", "export", "--out", "{out}"], ".json" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task AnOutputThatCannotBeWritten_IsAUsageError_WithThePathAndWhy(string[] args, string extension)
    {
        var dir = Path.GetDirectoryName(Cli.TempFile("x"))!;
        var folder = Directory.CreateDirectory(Path.Combine(dir, "a-folder" + extension)).FullName;
        var cases = new List<(string Out, string Reason)>
        {
            (Path.Combine(dir, "missing", "dir", "out" + extension), "the folder does not exist"),
            (folder, "it is a folder"),
        };
        if (File.Exists("/dev/full"))
        {
            // Through a link, so that the name has the extension the command expects.
            var full = Path.Combine(dir, "full" + extension);
            File.CreateSymbolicLink(full, "/dev/full");
            cases.Add((full, "the disk is full"));
        }
        var assessment = await AssessmentFile();
        foreach (var (output, reason) in cases)
        {
            var run = await Cli.RunAsync([.. args.Select(a => a.Replace("{roster}", Cli.TempFile("roster.csv", Roster)).Replace("{assessment}", assessment).Replace("{out}", output))]);
            Assert.True(run.ExitCode == 1, $"{output}: exit {run.ExitCode}, stderr: {run.Stderr}");
            Assert.Equal($"error: cannot write {output}: {reason}", run.Stderr.Trim());
        }
    }

    /// <summary>Commands given one of their own inputs as --out, with "{input}" where that input goes and what the message calls it.</summary>
    public static TheoryData<string[], string> OwnInputs => new()
    {
        { ["assess", "{roster}", "--as-of", "2026-11-22", "--format", "json", "--out", "{roster}"], "roster" },
        { ["assess", "{roster}", "--as-of", "2026-11-22", "--treatments", "{input}", "--out", "{input}"], "treatments" },
        { ["register", "{input}", "--format", "nist-8286-json", "--out", "{input}"], "assessment" },
        { ["diff", "{input}", "{assessment}", "--out", "{input}"], "before assessment" },
        { ["diff", "{assessment}", "{input}", "--format", "json", "--out", "{input}"], "after assessment" },
    };

    [Theory]
    [MemberData(nameof(OwnInputs))]
    public async Task AnOutputThatIsAnInput_IsRefusedBeforeAnyWork_AndTheInputIsKept(string[] args, string what)
    {
        var assessment = await AssessmentFile();
        var input = Cli.TempFile("input.json");
        File.Copy(await AssessmentFile(), input);
        var roster = Cli.TempFile("roster.csv", Roster);
        var before = new Dictionary<string, byte[]> { [input] = File.ReadAllBytes(input), [roster] = File.ReadAllBytes(roster) };
        var run = await Cli.RunAsync([.. args.Select(a => a.Replace("{roster}", roster).Replace("{input}", input).Replace("{assessment}", assessment))]);
        var named = what == "roster" ? roster : input;
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}, stderr: {run.Stderr}");
        Assert.Equal($"error: --out {named} is the {what} this command reads; writing it would replace the {what}: name another file", run.Stderr.Trim());
        foreach (var (path, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task AnOutputThatLinksToAnInput_IsRefused()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix links");
        var roster = Cli.TempFile("roster.csv", Roster);
        var link = Path.Combine(Path.GetDirectoryName(roster)!, "latest.json");
        File.CreateSymbolicLink(link, roster);
        var run = await Cli.RunAsync("assess", roster, "--as-of", "2026-11-22", "--out", link);
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}, stderr: {run.Stderr}");
        Assert.StartsWith($"error: --out {link} is the roster this command reads", run.Stderr);
        Assert.Equal(Roster, File.ReadAllText(roster));
    }

    /// <summary>Each command that writes to standard output, with "{roster}" and "{assessment}" for its inputs.</summary>
    public static TheoryData<string[]> StdoutCommands => new()
    {
        { ["assess", "{roster}", "--as-of", "2026-11-22"] },
        { ["assess", "{roster}", "--as-of", "2026-11-22", "--format", "json"] },
        { ["assess", "{roster}", "--as-of", "2026-11-22", "--format", "nist-8286-json"] },
        { ["diff", "{assessment}", "{assessment}"] },
        { ["diff", "{assessment}", "{assessment}", "--format", "json"] },
        { ["generate", "--rows", "10"] },
        { ["catalog", "export"] },
        { ["catalog", "validate", "{catalog}"] },
        { ["--help"] },
        { ["assess", "--help"] },
    };

    [Theory]
    [MemberData(nameof(StdoutCommands))]
    public async Task AStandardOutputThatCannotBeWritten_IsSaidAsAnOutFileIs(string[] args)
    {
        Assert.SkipUnless(File.Exists("/dev/full"), "needs /dev/full");
        var catalog = Cli.TempFile("catalog.json");
        Assert.Equal(0, (await Cli.RunAsync("catalog", "export", "--out", catalog)).ExitCode);
        var assessment = args.Contains("{assessment}") ? await AssessmentFile() : "";
        string[] resolved = [.. args.Select(a => a.Replace("{roster}", Cli.TempFile("roster.csv", Roster)).Replace("{catalog}", catalog).Replace("{assessment}", assessment))];
        // `command > /dev/full`: standard output on a disk that is full.
        using var full = new StreamWriter(new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0)) { AutoFlush = true };
        var stderr = new StringWriter();
        var code = await new CliApp(full, stderr, Cli.Clock).RunAsync(resolved, TestContext.Current.CancellationToken);
        Assert.True(code == 1, $"exit {code}, stderr: {stderr}");
        Assert.Equal("error: cannot write standard output: the disk is full", stderr.ToString().Trim());
    }

    [Fact]
    public async Task AStandardOutputThatCannotBeWritten_IsSaid_ByTheProgram()
    {
        Assert.SkipUnless(File.Exists("/dev/full") && File.Exists("/bin/sh"), "needs /dev/full and a shell");
        var cli = $"'{Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet"}' '{Path.Combine(AppContext.BaseDirectory, "complianceRisk.dll")}'";
        var run = await Cli.RunProgramAsync("/bin/sh", ["-c", $"{cli} catalog export > /dev/full"]);
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}, stderr: {run.Stderr}");
        Assert.Equal("error: cannot write standard output: the disk is full", run.Stderr.Trim());
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task AFolderWithoutWritePermission_IsSaidSo()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows() || Environment.IsPrivilegedProcess, "an administrator may write anywhere");
        var dir = Path.GetDirectoryName(Cli.TempFile("x"))!;
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            var output = Path.Combine(dir, "catalog.json");
            var run = await Cli.RunAsync("catalog", "export", "--out", output);
            Assert.Equal(1, run.ExitCode);
            Assert.Equal($"error: cannot write {output}: permission denied", run.Stderr.Trim());
        }
        finally
        {
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Theory]
    // Names up to the longest a folder holds, 255 bytes: the temporary name beside them must not be longer.
    [InlineData('a', 210)] // 215 bytes
    [InlineData('a', 250)] // 255 bytes
    [InlineData('é', 125)] // 255 bytes in 130 characters
    public async Task ALongName_IsWritten_AndNothingIsLeftBeside(char letter, int count)
    {
        var dir = Path.GetDirectoryName(Cli.TempFile("x"))!;
        var name = new string(letter, count) + ".json";
        var output = Path.Combine(dir, name);
        var run = await Cli.RunAsync("catalog", "export", "--out", output);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(Engine.Catalogs.DefaultCatalog.GetBytes(), File.ReadAllBytes(output));
        Assert.Equal([output], Directory.GetFiles(dir));
    }

    [Fact]
    public void AWriteThatFails_LeavesTheFileAsItWas_AndNothingBeside()
    {
        var path = Cli.TempFile("assessment.json", "the earlier assessment");
        Assert.Throws<InvalidOperationException>(() => OutputFile.Write(new FileInfo(path), stream =>
        {
            stream.Write(new byte[100_000]);
            throw new InvalidOperationException("failed half-way");
        }));
        Assert.Equal("the earlier assessment", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void AReplacedFile_KeepsItsPermissions_AndALinkStaysALink()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix permissions and links");
        var path = Cli.TempFile("assessment.json", "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var link = Path.Combine(Path.GetDirectoryName(path)!, "latest.json");
        File.CreateSymbolicLink(link, path);
        OutputFile.WriteText(new FileInfo(link), writer => writer.Write("new"));
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(path, new FileInfo(link).LinkTarget);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    private static async Task<string> AssessmentFile()
    {
        var path = Cli.TempFile("assessment.json");
        var run = await Cli.RunAsync("assess", Cli.TempFile("roster.csv", Roster), "--as-of", "2026-11-22", "--out", path);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return path;
    }
}
