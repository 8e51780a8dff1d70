using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text.Json;

namespace ComplianceRisk.Functions.Tests;

/// <summary>
/// The deployable package made by README's "Deploy package" command: the function app layout the host reads (host.json,
/// one folder per function), the program host.json names, executable and self-contained for linux-x64, and a program
/// that really answers from the unzipped package as the Functions host would start it.
/// </summary>
public sealed class PackageLayoutTests(PackageFixture package) : IClassFixture<PackageFixture>
{
    private const int UnixExecuteBits = 0b001_001_001; // --x--x--x

    private static bool OnLinuxX64 => OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64;

    [Fact]
    public void Host_json_is_the_repositorys()
    {
        Assert.Equal(File.ReadAllBytes(PackageFixture.RepoFile("host.json")), package.Read("host.json"));
    }

    [Fact]
    public void Every_function_json_is_packaged_byte_for_byte_in_its_own_folder_and_nothing_else_is_a_function()
    {
        var sources = Directory.GetDirectories(PackageFixture.RepoFile("src", "ComplianceRisk.Functions", "Functions"))
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .ToDictionary(d => Path.GetFileName(d) + "/function.json", d => File.ReadAllBytes(Path.Combine(d, "function.json")));
        Assert.NotEmpty(sources);

        var packaged = package.Zip.Entries.Where(e => e.Name == "function.json").Select(e => e.FullName).Order(StringComparer.Ordinal);
        Assert.Equal(sources.Keys.Order(StringComparer.Ordinal), packaged);
        foreach (var (path, bytes) in sources)
            Assert.True(bytes.AsSpan().SequenceEqual(package.Read(path)), $"{path} differs from the source");
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public void The_program_host_json_names_is_a_linux_x64_executable_with_its_execute_bits()
    {
        Assert.SkipUnless(OnLinuxX64, "unzipping with Unix modes needs Linux");
        var entry = package.Zip.GetEntry(package.ProgramPath);
        Assert.NotNull(entry);
        // The Unix mode sits in the high 16 bits of the external attributes, meaningful when the entry was made on Unix.
        Assert.Equal(UnixExecuteBits, (entry.ExternalAttributes >> 16) & UnixExecuteBits);
        Assert.Equal(PackageFixture.MadeByUnix, package.MadeBy(package.ProgramPath));

        var elf = package.Read(package.ProgramPath);
        Assert.True(elf.AsSpan(0, 4).SequenceEqual("\u007fELF"u8), "not an ELF executable");
        Assert.Equal(0x3E, BitConverter.ToUInt16(elf, 18)); // e_machine: x86-64

        var extracted = File.GetUnixFileMode(Path.Combine(package.AppDirectory, package.ProgramPath));
        Assert.True(extracted.HasFlag(UnixFileMode.UserExecute), $"unzipped with mode {extracted}");
    }

    [Fact]
    public void It_is_a_self_contained_linux_x64_publish_compiled_ready_to_run()
    {
        foreach (var runtimeFile in new[] { "libhostfxr.so", "libhostpolicy.so", "libcoreclr.so", "libclrjit.so", "System.Private.CoreLib.dll" })
            Assert.NotNull(package.Zip.GetEntry(runtimeFile));

        var program = package.ProgramPath; // the apphost: the assembly's name without an extension on Linux
        using var runtimeConfig = JsonDocument.Parse(package.Read(program + ".runtimeconfig.json"));
        var options = runtimeConfig.RootElement.GetProperty("runtimeOptions");
        // A framework-dependent app names the framework it needs; a self-contained one lists what it carries.
        Assert.False(options.TryGetProperty("framework", out _));
        Assert.False(options.TryGetProperty("frameworks", out _));
        Assert.True(options.TryGetProperty("includedFrameworks", out _));

        using var deps = JsonDocument.Parse(package.Read(program + ".deps.json"));
        Assert.EndsWith("/linux-x64", deps.RootElement.GetProperty("runtimeTarget").GetProperty("name").GetString());

        // Composite ReadyToRun, as the project decides for the package (its csproj says why): the program's assembly
        // carries a ReadyToRun header, and the native code of the app and the framework is in one composite image.
        using var pe = new PEReader(new MemoryStream(package.Read(program + ".dll")));
        Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, $"{program}.dll is not ReadyToRun");
        var composite = package.Zip.GetEntry(program + ".r2r.dll");
        Assert.NotNull(composite);
        Assert.True(composite.Length > package.Zip.GetEntry("System.Private.CoreLib.dll")!.Length, "the composite image does not hold the framework's code");
    }

    [Fact]
    public async Task The_unzipped_program_answers_the_catalog_and_an_assessment()
    {
        Assert.SkipUnless(OnLinuxX64, "the package's program runs on linux-x64 only");
        var port = FreePort();
        var start = new ProcessStartInfo(Path.Combine(package.AppDirectory, package.ProgramPath))
        {
            WorkingDirectory = package.AppDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(1) };
            var catalog = await FirstAnswer(client, process, output);
            Assert.Equal(HttpStatusCode.OK, catalog.StatusCode);
            Assert.Equal("application/json", catalog.Content.Headers.ContentType?.MediaType);
            using (var json = JsonDocument.Parse(await catalog.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)))
                Assert.True(json.RootElement.GetProperty("roles").GetArrayLength() > 0);

            var roster = new ByteArrayContent(File.ReadAllBytes(PackageFixture.RepoFile("samples", "community-hospital-tx", "roster.csv")));
            roster.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
            using var assessed = await client.PostAsync("/api/assess?asOf=2026-11-22", roster, TestContext.Current.CancellationToken);
            var body = await assessed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(assessed.StatusCode == HttpStatusCode.OK, $"{(int)assessed.StatusCode}: {body}");
            Assert.Equal("application/json", assessed.Content.Headers.ContentType?.MediaType);
            using var assessment = JsonDocument.Parse(body);
            Assert.Equal("2026-11-22", assessment.RootElement.GetProperty("asOf").GetString());
            Assert.NotEmpty(assessment.RootElement.GetProperty("risks").EnumerateArray());
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    /// <summary>GET api/catalog as soon as the program listens (it has a minute, as a cold start on a slow machine might need).</summary>
    private static async Task<HttpResponseMessage> FirstAnswer(HttpClient client, Process process, IEnumerable<string> output)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(process.HasExited, $"the program exited with code {(process.HasExited ? process.ExitCode : 0)}:\n{string.Join('\n', output)}");
            try
            {
                return await client.GetAsync("/api/catalog", TestContext.Current.CancellationToken);
            }
            catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromMinutes(1))
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// Runs README's "Deploy package" command once, with the package and every build output in a temporary folder (so it
/// shares no obj/ or bin/ with other builds running at the same time), and unzips the package as the host would.
/// </summary>
public sealed class PackageFixture : IAsyncLifetime
{
    public const int MadeByUnix = 3;

    private readonly string _root = TestTemp.Folder("compliancerisk-package-");
    private Dictionary<string, int> _madeBy = [];

    public ZipArchive Zip { get; private set; } = null!;

    /// <summary>Where the package was unzipped.</summary>
    public string AppDirectory => Path.Combine(_root, "app");

    /// <summary>host.json's customHandler.description.defaultExecutablePath.</summary>
    public string ProgramPath { get; private set; } = null!;

    public static string RepoFile(params string[] parts) => Path.Combine([RepoRoot.Value, .. parts]);

    public byte[] Read(string path)
    {
        var entry = Zip.GetEntry(path) ?? throw new Xunit.Sdk.XunitException($"{path} is not in the package");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The platform that made an entry (the high byte of "version made by" in the central directory; 3 is Unix).</summary>
    public int MadeBy(string path) => _madeBy[path];

    public async ValueTask InitializeAsync()
    {
        var zip = Path.Combine(_root, "compliancerisk-functions.zip");
        // README's command, with the zip and the build outputs in this test's own folder.
        await ChildProcess.DotnetAsync(RepoRoot.Value, "publish", "src/ComplianceRisk.Functions", "-c", "Release", "-r", "linux-x64", "--self-contained",
            $"-p:FunctionsPackage={zip}", "--artifacts-path", Path.Combine(_root, "build"), "-nodeReuse:false", "-p:UseSharedCompilation=false");
        Zip = ZipFile.OpenRead(zip);
        _madeBy = ReadMadeBy(zip);
        ZipFile.ExtractToDirectory(zip, AppDirectory);
        using var host = JsonDocument.Parse(Read("host.json"));
        ProgramPath = host.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;
    }

    public ValueTask DisposeAsync()
    {
        Zip?.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Reads "version made by" of every entry from the zip's central directory (ZipArchive does not expose it).</summary>
    private static Dictionary<string, int> ReadMadeBy(string zip)
    {
        var bytes = File.ReadAllBytes(zip);
        var end = bytes.AsSpan().LastIndexOf("PK\u0005\u0006"u8);
        var count = BitConverter.ToUInt16(bytes, end + 10);
        var at = (int)BitConverter.ToUInt32(bytes, end + 16);
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(0x02014b50u, BitConverter.ToUInt32(bytes, at));
            var nameLength = BitConverter.ToUInt16(bytes, at + 28);
            var extraLength = BitConverter.ToUInt16(bytes, at + 30);
            var commentLength = BitConverter.ToUInt16(bytes, at + 32);
            result[System.Text.Encoding.UTF8.GetString(bytes, at + 46, nameLength)] = bytes[at + 5];
            at += 46 + nameLength + extraLength + commentLength;
        }
        return result;
    }

    private static readonly Lazy<string> RepoRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ComplianceRisk.sln"))) return dir.FullName;
        throw new InvalidOperationException("ComplianceRisk.sln not found above " + AppContext.BaseDirectory);
    });
}
