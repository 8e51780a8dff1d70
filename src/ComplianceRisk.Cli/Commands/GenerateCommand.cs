using System.CommandLine;
using System.Globalization;
using ComplianceRisk.Documents.Rosters;

namespace ComplianceRisk.Cli.Commands;

/// <summary><c>generate</c>: a synthetic roster of any size, for trying the tool and for benchmarks.</summary>
internal static class GenerateCommand
{
    private const int MaxRows = 1_048_575;

    /// <summary>
    /// A whole-number option read and checked by one parser, so that 'abc', '1.5' and a number out of range are each one
    /// line in words ("--rows: 'abc' is not a whole number"), not the parser's "expected type 'System.Int32'".
    /// </summary>
    private static Option<int> WholeNumber(string name, string description, int defaultValue, int min, int max, string range) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                result.AddError($"{name}: '{text}' is not a whole number.");
            else if (value < min || value > max)
                result.AddError($"{name} must be {range}.");
            else return (int)value;
            return defaultValue;
        },
    };

    public static Command Create(CliContext context)
    {
        // At most a worksheet's rows under its header: more would be an XLSX no spreadsheet opens, and a CSV larger than the
        // roster limit assess reads (about 1.3 million synthetic rows).
        var rows = WholeNumber("--rows", "Number of data rows to write.", 1000, 1, MaxRows, $"between 1 and {MaxRows:N0} (a worksheet's rows under its header)");
        // System.Random takes a seed's absolute value, so -9 would silently give seed 9's roster.
        var seed = WholeNumber("--seed", "Random seed, 0 or more: the same seed and as-of date give the same roster.", 1, 0, int.MaxValue, $"between 0 and {int.MaxValue:N0}");
        var asOf = new Option<string?>("--as-of") { Description = $"Dates are generated around this date (YYYY-MM-DD, {SyntheticRoster.EarliestAsOf:yyyy-MM-dd} to {SyntheticRoster.LatestAsOf:yyyy-MM-dd}, so that every date written is one a roster may have). Default: today." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the roster here instead of standard output: .xlsx for a workbook, anything else for CSV." };
        var command = new Command("generate", "Write a synthetic roster (CSV or XLSX) with plausible roles, certifications and dates.") { rows, seed, asOf, output };
        command.SetAction(parse =>
        {
            var date = parse.GetValue(asOf) is { } text ? Inputs.ParseAsOf(text, "--as-of") : DateOnly.FromDateTime(context.Clock.GetLocalNow().DateTime);
            if (date < SyntheticRoster.EarliestAsOf || date > SyntheticRoster.LatestAsOf)
                throw CliException.Usage(string.Create(CultureInfo.InvariantCulture,
                    $"--as-of: {date:yyyy-MM-dd} is outside the dates a roster is generated around ({SyntheticRoster.EarliestAsOf:yyyy-MM-dd} to {SyntheticRoster.LatestAsOf:yyyy-MM-dd}): its dates reach ten years before and three years after it, and a roster's dates are from 1900 to 2200."));
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
