using System.Globalization;
using ComplianceRisk.Documents.Rosters;
using ComplianceRisk.Engine;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Organizations;
using ComplianceRisk.Engine.Rosters;
using Spectre.Console;

namespace ComplianceRisk.Cli;

/// <summary>Loads the documents a command names, turning every problem into a <see cref="CliException"/> that says what and where.</summary>
internal static class Inputs
{
    public static Catalog LoadCatalog(FileInfo? file)
    {
        if (file is null) return DefaultCatalog.Load();
        var result = CatalogReader.Read(ReadFile(file, CatalogReader.MaxBytes, "catalog"));
        return result.Success ? result.Value : throw CliException.Rejected(Describe($"catalog {file.Name} is invalid", result.Errors));
    }

    public static OrganizationProfile LoadProfile(FileInfo file, Catalog catalog)
    {
        var result = ProfileReader.Read(ReadFile(file, ProfileReader.MaxBytes, "profile"), profile => profile.CheckAgainst(catalog));
        return result.Success ? result.Value : throw CliException.Rejected(Describe($"profile {file.Name} is invalid", result.Errors));
    }

    public static Engine.Risks.TreatmentBook LoadTreatments(FileInfo? file)
    {
        if (file is null) return Engine.Risks.TreatmentBook.Empty;
        var result = Engine.Risks.TreatmentBook.Read(ReadFile(file, Engine.Risks.TreatmentBook.MaxBytes, "treatments"));
        return result.Success ? result.Value : throw CliException.Rejected(Describe($"treatments {file.Name} are invalid", result.Errors));
    }

    /// <summary>
    /// Notes each treatment whose risk is not in the assessment on standard error (docs/risks.md, Treatments): a risk
    /// that has closed, or a typo in an id, would otherwise pass unnoticed while the decision it records is dropped.
    /// </summary>
    /// <remarks>From the assessment's TREATMENT_UNMATCHED warnings, which say the same in the JSON and the register.</remarks>
    public static void NoteUnmatched(IEnumerable<Engine.Rosters.RosterWarning> warnings, CliContext context)
    {
        foreach (var warning in warnings.Where(w => w.Code == Engine.Risks.TreatmentBook.UnmatchedCode))
            context.Stderr.WriteLine($"note: the treatment for {warning.Value} matches no risk in this assessment (closed, or a typo in the id)");
    }

    /// <summary>
    /// Notes on standard error an earlier assessment that is dated after the later one (docs/risks.md, Diff): the changes are
    /// still made from the one given first to the one given second, but in reverse time order every risk that arose reads
    /// as closed and every escalation as a de-escalation, which says the opposite of what happened.
    /// </summary>
    public static void NoteIfReversed(Engine.Assessments.Assessment earlier, string earlierName, Engine.Assessments.Assessment later, string laterName, string remedy, CliContext context)
    {
        if (earlier.AsOf <= later.AsOf) return;
        context.Stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"note: {earlierName} (as of {earlier.AsOf:yyyy-MM-dd}) is later than {laterName} ({later.AsOf:yyyy-MM-dd}); the order looks reversed, so the changes are shown from the later to the earlier ({remedy})"));
    }

    /// <summary>
    /// Two assessments made with different catalogs (id, version or content) may differ in their scores because the
    /// method or the requirements changed: said, so that a change of method is not read as a change of staffing.
    /// </summary>
    public static void NoteIfOtherCatalog(Engine.Assessments.Assessment earlier, string earlierName, Engine.Assessments.Assessment later, string laterName, CliContext context)
    {
        if (earlier.Catalog == later.Catalog) return;
        context.Stderr.WriteLine($"note: {earlierName} was made with catalog {earlier.Catalog} and {laterName} with catalog {later.Catalog}; scores and readiness may differ by the catalogs' method and requirements, not by staffing");
    }

    /// <summary>
    /// The key pseudonymized registers are keyed with, from the environment variable the Functions app reads as an app
    /// setting (<c>ComplianceRisk__PseudonymKey</c>), so the CLI, serve and Azure give the same pseudonyms; null when unset.
    /// </summary>
    public static byte[]? PseudonymKey(CliContext context)
    {
        try
        {
            return Functions.Handler.HandlerSettings.ReadPseudonymKey(context.Environment);
        }
        catch (InvalidOperationException e)
        {
            throw CliException.Usage(e.Message);
        }
    }

    public static Engine.Assessments.Assessment LoadAssessment(FileInfo file)
    {
        var result = Documents.Assessments.AssessmentJson.Read(ReadFile(file, Documents.Assessments.AssessmentJson.MaxBytes, "assessment"));
        return result.Success ? result.Value : throw CliException.Rejected(Describe($"assessment {file.Name} cannot be read", result.Errors));
    }

    public static string Describe(string what, IEnumerable<InputError> errors) =>
        what + ":" + string.Concat(errors.Select(e => $"{Environment.NewLine}  {e}"));

    /// <summary>
    /// Reads a document whole, up to <paramref name="limit"/> bytes. The limit holds while reading, not only by the length
    /// a file claims: a pipe or a device (<c>--profile /dev/zero</c>) claims none, and would be read until memory ran out.
    /// </summary>
    private static byte[] ReadFile(FileInfo file, long limit, string what) => Read(file, what, stream =>
    {
        if (stream.CanSeek && stream.Length > limit) throw CliException.Rejected($"{what} {file.Name} is {stream.Length:N0} bytes; the limit is {limit:N0}");
        var bytes = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            if (bytes.Length + read > limit) throw CliException.Rejected($"{what} {file.Name} is more than {limit:N0} bytes, the limit");
            bytes.Write(buffer, 0, read);
        }
        return bytes.ToArray();
    });

    /// <summary>
    /// The one place an input file is opened and read. A file that is there but cannot be read (permission denied, a link
    /// that loops, a socket, a disk error) is the user's to fix: said with its path and why, never reported as a defect.
    /// </summary>
    private static T Read<T>(FileInfo file, string what, Func<FileStream, T> read)
    {
        CheckIsAFile(file, what);
        try
        {
            using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return read(stream);
        }
        catch (FileNotFoundException)
        {
            // A link to a file that is not there, which FileInfo.Exists calls there.
            throw NotFound(file, what);
        }
        catch (Exception e) when (IoFailure.IsIo(e))
        {
            throw CliException.Rejected($"cannot read {what} {file.FullName}: {IoFailure.Reason(e)}");
        }
    }

    /// <summary>Refuses an input file that is not there, or is a folder (which <see cref="FileInfo.Exists"/> also calls missing).</summary>
    private static void CheckIsAFile(FileInfo file, string what)
    {
        if (Directory.Exists(file.FullName)) throw CliException.Usage($"{what} {file.FullName} is a folder, not a file");
        if (!file.Exists) throw NotFound(file, what);
    }

    /// <summary>
    /// Refuses a folder option (serve's --data, --outbox) that names a file: the folder is made on first use, and a file
    /// in its place would otherwise fail far from the option that named it (as an address serve "cannot listen on", or a
    /// report that cannot be mailed).
    /// </summary>
    public static string? Folder(DirectoryInfo? folder, string option)
    {
        if (folder is null) return null;
        if (File.Exists(folder.FullName)) throw CliException.Usage($"{option} {folder.FullName} is a file, not a folder");
        return folder.FullName;
    }

    private static CliException NotFound(FileInfo file, string what) => CliException.Usage($"{what} file not found: {file.FullName}");

    /// <summary>Reads a roster, with a progress bar on stderr when a person is watching and the file is large.</summary>
    public static Roster ReadRoster(FileInfo file, Catalog catalog, OrganizationProfile profile, CliContext context)
    {
        var result = Read(file, "roster", stream =>
        {
            if (!context.StderrIsTerminal || file.Length <= 4 * 1024 * 1024) return RosterDocument.Read(stream, catalog, profile);
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Stderr) });
            RosterReadResult read = null!;
            console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask($"Reading {Markup.Escape(file.Name)}", maxValue: 1.0);
                    read = RosterDocument.Read(stream, catalog, profile, progress: new Progress<double>(f => task.Value = f));
                    task.Value = 1.0;
                });
            return read;
        });
        // The code is the one docs/roster-format.md lists rejections by, and what the HTTP API answers with.
        return result.Roster ?? throw CliException.Rejected($"roster {file.Name} was rejected ({result.Rejection!.Code}): {result.Rejection}");
    }

    /// <summary>Runs a long step with a spinner on stderr when a person is watching a large job; otherwise just runs it.</summary>
    public static T WithStatus<T>(CliContext context, bool large, string message, Func<T> step)
    {
        if (!context.StderrIsTerminal || !large) return step();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Stderr) });
        return console.Status().Start(message, _ => step());
    }

    /// <summary>An as-of date: YYYY-MM-DD, within the dates assessments are made as of.</summary>
    public static DateOnly ParseAsOf(string text, string option) =>
        AssessmentOptions.TryReadAsOf(text, out var date, out var problem) ? date : throw CliException.Usage($"{option}: {problem}");

    public static IEnumerable<string> SplitList(string? text) =>
        (text ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
