using System.Text;

namespace ComplianceRisk.Cli.Tests;

/// <summary>
/// The CLI's multicore JIT profile (src/ComplianceRisk.Cli/JitProfile.cs): a command run as a program leaves a profile of
/// what it compiled in the user's cache folder, runs the same with it, without it, with a damaged one and with no cache
/// folder to be had, and can be switched off.
/// </summary>
public sealed class JitProfileTests
{
    /// <summary>The CLI built with the tests (its assembly and runtimeconfig are copied beside them), run as a program with <c>dotnet</c>.</summary>
    private static Task<Cli.Run> RunProgramAsync(string cacheHome, IReadOnlyDictionary<string, string>? variables, params string[] arguments) =>
        Cli.RunProgramAsync(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "complianceRisk.dll"), .. arguments], environment =>
            {
                environment["XDG_CACHE_HOME"] = cacheHome;
                foreach (var (name, value) in variables ?? new Dictionary<string, string>()) environment[name] = value;
            });

    private static string ProfileOf(string cacheHome, string command) => Path.Combine(cacheHome, "complianceRisk", command + ".jitprofile");

    [Fact]
    public async Task A_command_leaves_a_profile_of_what_it_compiled_and_runs_the_same_with_it()
    {
        var cache = TestTemp.Folder("jit-cache-");
        var first = await RunProgramAsync(cache, null, Cli.AssessSampleAsJson);
        Assert.True(first.ExitCode == 0, first.Stderr);
        var profile = ProfileOf(cache, "assess");
        Assert.True(File.Exists(profile), $"no profile at {profile}");
        // The runtime's profile names the modules whose methods it compiled: the engine's among them.
        Assert.Contains("ComplianceRisk.Engine", Encoding.Latin1.GetString(File.ReadAllBytes(profile)));

        var second = await RunProgramAsync(cache, null, Cli.AssessSampleAsJson);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains("\"assessmentId\": \"c5c95af59ff8f8f2749cb712483fdce4\"", second.Stdout);
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Equal((await Cli.RunAsync(Cli.AssessSampleAsJson)).Stdout, second.Stdout);
    }

    [Theory]
    [InlineData("random bytes")]
    [InlineData("cut in half")]
    public async Task A_damaged_profile_is_ignored(string damage)
    {
        var cache = TestTemp.Folder("jit-cache-");
        var profile = ProfileOf(cache, "assess");
        if (damage == "random bytes")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(profile)!);
            var garbage = new byte[4096];
            new Random(4).NextBytes(garbage);
            File.WriteAllBytes(profile, garbage);
        }
        else
        {
            // A real profile whose header is sound and whose records stop part way, as a write cut short leaves it.
            Assert.Equal(0, (await RunProgramAsync(cache, null, Cli.AssessSampleAsJson)).ExitCode);
            var whole = File.ReadAllBytes(profile);
            File.WriteAllBytes(profile, whole[..(whole.Length / 2)]);
        }

        var run = await RunProgramAsync(cache, null, Cli.AssessSampleAsJson);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal((await Cli.RunAsync(Cli.AssessSampleAsJson)).Stdout, run.Stdout);
    }

    [Fact]
    public async Task Switched_off_it_makes_no_profile()
    {
        var cache = TestTemp.Folder("jit-cache-");
        var run = await RunProgramAsync(cache, new Dictionary<string, string> { [JitProfile.Switch] = "0" }, "catalog", "export");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.False(Directory.Exists(Path.Combine(cache, "complianceRisk")), "the cache folder was made");
    }

    [Fact]
    public async Task Without_a_cache_folder_to_be_had_the_command_still_runs()
    {
        // The cache home is a file: no folder can be made in it.
        var blocked = Path.Combine(TestTemp.Folder("jit-cache-"), "not-a-folder");
        File.WriteAllText(blocked, "");
        var run = await RunProgramAsync(blocked, null, Cli.AssessSampleAsJson);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal((await Cli.RunAsync(Cli.AssessSampleAsJson)).Stdout, run.Stdout);
    }

    [Theory]
    [InlineData("assess|roster.csv", "assess")]
    [InlineData("serve", "serve")]
    [InlineData("", "complianceRisk")]
    [InlineData("--help", "complianceRisk")]
    [InlineData("Assess|roster.csv", "complianceRisk")]
    [InlineData("../../etc/x", "complianceRisk")]
    [InlineData("roster.csv", "complianceRisk")]
    public void The_profile_is_named_after_the_command(string commandLine, string name) =>
        Assert.Equal(name, JitProfile.CommandName(commandLine.Length == 0 ? [] : commandLine.Split('|')));

    [Theory]
    [InlineData("/cache", "/home/a", "/cache/complianceRisk")]
    [InlineData("", "/home/a", "/home/a/.cache/complianceRisk")]
    // XDG: a relative path is invalid and is ignored.
    [InlineData("cache", "/home/a", "/home/a/.cache/complianceRisk")]
    [InlineData("", "", null)]
    public void The_cache_folder_follows_the_XDG_base_directories(string xdgCacheHome, string home, string? folder)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Windows keeps it in the local application data folder");
        var variables = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = xdgCacheHome, ["HOME"] = home };
        Assert.Equal(folder, JitProfile.Folder(variables.GetValueOrDefault));
    }
}
