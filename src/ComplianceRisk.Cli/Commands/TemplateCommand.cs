using System.CommandLine;
using ComplianceRisk.Documents.Templates;

namespace ComplianceRisk.Cli.Commands;

/// <summary><c>template --out roster-template.xlsx</c>: the roster workbook to fill in, with drop-downs from the catalog.</summary>
internal static class TemplateCommand
{
    public static Command Create(CliContext context)
    {
        var catalog = new Option<FileInfo?>("--catalog") { Description = "A custom catalog (JSON) whose roles fill the drop-downs. Default: the embedded catalog." };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the template (.xlsx).", Required = true };
        var command = new Command("template", "Write the roster template workbook: the columns with input prompts, drop-downs for role, assignment and employment type, a How to fill sheet and reference sheets.")
        {
            catalog, output,
        };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(output)!;
            OutputFile.RefuseInput(file, ("catalog", parse.GetValue(catalog)));
            var cat = Inputs.LoadCatalog(parse.GetValue(catalog));
            if (!file.Extension.Equals(".xlsx", StringComparison.OrdinalIgnoreCase))
                throw CliException.Usage($"--out: the template is an Excel workbook; name it .xlsx (got '{file.Name}')");
            OutputFile.Write(file, stream => RosterTemplate.Write(stream, cat));
            context.Stderr.WriteLine($"Wrote {file.FullName}: fill in one row per person and role, then assess it.");
            return ExitCodes.Done;
        });
        return command;
    }
}
