using System.CommandLine;
using ComplianceRisk.Engine.Catalogs;

namespace ComplianceRisk.Cli.Commands;

/// <summary><c>catalog export|validate</c>: get the embedded catalog as a starting point, and check a custom one.</summary>
internal static class CatalogCommand
{
    public static Command Create(CliContext context)
    {
        var exportOut = new Option<FileInfo?>("--out") { Description = "Write to this file instead of standard output." };
        var export = new Command("export", "Write the embedded default catalog (JSON), byte for byte, as a starting point for a custom one.") { exportOut };
        export.SetAction(parse =>
        {
            var bytes = DefaultCatalog.GetBytes();
            if (parse.GetValue(exportOut) is { } file)
            {
                OutputFile.RefuseWorkbookName(file, "the catalog is JSON", "name it .json");
                OutputFile.Write(file, stream => stream.Write(bytes));
                context.Stderr.WriteLine($"Wrote {file.FullName}.");
            }
            else context.Stdout.Write(System.Text.Encoding.UTF8.GetString(bytes));
            return ExitCodes.Done;
        });

        var file = new Argument<FileInfo>("catalog") { Description = "The catalog JSON file to check." };
        var validate = new Command("validate", "Check a custom catalog: every error is listed with the path that names it (what a value of the wrong kind holds is not looked into).") { file };
        validate.SetAction(parse =>
        {
            var catalog = Inputs.LoadCatalog(parse.GetValue(file));
            context.Stdout.WriteLine($"{catalog.Id} {catalog.Version} is valid: {catalog.Roles.Length} roles, {catalog.Competencies.Length} competencies, " +
                $"{catalog.Certifications.Length} certifications, {catalog.Obligations.Length} obligations (sha256 {catalog.Sha256}).");
            return ExitCodes.Done;
        });

        return new Command("catalog", "Work with catalogs of roles, competencies, certifications and obligations.") { export, validate };
    }
}
