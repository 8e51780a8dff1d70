using System.CommandLine;
using ComplianceRisk.Documents.Rosters;

namespace ComplianceRisk.Cli.Commands;

/// <summary><c>generate</c>: a synthetic roster of any size, for trying the tool and for benchmarks.</summary>
internal static class GenerateCommand
{
    private const int MaxRows = 1_048_575;

    public static Command Create(CliContext context)
    {
        var rows = new Option<int>("--rows") { Description = "Number of data rows to write.", DefaultValueFactory = _ => 1000 };
        rows.Validators.Add(r =>
        {
            // Validators run before the value is converted, and GetValueOrDefault throws on a value that is not a whole
            // number (abc, 1.5, 99999999999): that one is left to the parser, which reports it as a usage error.
            if (r.Tokens.Any(t => !int.TryParse(t.Value, out _))) return;
            // At most a worksheet's rows under its header: more would be an XLSX no spreadsheet opens, and a CSV larger
            // than the roster limit assess reads (about 1.3 million synthetic rows).
            if (r.GetValueOrDefault<int>() is < 1 or > MaxRows) r.AddError($"--rows must be between 1 and {MaxRows:N0} (a worksheet's rows under its header).");
        });
        var seed = new Option<int>("--seed") { Description = "Random seed, 0 or more: the same seed and as-of date give the same roster.", DefaultValueFactory = _ => 1 };
        seed.Validators.Add(r =>
        {
            // System.Random takes a seed's absolute value, so -9 would silently give seed 9's roster.
            if (r.Tokens.Any(t => !int.TryParse(t.Value, out _))) return;
            if (r.GetValueOrDefault<int>() < 0) r.AddError("--seed must be 0 or more.");
        });
        var asOf = new Option<string?>("--as-of") { Description = "Dates are generated around this date (YYYY-MM-DD). Default: today." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the roster here instead of standard output: .xlsx for a workbook, anything else for CSV." };
        var command = new Command("generate", "Write a synthetic roster (CSV or XLSX) with plausible roles, certifications and dates.") { rows, seed, asOf, output };
        command.SetAction(parse =>
        {
            var date = parse.GetValue(asOf) is { } text ? Inputs.ParseAsOf(text, "--as-of") : DateOnly.FromDateTime(context.Clock.GetLocalNow().DateTime);
            var generator = new SyntheticRoster(Engine.Catalogs.DefaultCatalog.Load(), new Random(parse.GetValue(seed)), date);
            if (parse.GetValue(output) is { } file)
            {
                var people = 0;
                if (file.Extension.Equals(".xlsx", StringComparison.OrdinalIgnoreCase))
                    OutputFile.Write(file, stream => people = SyntheticWorkbook.Write(stream, generator.Rows(parse.GetValue(rows))));
                else OutputFile.WriteText(file, writer => people = generator.WriteCsv(writer, parse.GetValue(rows)));
                context.Stderr.WriteLine($"Wrote {file.FullName}: {parse.GetValue(rows):N0} rows, {people:N0} people.");
            }
            else generator.WriteCsv(context.Stdout, parse.GetValue(rows));
            return ExitCodes.Done;
        });
        return command;
    }
}
