using System.CommandLine;
using ComplianceRisk.Documents.Registers;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;

namespace ComplianceRisk.Cli.Commands;

/// <summary>
/// <c>register &lt;assessment.json&gt; --out register.xlsx</c>: the board-ready risk register workbook of an assessment,
/// or with <c>--format nist-8286-json</c> the same register as JSON in the NIST IR 8286r1 risk register shape.
/// </summary>
internal static class RegisterCommand
{
    public const string Xlsx = "xlsx";
    public const string Nist8286 = "nist-8286-json";

    public static Command Create(CliContext context)
    {
        var assessment = new Argument<FileInfo>("assessment") { Description = "The assessment (JSON from assess --format json). It holds no person's competency levels, so the workbook's Competency Matrix shows the levels each role requires (assess --out register.xlsx shows each person's)." };
        var previous = new Option<FileInfo?>("--previous") { Description = "An earlier assessment of the same organization: adds a Changes sheet." };
        var treatments = new Option<FileInfo?>("--treatments") { Description = "Treatment records (JSON keyed by risk id) merged into the register's owner and status columns." };
        var catalog = new Option<FileInfo?>("--catalog") { Description = "The catalog the assessment was made with, if not the embedded one (its method fills the Methodology sheet)." };
        var pseudonymize = new Option<bool>("--pseudonymize") { Description = "Replace names by stable pseudonyms (for board packs); ids are dropped unless --keep-ids. Keyed with the secret in the environment variable ComplianceRisk__PseudonymKey when it is set." };
        var keepIds = new Option<bool>("--keep-ids") { Description = "With --pseudonymize: keep person ids beside the pseudonyms." };
        var format = new Option<string?>("--format") { Description = $"{Xlsx} (the workbook) or {Nist8286} (the Risk Register as JSON in the NIST IR 8286r1 risk register shape, schemas/nist-8286-risk-register.schema.json). Default: {Xlsx} when --out ends in .xlsx." };
        format.AcceptOnlyFromAmong(Xlsx, Nist8286);
        var output = new Option<FileInfo>("--out") { Description = $"Where to write the register: a .xlsx workbook, or a .json file with --format {Nist8286}.", Required = true };
        var command = new Command("register", $"Write the board-ready risk register workbook (Summary, Heat Map, Risk Register, coverage, Changes, Data Quality, Methodology) of an assessment, or with --format {Nist8286} its risk register as NIST IR 8286 JSON.")
        {
            assessment, previous, treatments, catalog, pseudonymize, keepIds, format, output,
        };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(output)!;
            // Usage errors first, before any file is read.
            var kind = ChooseFormat(parse.GetValue(format), file);
            OutputFile.RefuseInput(file, ("assessment", parse.GetValue(assessment)), ("previous assessment", parse.GetValue(previous)),
                ("treatments", parse.GetValue(treatments)), ("catalog", parse.GetValue(catalog)));
            if (kind == Nist8286 && parse.GetValue(previous) is not null)
                throw CliException.Usage($"--previous adds the workbook's Changes sheet; the {Nist8286} register has none (drop --previous, or write a .xlsx)");
            if (parse.GetValue(keepIds) && !parse.GetValue(pseudonymize)) throw CliException.Usage("--keep-ids goes with --pseudonymize");
            var current = Inputs.LoadAssessment(parse.GetValue(assessment)!);
            var cat = Inputs.LoadCatalog(parse.GetValue(catalog));
            if (cat.Sha256 != current.Catalog.Sha256)
                throw CliException.Rejected($"the assessment was made with catalog {current.Catalog}, not this one; give it with --catalog");
            var earlier = parse.GetValue(previous) is { } p ? Inputs.LoadAssessment(p) : null;
            if (earlier is not null && earlier.Organization.Id != current.Organization.Id)
                throw CliException.Rejected($"--previous is an assessment of {earlier.Organization.Id}, not {current.Organization.Id}");
            if (earlier is not null)
            {
                Inputs.NoteIfReversed(earlier, "the previous assessment", current, "this one", "give the earlier assessment as --previous", context);
                Inputs.NoteIfOtherCatalog(earlier, "the previous assessment", current, "this one", context);
            }
            var book = Inputs.LoadTreatments(parse.GetValue(treatments));
            // A record that matches no risk is a warning of the register's assessment, as `assess --treatments` makes it, so its
            // Data Quality sheet says the decision was dropped (one the saved assessment already warns of is not repeated).
            var unmatched = book.UnmatchedWarnings(current.Risks).ToList();
            Inputs.NoteUnmatched(unmatched, context);
            current = current with
            {
                Risks = book.ApplyTo(current.Risks, current.AsOf),
                Warnings = [.. current.Warnings, .. unmatched.Where(w => !current.Warnings.Any(k => k.Code == w.Code && k.Value == w.Value))],
            };
            WriteRegister(file, kind, current, cat, new RegisterOptions
            {
                Previous = earlier, Pseudonymize = parse.GetValue(pseudonymize), KeepIds = parse.GetValue(keepIds),
                PseudonymKey = parse.GetValue(pseudonymize) ? Inputs.PseudonymKey(context) : null,
            });
            // "since" only when the previous assessment is the earlier: reversed (noted above), the changes are against a later one.
            var changes = earlier is null ? ""
                : $", with changes {(earlier.AsOf <= current.AsOf ? "since" : "against")} {earlier.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}";
            context.Stderr.WriteLine($"Wrote {file.FullName} ({current.Risks.Length} risks{changes}).");
            return ExitCodes.Done;
        });
        return command;
    }

    /// <summary>The format asked for, else the workbook for a .xlsx name; JSON is never guessed from a name, only asked for.</summary>
    public static string ChooseFormat(string? format, FileInfo file)
    {
        var extension = file.Extension;
        switch (format ?? (extension.Equals(".xlsx", StringComparison.OrdinalIgnoreCase) ? Xlsx : null))
        {
            case Xlsx when extension.Equals(".xlsx", StringComparison.OrdinalIgnoreCase):
                return Xlsx;
            case Xlsx:
                throw CliException.Usage($"--out: the register workbook is an Excel file; name it .xlsx (got '{file.Name}')");
            case Nist8286 when extension.Equals(".json", StringComparison.OrdinalIgnoreCase):
                return Nist8286;
            case Nist8286:
                throw CliException.Usage($"--out: --format {Nist8286} writes JSON; name it .json (got '{file.Name}')");
            default:
                throw CliException.Usage($"--out: '{file.Name}' is not a workbook; name it .xlsx, or say --format {Nist8286} and name it .json");
        }
    }

    /// <summary>Writes the register in a format <see cref="ChooseFormat"/> returned.</summary>
    public static void WriteRegister(FileInfo file, string format, Assessment assessment, Catalog catalog, RegisterOptions options)
    {
        var kind = ChooseFormat(format, file);
        OutputFile.Write(file, stream =>
        {
            if (kind == Nist8286) Nist8286Json.Write(stream, assessment, catalog, options);
            else RegisterWorkbook.Write(stream, assessment, catalog, options);
        });
    }
}
