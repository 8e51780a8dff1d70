using System.CommandLine;
using System.Globalization;
using System.Text;
using ComplianceRisk.Cli.Output;
using ComplianceRisk.Documents.Assessments;
using ComplianceRisk.Documents.Registers;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Organizations;

namespace ComplianceRisk.Cli.Commands;

/// <summary><c>assess &lt;roster&gt;</c>: read a roster and show which roles are fragile and which obligations nobody can meet.</summary>
internal static class AssessCommand
{
    public static Command Create(CliContext context)
    {
        var roster = new Argument<FileInfo>("roster") { Description = "The staffing roster: an Excel workbook (.xlsx) or a CSV file, one row per person and role." };
        var catalog = new Option<FileInfo?>("--catalog") { Description = "A custom catalog (JSON). Default: the embedded health-IT catalog." };
        var profile = new Option<FileInfo?>("--profile") { Description = "The organization profile (JSON). Instead of --org-type/--jurisdiction/--attribute." };
        var orgType = new Option<string?>("--org-type") { Description = $"Organization types, comma-separated: {string.Join(", ", OrganizationProfile.KnownOrgTypes)}. Default: hospital." };
        var jurisdiction = new Option<string?>("--jurisdiction") { Description = $"Jurisdictions, comma-separated: {string.Join(", ", OrganizationProfile.KnownJurisdictions)} (US-NY implies US). Default: US." };
        var attribute = new Option<string[]>("--attribute") { Description = $"Profile attributes as name=true|false, comma-separated or repeated (--attribute a=true --attribute b=false): {string.Join(", ", OrganizationProfile.KnownAttributes)}." };
        var orgId = new Option<string?>("--org-id") { Description = "Organization id. Default: the roster's file name without its extension, in lower-case a-z, 0-9 and - (any other character, an accented letter too, separates)." };
        var orgName = new Option<string?>("--org-name") { Description = "Organization name shown in outputs." };
        var asOf = new Option<string?>("--as-of") { Description = "Assess as of this date (YYYY-MM-DD). Default: today." };
        var without = new Option<string?>("--without") { Description = "What-if: person ids to assess as if they had left, comma-separated (e.g. P007,P020)." };
        var treatments = new Option<FileInfo?>("--treatments") { Description = "Treatment records (JSON keyed by risk id: owner, status, responseType, note, approver, acceptedUntil, dueDate, responseCost) merged into the risks." };
        var format = new Option<string?>("--format") { Description = $"Output format: table (for people), json (the whole assessment, schemas/assessment.schema.json), xlsx (the register workbook) or {RegisterCommand.Nist8286} (the risk register as JSON in the NIST IR 8286r1 risk register shape). Default: from --out's extension, else table." };
        format.AcceptOnlyFromAmong("table", "json", RegisterCommand.Xlsx, RegisterCommand.Nist8286);
        var output = new Option<FileInfo?>("--out") { Description = $"Write the result to this file instead of standard output: .xlsx for the register workbook, .json (also for --format {RegisterCommand.Nist8286}), or .txt." };
        var pseudonymize = new Option<bool>("--pseudonymize") { Description = $"In a register (workbook or {RegisterCommand.Nist8286}), replace names by stable pseudonyms (for board packs), keyed with the secret in the environment variable ComplianceRisk__PseudonymKey when it is set." };

        var command = new Command("assess", "Assess a roster: fragility flags per role, coverage and 12-month probability per obligation, data-quality warnings.")
        {
            roster, catalog, profile, orgType, jurisdiction, attribute, orgId, orgName, asOf, without, treatments, format, output, pseudonymize,
        };
        command.SetAction(parse =>
        {
            var rosterFile = parse.GetValue(roster)!;
            var outFile = parse.GetValue(output);
            if (outFile is not null)
                OutputFile.RefuseInput(outFile, ("roster", rosterFile), ("catalog", parse.GetValue(catalog)), ("profile", parse.GetValue(profile)), ("treatments", parse.GetValue(treatments)));
            // The options first, then the small inputs, and the roster last: its import and assessment can take a while,
            // and a mistake anywhere else is said before it, not after.
            var date = parse.GetValue(asOf) is { } text ? Inputs.ParseAsOf(text, "--as-of") : DateOnly.FromDateTime(context.Clock.GetLocalNow().DateTime);
            var kind = ChooseFormat(parse.GetValue(format), outFile);
            // Said, not ignored: the table and the JSON show the roster's names, and whoever asked for pseudonyms expects none.
            if (parse.GetValue(pseudonymize) && kind is not (RegisterCommand.Xlsx or RegisterCommand.Nist8286))
                throw CliException.Usage($"--pseudonymize applies to registers ({RegisterCommand.Xlsx}, {RegisterCommand.Nist8286}) only, not to {kind} output; drop it, or write a register (--out register.xlsx, or --format {RegisterCommand.Nist8286})");
            if (kind == RegisterCommand.Xlsx && outFile is null) throw CliException.Usage("--format xlsx writes a workbook: give --out register.xlsx");
            if (outFile is not null && kind is RegisterCommand.Xlsx or RegisterCommand.Nist8286) RegisterCommand.ChooseFormat(kind, outFile);
            if (outFile is not null) OutputFile.Check(outFile);
            var pseudonymKey = parse.GetValue(pseudonymize) ? Inputs.PseudonymKey(context) : null;

            var cat = Inputs.LoadCatalog(parse.GetValue(catalog));
            var org = BuildProfile(parse, cat, rosterFile, profile, orgType, jurisdiction, attribute, orgId, orgName);
            var book = Inputs.LoadTreatments(parse.GetValue(treatments));

            var read = Inputs.ReadRoster(rosterFile, cat, org, context);
            var left = Inputs.SplitList(parse.GetValue(without)).Distinct().ToList();
            var unknown = left.Where(id => !read.People.Any(p => p.Id == id)).ToList();
            if (unknown.Count > 0) throw CliException.Usage($"--without: no person with id {string.Join(", ", unknown)} in the roster");

            var assessment = Inputs.WithStatus(context, read.Rows > 20_000, $"Assessing {read.Rows:N0} rows…",
                () => new Assessor(cat).Assess(org, read, new AssessmentOptions { AsOf = date, Without = [.. left], Treatments = book }));
            Inputs.NoteUnmatched(assessment.Warnings, context);
            var register = new RegisterOptions { Pseudonymize = parse.GetValue(pseudonymize), PseudonymKey = pseudonymKey, Roster = read, Profile = org };
            if (kind == RegisterCommand.Nist8286 && outFile is null)
            {
                using var stdout = new TextWriterStream(context.Stdout);
                Nist8286Json.Write(stdout, assessment, cat, register);
            }
            else if (outFile is not null && kind is RegisterCommand.Xlsx or RegisterCommand.Nist8286)
            {
                RegisterCommand.WriteRegister(outFile, kind, assessment, cat, register);
                context.Stderr.WriteLine($"Wrote {outFile.FullName} ({assessment.Risks.Length} risks, readiness {assessment.Summary.ReadinessIndex?.ToString("0.0", CultureInfo.InvariantCulture) ?? "n/a"}).");
            }
            else if (outFile is null) Render(assessment, kind, context.Stdout, context.StdoutIsTerminal);
            else
            {
                // JSON straight to the file: a large assessment never exists as one string.
                if (kind == "json") OutputFile.Write(outFile, stream => AssessmentJson.Write(stream, assessment));
                else OutputFile.WriteText(outFile, writer => Render(assessment, kind, writer, interactive: false));
                context.Stderr.WriteLine($"Wrote {outFile.FullName} ({assessment.Roles.Length} roles, {assessment.Obligations.Length} obligations, {assessment.Warnings.Length} warnings).");
            }
            return ExitCodes.Done;
        });
        return command;
    }

    private static void Render(Assessment assessment, string kind, TextWriter writer, bool interactive)
    {
        if (kind == "json")
        {
            using var stream = new TextWriterStream(writer);
            AssessmentJson.Write(stream, assessment);
        }
        else new AssessmentView(writer, interactive).Write(assessment);
    }

    private static string ChooseFormat(string? format, FileInfo? output)
    {
        if (format is "table" or "json" && output is not null)
            OutputFile.RefuseWorkbookName(output, $"--format {format} writes {(format == "json" ? "JSON" : "text")}",
                $"name it {(format == "json" ? ".json" : ".txt")}, or drop --format to write the register workbook");
        if (format is not null) return format;
        if (output is null) return "table";
        return output.Extension.ToLowerInvariant() switch
        {
            ".json" => "json",
            ".xlsx" => "xlsx",
            ".txt" or ".text" or ".log" => "table",
            var other => throw CliException.Usage($"--out: cannot tell the format from '{other}'; use a .xlsx, .json or .txt file, or say --format"),
        };
    }

    private static OrganizationProfile BuildProfile(ParseResult parse, Catalog catalog, FileInfo rosterFile, Option<FileInfo?> profile,
        Option<string?> orgType, Option<string?> jurisdiction, Option<string[]> attribute, Option<string?> orgId, Option<string?> orgName)
    {
        if (parse.GetValue(profile) is { } file)
        {
            var flags = new Option[] { orgType, jurisdiction, attribute, orgId, orgName }.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
            if (flags.Count > 0) throw CliException.Usage($"--profile already describes the organization; drop {string.Join(", ", flags)} or the profile");
            return Inputs.LoadProfile(file, catalog);
        }
        var attributes = new Dictionary<string, bool>();
        foreach (var item in (parse.GetValue(attribute) ?? []).SelectMany(a => Inputs.SplitList(a)))
        {
            var parts = item.Split('=', 2);
            if (parts.Length != 2 || !bool.TryParse(parts[1], out var value))
                throw CliException.Usage($"--attribute: '{item}' should be name=true or name=false");
            attributes[parts[0]] = value;
        }
        var id = parse.GetValue(orgId) ?? OrganizationIdOf(rosterFile.Name);
        var result = OrganizationProfile.Create(id, parse.GetValue(orgName),
            parse.GetValue(orgType) is { } types ? Inputs.SplitList(types) : ["hospital"],
            parse.GetValue(jurisdiction) is { } places ? Inputs.SplitList(places) : ["US"],
            attributes);
        if (!result.Success)
            throw CliException.Usage(string.Join("; ", result.Errors.Select(e => e.Path switch
            {
                var p when p.StartsWith("orgTypes", StringComparison.Ordinal) => $"--org-type: {e.Message}",
                var p when p.StartsWith("jurisdictions", StringComparison.Ordinal) => $"--jurisdiction: {e.Message}",
                var p when p.StartsWith("attributes", StringComparison.Ordinal) => $"--attribute {p["attributes.".Length..]}: {e.Message}",
                "id" => $"--org-id: {e.Message} (leave --org-id out to take it from the roster's file name)",
                _ => e.ToString(),
            })));
        return result.Value;
    }

    /// <summary>
    /// The organization id a roster's file name gives (README, Commands): its name without the extension, in lower-case
    /// a-z, 0-9 and '-', the alphabet of the Functions app's organization ids. Any other character separates, an accented
    /// letter too: the CLI runs with invariant globalization, which has no Unicode decomposition to fold accents by. The
    /// page states the same rule in JavaScript (orgIdOf in api.js), as api/assess is given the file's bytes, not its name;
    /// the browser tests hold the two to the same answers.
    /// </summary>
    internal static string OrganizationIdOf(string rosterFileName)
    {
        var text = Path.GetFileNameWithoutExtension(rosterFileName);
        var builder = new StringBuilder();
        // Lower-cased letter by letter, ASCII only: a whole-string ToLower maps some other letters into a-z (the Kelvin sign
        // to 'k'), and JavaScript's toLowerCase maps others ('İ' to "i̇"), so the page's copy could not agree with it.
        foreach (var ch in text)
            builder.Append(char.IsAsciiLetterOrDigit(ch) ? char.ToLowerInvariant(ch) : '-');
        var slug = string.Join('-', builder.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length == 0 ? "organization" : slug;
    }
}
