using System.Collections.Concurrent;
using System.Diagnostics;

namespace ComplianceRisk.Functions.Tests;

/// <summary>
/// The built CLI's <c>serve</c> as a child process, as a person starts it: its address read from the line it prints
/// when it listens, and every line it writes to standard output kept (serve logs there).
/// </summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private ServeProcess(Process process, Uri address, ConcurrentQueue<string> output)
    {
        _process = process;
        _output = output;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
    }

    public HttpClient Client { get; }

    /// <summary>What serve has printed so far, line by line.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>
    /// Starts <c>serve --data {data}</c> on a free loopback port with the app beside the tests, <paramref name="arguments"/>
    /// after, and <paramref name="environment"/> added to its environment (app settings).
    /// </summary>
    public static async Task<ServeProcess> StartAsync(string data, string[]? arguments = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "complianceRisk.dll"), "serve", "--data", data, "--urls", "http://127.0.0.1:0", "--app", AppContext.BaseDirectory, .. arguments ?? []])
            start.ArgumentList.Add(argument);
        // serve keeps its JIT profile in the user's cache folder (src/ComplianceRisk.Cli/JitProfile.cs); a test's serve keeps it
        // in the test run's own folder, deleted with it.
        start.Environment["XDG_CACHE_HOME"] = TestTemp.Folder("cache-home-");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var process = Process.Start(start)!;
        var output = new ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Read both streams to the end (a full pipe would stall serve), watching for the address.
        process.OutputDataReceived += (_, line) =>
        {
            const string Marker = "ComplianceRisk is running at ";
            if (line.Data is not { } text) return;
            output.Enqueue(text);
            if (text.StartsWith(Marker, StringComparison.Ordinal))
                listening.TrySetResult(new Uri(text[Marker.Length..text.IndexOf(' ', Marker.Length)]));
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var cancel = TestContext.Current.CancellationToken;
        _ = process.WaitForExitAsync(cancel).ContinueWith(_ => listening.TrySetException(new InvalidOperationException("serve exited before it listened")), TaskScheduler.Default);
        return new ServeProcess(process, await listening.Task.WaitAsync(TimeSpan.FromMinutes(2), cancel), output);
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Client.Dispose();
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }
}
