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

    /// <summary>
    /// A --data (or --outbox) that names a file, not a folder, is a usage error naming the option, as an --out that is a
    /// folder is: it was reported as an address serve "cannot listen on" (--data), or not at all until a report's mail
    /// could not be written (--outbox).
    /// </summary>
    // Without the check an --outbox file let serve start and wait for requests: the timeout ends it as a failure.
    [Theory(Timeout = 60_000)]
    [InlineData("--data")]
    [InlineData("--outbox")]
    public async Task A_data_or_outbox_folder_that_is_a_file_is_named_as_the_problem(string option)
    {
        var folder = TestTemp.Folder("serve-data-");
        var file = Path.Combine(folder, "roster.csv");
        File.WriteAllText(file, "employee_id,role\n");
        string[] where = option == "--data" ? ["--data", file] : ["--data", Path.Combine(folder, "data"), "--outbox", file];

        var run = await Cli.RunProgramAsync(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "complianceRisk.dll"), "serve", .. where, "--urls", "http://127.0.0.1:0", "--app", AppContext.BaseDirectory]);

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Equal("", run.Stdout);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal($"error: {option} {file} is a file, not a folder", line);
        Assert.DoesNotContain("listen", line);
    }
}
