using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ComplianceRisk.Functions.Tests.Storage;

/// <summary>
/// Azurite, the Azure Storage emulator (npm, installed by README's test command into this project's node_modules), in
/// memory on free loopback ports for one test class: the Azure Storage SDK talks to it over HTTP as it talks to an account
/// in Azure. It has no versioning and no retention policies.
/// </summary>
public sealed partial class Azurite : IAsyncLifetime
{
    // Azurite's one account and its documented development key (learn.microsoft.com, "Use Azurite"): no secret.
    private const string Account = "devstoreaccount1";
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? _process;

    /// <summary>A connection string naming this emulator's blob and table endpoints, as <c>AzureWebJobsStorage</c> would.</summary>
    public string ConnectionString { get; private set; } = "";

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at (?<url>http://\S+)")]
    private static partial Regex Listening();

    public async ValueTask InitializeAsync()
    {
        var program = Repo.File("tests", "ComplianceRisk.Functions.Tests", "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(program))
            throw new InvalidOperationException($"Azurite is not installed ({program} is missing): run `npm ci --prefix tests/ComplianceRisk.Functions.Tests` in {Repo.Root}.");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The SDK may speak a newer service version than the emulator knows; what erasure uses is the same in both.
            ArgumentList = { program, "--inMemoryPersistence", "--skipApiVersionCheck", "--blobPort", "0", "--queuePort", "0", "--tablePort", "0" },
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        var endpoints = new Dictionary<string, string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!(endpoints.ContainsKey("Blob") && endpoints.ContainsKey("Table")))
        {
            var line = await _process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException($"Azurite stopped before listening (exit code {(_process.HasExited ? _process.ExitCode : -1)})");
            if (Listening().Match(line) is { Success: true } m) endpoints[m.Groups["service"].Value] = m.Groups["url"].Value;
        }
        // Nothing more is read from it: its output is left to drain, so that a chatty emulator never blocks on a full pipe.
        _ = _process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};" +
            $"BlobEndpoint={endpoints["Blob"]}/{Account};TableEndpoint={endpoints["Table"]}/{Account};";
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
