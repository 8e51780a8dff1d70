using System.CommandLine;
using ComplianceRisk.Cli.Output;
using ComplianceRisk.Documents.Assessments;
using ComplianceRisk.Engine.Risks;

namespace ComplianceRisk.Cli.Commands;

/// <summary><c>diff &lt;before.json&gt; &lt;after.json&gt;</c>: what changed between two assessments of one organization.</summary>
internal static class DiffCommand
{
    public static Command Create(CliContext context)
    {
        var before = new Argument<FileInfo>("before") { Description = "The earlier assessment (JSON from assess --format json)." };
        var after = new Argument<FileInfo>("after") { Description = "The later assessment." };
        var format = new Option<string>("--format") { Description = "table (for people) or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var output = new Option<FileInfo?>("--out") { Description = "Write the result to this file instead of standard output." };
        var command = new Command("diff", "Compare two assessments: new, closed, escalated and de-escalated risks, and the readiness change.")
        {
            before, after, format, output,
        };
        command.SetAction(parse =>
        {
            var json = parse.GetValue(format) == "json";
            var file = parse.GetValue(output);
            // Usage errors first, before any file is read.
            if (file is not null)
            {
                OutputFile.RefuseWorkbookName(file, $"the diff is {(json ? "JSON" : "text")}", $"name it {(json ? ".json" : ".txt")}");
                OutputFile.RefuseInput(file, ("before assessment", parse.GetValue(before)), ("after assessment", parse.GetValue(after)));
            }
            var a = Inputs.LoadAssessment(parse.GetValue(before)!);
            var b = Inputs.LoadAssessment(parse.GetValue(after)!);
            if (a.Organization.Id != b.Organization.Id)
                throw CliException.Rejected($"the assessments are of different organizations ({a.Organization.Id} and {b.Organization.Id}); compare assessments of one organization (assess each roster with the same --profile, or the same --org-id: without either, the id is the roster's file name)");
            Inputs.NoteIfReversed(a, "the before assessment", b, "the after one", "give the earlier assessment first", context);
            Inputs.NoteIfOtherCatalog(a, "the before assessment", b, "the after one", context);
            var diff = AssessmentDiff.Compare(a, b);
            if (file is null) Write(diff, json, context.Stdout, context.StdoutIsTerminal);
            else
            {
                OutputFile.WriteText(file, writer => Write(diff, json, writer, interactive: false));
                context.Stderr.WriteLine($"Wrote {file.FullName} ({diff.New.Length} new, {diff.Closed.Length} closed, {diff.Escalated.Length} escalated, {diff.DeEscalated.Length} de-escalated risks).");
            }
            return ExitCodes.Done;
        });
        return command;
    }

    private static void Write(AssessmentDiff diff, bool json, TextWriter writer, bool interactive)
    {
        if (json) writer.Write(AssessmentJson.ToJson(diff));
        else new DiffView(writer, interactive).Write(diff);
    }
}
