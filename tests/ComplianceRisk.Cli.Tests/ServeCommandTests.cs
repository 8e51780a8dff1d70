using System.Net;
using System.Net.Sockets;

namespace ComplianceRisk.Cli.Tests;

/// <summary><c>serve</c> run as a program, as a person starts it in a shell: what it says when it cannot start.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public async Task A_port_already_in_use_is_one_clean_line_without_a_stack_trace()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

        var run = await Cli.RunProgramAsync(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "complianceRisk.dll"), "serve", "--data", TestTemp.Folder("serve-data-"), "--urls", url, "--app", AppContext.BaseDirectory]);

        Assert.Equal(ExitCodes.InputRejected, run.ExitCode);
        // Nothing but serve's own word, once: no log line of the host's with the exception and its stack.
        Assert.Equal("", run.Stdout);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"error: cannot listen on {url}: ", line);
        Assert.Contains("address already in use", line, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>An address this machine does not have (192.0.2.1 is reserved for documentation) is said as plainly, not as a defect.</summary>
    [Fact]
    public async Task An_address_this_machine_does_not_have_is_input_rejected_not_an_internal_error()
    {
        const string url = "http://192.0.2.1:7071";
        var run = await Cli.RunProgramAsync(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "complianceRisk.dll"), "serve", "--data", TestTemp.Folder("serve-data-"), "--urls", url, "--app", AppContext.BaseDirectory]);

        Assert.Equal(ExitCodes.InputRejected, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains($"error: cannot listen on {url}: ", run.Stderr);
        Assert.DoesNotContain("defect", run.Stderr);
    }
}
