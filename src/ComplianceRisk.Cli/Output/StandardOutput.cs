using System.Text;

namespace ComplianceRisk.Cli.Output;

/// <summary>
/// Standard output as the commands write to it. A write that fails there (<c>&gt; report.json</c> on a full disk) is the
/// user's to fix, as an <c>--out</c> that cannot be written is: the same usage error in plain words, never an internal
/// error. Everything else passes through to the writer it wraps.
/// </summary>
internal sealed class StandardOutput(TextWriter writer) : TextWriter
{
    public override Encoding Encoding => writer.Encoding;

    public override IFormatProvider FormatProvider => writer.FormatProvider;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => writer.NewLine;
        set => writer.NewLine = value;
    }

    public override void Write(char value) => Guard(() => writer.Write(value));

    public override void Write(char[] buffer, int index, int count) => Guard(() => writer.Write(buffer, index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        // A span cannot be captured by a lambda, and copying it would cost every large write.
        try { writer.Write(buffer); }
        catch (Exception e) when (IoFailure.IsIo(e)) { throw CannotWrite(e); }
    }

    public override void Write(string? value) => Guard(() => writer.Write(value));

    public override void WriteLine(string? value) => Guard(() => writer.WriteLine(value));

    public override void Flush() => Guard(writer.Flush);

    public override Task WriteAsync(string? value) => GuardAsync(() => writer.WriteAsync(value));

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default) =>
        GuardAsync(() => writer.WriteAsync(buffer, cancellationToken));

    public override Task WriteLineAsync(string? value) => GuardAsync(() => writer.WriteLineAsync(value));

    public override Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default) =>
        GuardAsync(() => writer.WriteLineAsync(buffer, cancellationToken));

    public override Task FlushAsync() => GuardAsync(writer.FlushAsync);

    private static void Guard(Action write)
    {
        try { write(); }
        catch (Exception e) when (IoFailure.IsIo(e)) { throw CannotWrite(e); }
    }

    private static async Task GuardAsync(Func<Task> write)
    {
        try { await write(); }
        catch (Exception e) when (IoFailure.IsIo(e)) { throw CannotWrite(e); }
    }

    private static CliException CannotWrite(Exception e) => CliException.Usage($"cannot write standard output: {IoFailure.Reason(e)}");
}
