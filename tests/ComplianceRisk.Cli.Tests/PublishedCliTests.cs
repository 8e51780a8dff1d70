using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace ComplianceRisk.Cli.Tests;

/// <summary>
/// The CLI as README's "Install the CLI" command publishes it: one self-contained composite ReadyToRun program for
/// linux-x64, with the runtime settings the performance figures were measured with, that assesses and writes registers
/// byte for byte as the CLI built from source does.
/// </summary>
public sealed class PublishedCliTests(PublishedCli cli) : IClassFixture<PublishedCli>
{
    private static bool OnLinuxX64 => OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64;

    [Fact]
    public void It_is_one_self_contained_composite_ready_to_run_program()
    {
        foreach (var runtimeFile in new[] { "libhostfxr.so", "libcoreclr.so", "System.Private.CoreLib.dll" })
            Assert.True(File.Exists(cli.PathOf(runtimeFile)), $"{runtimeFile} is not in the published folder");
        using var runtimeConfig = JsonDocument.Parse(File.ReadAllBytes(cli.PathOf("complianceRisk.runtimeconfig.json")));
        var options = runtimeConfig.RootElement.GetProperty("runtimeOptions");
        // A framework-dependent app names the framework it needs; a self-contained one lists what it carries.
        Assert.False(options.TryGetProperty("framework", out _));
        Assert.True(options.TryGetProperty("includedFrameworks", out _));

        using var pe = new PEReader(File.OpenRead(cli.PathOf("complianceRisk.dll")));
        Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, "complianceRisk.dll is not ReadyToRun");
        var composite = new FileInfo(cli.PathOf("complianceRisk.r2r.dll"));
        Assert.True(composite.Exists, "no composite image complianceRisk.r2r.dll");
        Assert.True(composite.Length > new FileInfo(cli.PathOf("System.Private.CoreLib.dll")).Length, "the composite image does not hold the framework's code");
    }

    [Theory]
    [MemberData(nameof(RuntimeSettingsTests.MeasuredSettings), MemberType = typeof(RuntimeSettingsTests))]
    public void It_runs_with_the_measured_runtime_setting(string name, string value) =>
        RuntimeSettingsTests.AssertSets(cli.PathOf("complianceRisk.runtimeconfig.json"), name, value);

    [Fact]
    public async Task It_assesses_the_sample_byte_for_byte_as_the_CLI_built_from_source()
    {
        Assert.SkipUnless(OnLinuxX64, "the published program runs on linux-x64 only");
        var published = await cli.RunAsync(Cli.AssessSampleAsJson);
        var built = await Cli.RunAsync(Cli.AssessSampleAsJson);
        Assert.Equal(0, built.ExitCode);
        Assert.True(published.ExitCode == 0, published.Stderr);
        Assert.Contains("\"assessmentId\": \"c5c95af59ff8f8f2749cb712483fdce4\"", published.Stdout);
        Assert.Equal(built.Stdout, published.Stdout);
    }

    [Fact]
    public async Task It_writes_the_register_workbook_byte_for_byte_as_the_CLI_built_from_source()
    {
        Assert.SkipUnless(OnLinuxX64, "the published program runs on linux-x64 only");
        var assessment = Cli.TempFile("assessment.json", (await Cli.RunAsync(Cli.AssessSampleAsJson)).Stdout);
        var fromSource = Cli.TempFile("built.xlsx");
        var fromPublished = Cli.TempFile("published.xlsx");
        Assert.Equal(0, (await Cli.RunAsync("register", assessment, "--out", fromSource)).ExitCode);
        var published = await cli.RunAsync("register", assessment, "--out", fromPublished);
        Assert.True(published.ExitCode == 0, published.Stderr);
        Assert.True(File.ReadAllBytes(fromSource).AsSpan().SequenceEqual(File.ReadAllBytes(fromPublished)), "the workbooks differ");
    }
}

/// <summary>
/// Runs README's "Install the CLI" command once, with the program and every build output in a temporary folder (so it
/// shares no obj/ or bin/ with other builds running at the same time).
/// </summary>
public sealed class PublishedCli : IAsyncLifetime
{
    private readonly string _root = TestTemp.Folder("compliancerisk-cli-");

    private string Folder => Path.Combine(_root, "cli");

    public string PathOf(string name) => Path.Combine(Folder, name);

    public async ValueTask InitializeAsync() =>
        await ChildProcess.DotnetAsync(Cli.RepositoryRoot, "publish", "src/ComplianceRisk.Cli", "-c", "Release", "-r", "linux-x64", "--self-contained",
            "-o", Folder, "--artifacts-path", Path.Combine(_root, "build"), "-nodeReuse:false", "-p:UseSharedCompilation=false");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Runs the published program as a user would, with none of the CLI's own environment variables set.</summary>
    internal Task<Cli.Run> RunAsync(params string[] arguments) => Cli.RunProgramAsync(PathOf("complianceRisk"), arguments);
}
