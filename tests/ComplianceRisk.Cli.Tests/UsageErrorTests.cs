namespace ComplianceRisk.Cli.Tests;

/// <summary>
/// A command line the parser refuses is reported on standard error only, so that `complianceRisk generate --rows 0 &gt; roster.csv`
/// leaves the file empty instead of filling it with help text.
/// </summary>
public sealed class UsageErrorTests
{
    [Theory]
    // A value the option's validator refuses.
    [InlineData("--rows must be between 1 and 1,048,575", "generate", "--rows", "0")]
    // An unknown option: the typo suggestions are part of the error.
    [InlineData("'--row' was not matched. Did you mean one of the following?", "generate", "--row", "5")]
    [InlineData("Unrecognized command or argument '--bogus'", "generate", "--bogus")]
    // A value outside the option's choices.
    [InlineData("Argument 'xml' not recognized", "diff", "a.json", "b.json", "--format", "xml")]
    // A missing argument, and no command at all.
    [InlineData("Required argument missing for command: 'assess'", "assess")]
    [InlineData("Required command was not provided", new string[0])]
    public async Task AParseError_IsReportedOnStderr_WithTheHelp_AndStdoutStaysEmpty(string message, params string[] args)
    {
        var run = await Cli.RunAsync(args);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains(message, run.Stderr);
        Assert.Contains("Usage:", run.Stderr);
    }

    /// <summary>
    /// A value the command checks itself is one line that says what is wrong, without the help (README, Exit codes): the
    /// help would bury the line among forty others.
    /// </summary>
    [Theory]
    [InlineData("error: --as-of: '2026-13-01' is not a date; write YYYY-MM-DD", "--as-of", "2026-13-01")]
    [InlineData("error: --without: no person with id E9999 in the roster", "--without", "E9999")]
    public async Task AValueTheCommandChecks_IsOneLineOnStderr_WithoutTheHelp(string message, params string[] args)
    {
        var run = await Cli.RunAsync(["assess", Path.Combine(Cli.RepositoryRoot, "samples", "community-hospital-tx", "roster.csv"), .. args]);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal(message, run.Stderr.Trim());
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("generate", "--help")]
    // Help asked for wins over an error beside it: it is what the user wanted, on stdout, exit 0.
    [InlineData("generate", "--rows", "0", "--help")]
    public async Task HelpAskedFor_IsWrittenToStdout(params string[] args)
    {
        var run = await Cli.RunAsync(args);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:", run.Stdout);
        Assert.Equal("", run.Stderr);
    }
}
