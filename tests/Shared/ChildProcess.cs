using System.Diagnostics;

namespace ComplianceRisk.Tests;

/// <summary>
/// Programs a test starts as a user would in a shell: the .NET SDK for the README commands that publish what ships (the
/// Functions package, the CLI), and the programs those make.
/// </summary>
internal static class ChildProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs the program to its end; <paramref name="environment"/> may change the variables it inherits.</summary>
    public static async Task<Result> RunAsync(string program, string workingDirectory, IEnumerable<string> arguments,
        Action<IDictionary<string, string?>>? environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        environment?.Invoke(start.Environment);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs <c>dotnet</c> with the arguments in <paramref name="workingDirectory"/>; throws with its output if it fails.</summary>
    public static async Task DotnetAsync(string workingDirectory, params string[] arguments)
    {
        // A composite ReadyToRun publish takes 2-4 minutes on 2 idle cores, several times that beside the other test projects.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        var run = await RunAsync(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", workingDirectory, arguments, variables =>
        {
            // The test host's MSBuild settings must not leak into a separate build, and no build server may outlive the
            // command (it would hold this process's pipes open).
            foreach (var name in variables.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
                variables.Remove(name);
            variables["MSBUILDDISABLENODEREUSE"] = "1";
            variables["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
            variables["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        }, timeout.Token);
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} exited with {run.ExitCode}:\n{run.Stdout}\n{run.Stderr}");
    }
}
