namespace ComplianceRisk.Cli;

/// <summary>Process exit codes (documented in README.md). Warnings never change the exit code.</summary>
public static class ExitCodes
{
    public const int Done = 0;
    /// <summary>The command line is wrong: unknown option, bad value, missing argument, an --out that cannot be written.</summary>
    public const int UsageError = 1;
    /// <summary>An input document was rejected (unreadable roster, invalid catalog or profile); the message says what and where.</summary>
    public const int InputRejected = 2;
    /// <summary>A defect in this program; the message asks for a bug report.</summary>
    public const int InternalError = 3;
}

/// <summary>An error the user can act on: printed as one clean message, no stack trace.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(ExitCodes.UsageError, message);
    public static CliException Rejected(string message) => new(ExitCodes.InputRejected, message);
}
