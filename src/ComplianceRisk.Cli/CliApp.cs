using System.CommandLine;
using System.CommandLine.Invocation;
using ComplianceRisk.Cli.Commands;

namespace ComplianceRisk.Cli;

/// <summary>
/// The command-line program: its commands, and the one place errors become messages and exit codes.
/// Output writers, whether each is a terminal, the clock and the environment variables are passed in so tests run it
/// in-process exactly as a user would, without touching the test process's own environment.
/// </summary>
public sealed class CliApp(TextWriter stdout, TextWriter stderr, TimeProvider clock, bool stdoutIsTerminal = false, bool stderrIsTerminal = false,
    Func<string, string?>? environment = null)
{
    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    /// <summary>Runs one command; <paramref name="cancellationToken"/> stops a long-running one (serve) as Ctrl+C does.</summary>
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var output = new Output.StandardOutput(stdout);
        var context = new CliContext(output, stderr, clock, stdoutIsTerminal, stderrIsTerminal, _environment);
        var root = new RootCommand("ComplianceRisk: how fragile your health-IT compliance is because of who holds your critical IT roles.");
        root.Subcommands.Add(AssessCommand.Create(context));
        root.Subcommands.Add(RegisterCommand.Create(context));
        root.Subcommands.Add(DiffCommand.Create(context));
        root.Subcommands.Add(TemplateCommand.Create(context));
        root.Subcommands.Add(CatalogCommand.Create(context));
        root.Subcommands.Add(GenerateCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        try
        {
            var parse = root.Parse(args);
            // A usage error is reported on standard error only: System.CommandLine's ParseErrorAction writes the error to
            // Error but its typo suggestions and the help to Output, which would put them into the file of
            // `generate --rows 0 > roster.csv`. Help that was asked for (--help) is the output, and stays on stdout.
            var helpTo = parse.Action is ParseErrorAction ? stderr : output;
            return await parse.InvokeAsync(new InvocationConfiguration { Output = helpTo, Error = stderr, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (CliException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await stderr.WriteLineAsync($"internal error: {e.Message}");
            await stderr.WriteLineAsync("This is a defect in ComplianceRisk; please report it with the command you ran.");
            if (_environment("COMPLIANCERISK_VERBOSE") == "1") await stderr.WriteLineAsync(e.ToString());
            return ExitCodes.InternalError;
        }
    }
}

/// <summary>
/// What every command gets from the program: where to write, what time it is, and the environment variables (the app
/// settings serve and the register read as the Functions app does). Each stream says whether it is a terminal on its
/// own: <c>assess roster.csv &gt; report.txt</c> typed at one has a person watching standard error (progress is shown
/// there) and a file on standard output (plain text, as when nobody watches).
/// </summary>
public sealed record CliContext(TextWriter Stdout, TextWriter Stderr, TimeProvider Clock, bool StdoutIsTerminal, bool StderrIsTerminal,
    Func<string, string?> Environment);
