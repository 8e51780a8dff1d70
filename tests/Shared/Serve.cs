using ComplianceRisk.Functions.Handler;
using ComplianceRisk.Functions.Runtime;

namespace ComplianceRisk.Tests;

/// <summary>
/// The app under <c>serve</c>, on real Kestrel over loopback: the local host in front, the handler behind it, reading
/// the function.json files from the build output exactly as the CLI's serve command does.
/// </summary>
public sealed class Serve : IAsyncDisposable
{
    /// <summary>A clock fixed at 2026-11-22 09:00 UTC, the as-of date the samples are written for.</summary>
    public static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));

    /// <summary>
    /// The erasure's wait between its passes unless a test gives settings: long enough for an answer already made to be
    /// written (what the wait is for), short enough not to slow the tests that erase.
    /// </summary>
    public static readonly TimeSpan ErasureSettle = TimeSpan.FromSeconds(2);

    /// <summary>The data folder this harness made for itself, deleted on dispose; null when the test gave one (it may start serve on it again).</summary>
    private readonly TempFolder? _ownData;

    private Serve(LocalHost host, TempFolder? ownData)
    {
        Host = host;
        _ownData = ownData;
        Client = new HttpClient { BaseAddress = host.Addresses[0], Timeout = TimeSpan.FromMinutes(2) };
        // A program calling serve, not a page in a browser: it says so on every request, as serve asks of state-changing ones.
        Client.DefaultRequestHeaders.Add(ServeGuard.RequestHeader, "tests");
    }

    public LocalHost Host { get; }
    public HttpClient Client { get; }

    /// <summary>The folder serve keeps its blobs, tables and queues in (<c>--data</c>).</summary>
    public string DataDirectory => Host.Storage.Root;

    /// <summary>
    /// The .eml files serve's outbox holds (mail from SendGrid output bindings), an organization's in its own folder,
    /// oldest file name first.
    /// </summary>
    public IReadOnlyList<string> Mail() =>
        Directory.Exists(Host.Outbox) ? [.. Directory.EnumerateFiles(Host.Outbox, "*.eml", SearchOption.AllDirectories).OrderBy(Path.GetFileName, StringComparer.Ordinal)] : [];

    /// <summary>
    /// Starts serve; give <paramref name="dataDirectory"/> to start again on the data a previous serve left. serve and
    /// the handler share one clock, <paramref name="clock"/> (a FakeTimeProvider where a test moves time) or <see cref="Clock"/>.
    /// </summary>
    public static async Task<Serve> StartAsync(string? appRoot = null, HandlerSettings? settings = null, IEnumerable<HandlerFunction>? moreFunctions = null, string? dataDirectory = null, TimeProvider? clock = null, string? keysFile = null)
    {
        clock ??= Clock;
        var ownData = dataDirectory is null ? new TempFolder("compliancerisk-serve-") : null;
        var options = new ServeOptions
        {
            AppRoot = appRoot ?? AppContext.BaseDirectory,
            DataDirectory = dataDirectory ?? ownData!.Path,
            Urls = ["http://127.0.0.1:0"],
            Clock = clock,
            KeysFile = keysFile,
            // Blob folders scanned often, so a test that drops a file in waits little.
            PollInterval = TimeSpan.FromMilliseconds(200),
        };
        try
        {
            return new Serve(await LocalHost.StartAsync(options, (settings ?? new HandlerSettings { ErasureSettle = ErasureSettle }) with { Clock = clock }, moreFunctions), ownData);
        }
        catch
        {
            ownData?.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        _ownData?.Dispose();
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}

/// <summary>A temporary folder a test starts serve on more than once; deleted with everything in it at the end.</summary>
public sealed class TempFolder(string prefix) : IDisposable
{
    public string Path { get; } = TestTemp.Folder(prefix);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>One app under serve shared by the tests of a class (starting one takes a moment).</summary>
public sealed class ServeFixture : IAsyncLifetime
{
    public Serve App { get; private set; } = null!;
    public HttpClient Client => App.Client;

    public async ValueTask InitializeAsync() => App = await Serve.StartAsync();

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

/// <summary>Waiting for something a background worker does, without fixed sleeps: polls a condition with a generous limit.</summary>
internal static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null) where T : class
    {
        var limit = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > limit) throw new TimeoutException($"gave up waiting for {what}");
            await Task.Delay(50);
        }
    }

    public static Task<T> Get<T>(Func<T?> probe, string what, TimeSpan? timeout = null) where T : class =>
        Get(() => Task.FromResult(probe()), what, timeout);

    public static Task True(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Get(() => condition() ? "" : null, what, timeout);
}

internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "ComplianceRisk.sln"))) return dir.FullName;
        throw new InvalidOperationException("ComplianceRisk.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A function app folder for a test: a host.json and function.json files given as JSON text.</summary>
    public static string TempApp(string hostJson, params (string Name, string FunctionJson)[] functions)
    {
        var root = TestTemp.Folder("compliancerisk-app-");
        System.IO.File.WriteAllText(Path.Combine(root, "host.json"), hostJson);
        foreach (var (name, json) in functions)
        {
            Directory.CreateDirectory(Path.Combine(root, name));
            System.IO.File.WriteAllText(Path.Combine(root, name, "function.json"), json);
        }
        return root;
    }
}
