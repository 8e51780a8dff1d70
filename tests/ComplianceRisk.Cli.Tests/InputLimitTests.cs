using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Organizations;
using ComplianceRisk.Engine.Risks;

namespace ComplianceRisk.Cli.Tests;

/// <summary>
/// A document larger than its limit is refused while it is read, whatever it is read from: a pipe or a device claims no
/// length (<c>--profile /dev/zero</c> was read until memory ran out).
/// </summary>
public sealed class InputLimitTests
{
    public static TheoryData<string, string, int> Inputs => new()
    {
        { "--profile", "profile", ProfileReader.MaxBytes },
        { "--catalog", "catalog", CatalogReader.MaxBytes },
        { "--treatments", "treatments", TreatmentBook.MaxBytes },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task ADocumentFromAPipe_LargerThanItsLimit_IsRefusedWhileRead(string option, string what, int limit)
    {
        Assert.SkipUnless(File.Exists("/usr/bin/mkfifo"), "needs mkfifo for a named pipe");
        var roster = Cli.TempFile("roster.csv", "employee_id,role\nE1,dba\n");
        var pipe = Path.Combine(Path.GetDirectoryName(roster)!, "document.json");
        var made = await ChildProcess.RunAsync("/usr/bin/mkfifo", Cli.RepositoryRoot, [pipe], _ => { }, TestContext.Current.CancellationToken);
        Assert.True(made.ExitCode == 0, made.Stderr);

        // One byte more than the limit, as a program writing into the pipe would; it stops when the reader does.
        var writer = Task.Run(() =>
        {
            try
            {
                using var stream = new FileStream(pipe, FileMode.Open, FileAccess.Write);
                var spaces = new byte[64 * 1024];
                Array.Fill(spaces, (byte)' ');
                for (long left = limit + 1L; left > 0; left -= spaces.Length)
                    stream.Write(spaces, 0, (int)Math.Min(spaces.Length, left));
            }
            catch (IOException)
            {
                // The reader closed the pipe: it read enough.
            }
        }, TestContext.Current.CancellationToken);
        var run = await Cli.RunAsync("assess", roster, option, pipe);
        if (!writer.IsCompleted)
        {
            // The program never opened the pipe: open it here, or the writer waits for a reader for ever.
            using var reader = new FileStream(pipe, FileMode.Open, FileAccess.Read);
        }
        await writer;

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}, stderr: {run.Stderr}");
        Assert.Equal($"error: {what} document.json is more than {limit:N0} bytes, the limit", run.Stderr.Trim());
    }

    [Fact]
    public async Task AFileLargerThanItsLimit_IsRefusedByItsLength_BeforeItIsRead()
    {
        var roster = Cli.TempFile("roster.csv", "employee_id,role\nE1,dba\n");
        var profile = Path.Combine(Path.GetDirectoryName(roster)!, "profile.json");
        using (var stream = File.Create(profile)) stream.SetLength(ProfileReader.MaxBytes + 1L);
        var run = await Cli.RunAsync("assess", roster, "--profile", profile);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}, stderr: {run.Stderr}");
        Assert.Equal($"error: profile profile.json is {ProfileReader.MaxBytes + 1:N0} bytes; the limit is {ProfileReader.MaxBytes:N0}", run.Stderr.Trim());
    }
}
