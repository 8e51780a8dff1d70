using System.Diagnostics;

namespace ComplianceRisk.Tests;

/// <summary>
/// Runs the .NET SDK as a user would in a shell (for the README commands that publish what ships: the Functions package,
/// the CLI), from a test running inside an MSBuild/test host.
/// </summary>
internal static class DotnetCommand
{
    /// <summary>Runs <c>dotnet</c> with the arguments in <paramref name="workingDirectory"/>; throws with its output if it fails.</summary>
    public static async Task RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The test host's MSBuild settings must not leak into a separate build, and no build server may outlive the
        // command (it would hold this process's pipes open).
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A composite ReadyToRun publish takes 2-4 minutes on 2 idle cores, several times that beside the other test projects.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }
}
