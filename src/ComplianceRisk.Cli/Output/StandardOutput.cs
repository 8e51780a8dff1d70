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

    public override void Write(char value)
    {
        try { writer.Write(value); }
        catch (Exception e) when (IoFailure.IsIo(e)) { throw CannotWrite(e); }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        try { writer.Write(buffer, index, count); }
        catch (Exception e) when (IoFailure.IsIo(e)) { throw CannotWrite(e); }
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        try { writer.Write(buffer); }
        catch (Exception e) when (IoFailure.IsIo(e)) { throw CannotWrite(e); }
    }

    public override void Write(string? value)
    {
        try { writer.Write(value); }
        catch (Exception e) when (IoFailure.IsIo(e)) { throw CannotWrite(e); }
    }

    public override void WriteLine(string? value)
    {
        try { writer.WriteLine(value); }
        catch (Exception e) when (IoFailure.IsIo(e)) { throw CannotWrite(e); }
    }

    public override void Flush()
    {
        try { writer.Flush(); }
        catch (Exception e) when (IoFailure.IsIo(e)) { throw CannotWrite(e); }
    }

    public override async Task WriteAsync(string? value)
    {
        try { await writer.WriteAsync(value); }
        catch (Exception e) when (IoFailure.IsIo(e)) { throw CannotWrite(e); }
    }

    public override async Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        try { await writer.WriteAsync(buffer, cancellationToken); }
        catch (Exception e) when (IoFailure.IsIo(e)) { throw CannotWrite(e); }
    }

    public override async Task WriteLineAsync(string? value)
    {
        try { await writer.WriteLineAsync(value); }
        catch (Exception e) when (IoFailure.IsIo(e)) { throw CannotWrite(e); }
    }

    public override async Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        try { await writer.WriteLineAsync(buffer, cancellationToken); }
        catch (Exception e) when (IoFailure.IsIo(e)) { throw CannotWrite(e); }
    }

    public override async Task FlushAsync()
    {
        try { await writer.FlushAsync(); }
        catch (Exception e) when (IoFailure.IsIo(e)) { throw CannotWrite(e); }
    }

    private static CliException CannotWrite(Exception e) => CliException.Usage($"cannot write standard output: {IoFailure.Reason(e)}");
}
