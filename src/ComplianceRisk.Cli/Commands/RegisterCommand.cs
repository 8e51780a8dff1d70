using System.CommandLine;
using ComplianceRisk.Documents.Registers;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;

namespace ComplianceRisk.Cli.Commands;

/// <summary><c>register &lt;assessment.json&gt; --out register.xlsx</c>: the board-ready risk register workbook of an assessment.</summary>
internal static class RegisterCommand
{
    public static Command Create(CliContext context)
    {
        var assessment = new Argument<FileInfo>("assessment") { Description = "The assessment (JSON from assess --format json)." };
        var previous = new Option<FileInfo?>("--previous") { Description = "An earlier assessment of the same organization: adds a Changes sheet." };
        var treatments = new Option<FileInfo?>("--treatments") { Description = "Treatment records (JSON keyed by risk id) merged into the register's owner and status columns." };
        var catalog = new Option<FileInfo?>("--catalog") { Description = "The catalog the assessment was made with, if not the embedded one (its method fills the Methodology sheet)." };
        var pseudonymize = new Option<bool>("--pseudonymize") { Description = "Replace names by stable pseudonyms (for board packs); ids are dropped unless --keep-ids." };
        var keepIds = new Option<bool>("--keep-ids") { Description = "With --pseudonymize: keep person ids beside the pseudonyms." };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the workbook (.xlsx).", Required = true };
        var command = new Command("register", "Write the board-ready risk register workbook (Summary, Heat Map, Risk Register, coverage, Changes, Data Quality, Methodology) of an assessment.")
        {
            assessment, previous, treatments, catalog, pseudonymize, keepIds, output,
        };
        command.SetAction(parse =>
        {
            var current = Inputs.LoadAssessment(parse.GetValue(assessment)!);
            var cat = Inputs.LoadCatalog(parse.GetValue(catalog));
            if (cat.Sha256 != current.Catalog.Sha256)
                throw CliException.Rejected($"the assessment was made with catalog {current.Catalog.Id} {current.Catalog.Version} (sha256 {current.Catalog.Sha256[..12]}…), not this one; give it with --catalog");
            var earlier = parse.GetValue(previous) is { } p ? Inputs.LoadAssessment(p) : null;
            if (earlier is not null && earlier.Organization.Id != current.Organization.Id)
                throw CliException.Rejected($"--previous is an assessment of {earlier.Organization.Id}, not {current.Organization.Id}");
            var book = Inputs.LoadTreatments(parse.GetValue(treatments));
            current = current with { Risks = book.ApplyTo(current.Risks, current.AsOf) };
            var file = parse.GetValue(output)!;
            if (parse.GetValue(keepIds) && !parse.GetValue(pseudonymize)) throw CliException.Usage("--keep-ids goes with --pseudonymize");
            WriteRegister(file, current, cat, new RegisterOptions { Previous = earlier, Pseudonymize = parse.GetValue(pseudonymize), KeepIds = parse.GetValue(keepIds) });
            context.Stderr.WriteLine($"Wrote {file.FullName} ({current.Risks.Length} risks{(earlier is null ? "" : ", with changes since " + earlier.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))}).");
            return ExitCodes.Done;
        });
        return command;
    }

    public static void WriteRegister(FileInfo file, Assessment assessment, Catalog catalog, RegisterOptions options)
    {
        if (!file.Extension.Equals(".xlsx", StringComparison.OrdinalIgnoreCase))
            throw CliException.Usage($"--out: the register is an Excel workbook; name it .xlsx (got '{file.Name}')");
        using var stream = new FileStream(file.FullName, FileMode.Create, FileAccess.ReadWrite);
        RegisterWorkbook.Write(stream, assessment, catalog, options);
    }
}
