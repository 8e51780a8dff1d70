using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ComplianceRisk.Documents.Rosters;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Risks;
using DocumentFormat.OpenXml.Packaging;
using static ComplianceRisk.Documents.Registers.RegisterStyles;

namespace ComplianceRisk.Documents.Registers;

/// <summary>
/// The evidence sheets: who holds each role, who each obligation hangs on, who knows what, what the roster got wrong.
/// The last two grow with the roster (a row per person, a row per warning), so they are streamed (see <see cref="RegisterWorkbook"/>).
/// </summary>
internal static partial class CoverageSheets
{
    public static void WriteRoles(WorksheetPart part, RegisterContext context)
    {
        var a = context.Assessment;
        var people = context.People;
        (string Header, double Width, uint Style)[] columns =
        [
            ("Role ID", 20, Text), ("Role", 26, Text), ("Tier", 6, Integer), ("Qualified", 10, Integer), ("Required", 10, Integer),
            ("Holders", 60, Text), ("Flags", 70, Text), ("Risk", 22, Text),
        ];
        using var w = context.Sheet(part, new SheetLayout { Widths = [.. columns.Select(c => c.Width)], FreezeRows = 1, Landscape = true });
        WriteHeader(w, columns);
        // The engine makes one risk per role; an assessment merged or edited elsewhere may carry more, and the
        // first (the highest scored, as risks are ordered) is the one this column names.
        var risks = new Dictionary<string, Risk>(StringComparer.Ordinal);
        foreach (var r in a.Risks) if (r.RoleId is { } id) risks.TryAdd(id, r);
        foreach (var role in a.Roles)
        {
            var holders = new StringBuilder();
            foreach (var h in role.Holders)
            {
                if (holders.Length > 0) holders.Append('\n');
                holders.Append(people.Display(h.PersonId, h.Name)).Append(" — ").Append(DisplayName.Of(h.Assignment).ToLowerInvariant())
                    .Append(", ").Append(h.EmploymentType.ToString().ToLowerInvariant());
                if (h.Vendor is { Length: > 0 } vendor) holders.Append(" (").Append(people.Scrub(vendor)).Append(')');
                holders.Append(CultureInfo.InvariantCulture, $", FTE {h.Fte:0.##}");
                if (h.YearsExperience is { } years) holders.Append(", ").Append(Experience.Years(years)).Append(" yrs");
                holders.Append(h.Qualified ? ": qualified" : ": not qualified");
                if (!h.Qualified && h.Shortfalls.Length > 0) holders.Append(" (").Append(string.Join("; ", h.Shortfalls.Select(s => people.Scrub(s)))).Append(')');
            }
            var mentions = people.Pseudonymized ? TextMentions.OfRole(role) : null;
            var flags = string.Join("\n", role.Flags.Select((f, i) => $"{Code(f.Code)}: {people.Scrub(f.Message, mentions?.InFlag(i))}"));
            var risk = risks.GetValueOrDefault(role.RoleId);
            w.Row(new XCell(role.RoleId, Text), new XCell(role.Title, Text), new XCell(role.Tier, Integer), new XCell(role.QualifiedCount, Integer),
                new XCell(role.RequiredQualified, Integer), new XCell(holders.Length == 0 ? "Vacant" : holders.ToString(), Text),
                new XCell(flags.Length == 0 ? "None" : flags, Text), new XCell(risk is null ? null : $"{risk.RiskId} ({risk.Rating})", Text));
        }
        if (a.RolesNotInScope.Length > 0)
        {
            w.Skip();
            w.Row(new XCell("Not in scope (nobody holds the role and no applicable obligation needs it): " + string.Join(", ", a.RolesNotInScope.Select(id => context.Catalog.FindRole(id)?.Title ?? id)), Note, columns.Length));
        }
    }

    public static void WriteObligations(WorksheetPart part, RegisterContext context)
    {
        var a = context.Assessment;
        var people = context.People;
        (string Header, double Width, uint Style)[] columns =
        [
            ("Obligation ID", 22, Text), ("Citation", 22, Text), ("Regime", 22, Text), ("Obligation", 34, Text), ("Lifecycle", 10, TextCenter),
            ("Severity", 9, Integer), ("Compliance date", 11, Date), ("Status", 12, TextCenter), ("Qualified", 10, Integer), ("Minimum", 9, Integer),
            ("Key people", 28, Text), ("12-month probability uncovered", 13, Percent), ("Accountable roles", 24, Text), ("Findings", 34, Text), ("Unconfirmed", 30, Text),
        ];
        using var w = context.Sheet(part, new SheetLayout { Widths = [.. columns.Select(c => c.Width)], FreezeRows = 1, Landscape = true, PaperSize = 3 });
        WriteHeader(w, columns);
        foreach (var o in a.Obligations)
        {
            var status = o.Status.ToString().ToUpperInvariant();
            if (o.StatusWhenInForce is { } when) status += $" (when in force: {when.ToString().ToUpperInvariant()})";
            var regime = context.Catalog.FindRegime(o.Regime)?.Name ?? o.Regime;
            var key = string.Join("\n", o.KeyPeople.Select(id => people.Display(id)));
            var roles = string.Join("\n", o.AccountableRoles.Select(id => context.Catalog.FindRole(id)?.Title ?? id));
            w.Row(new XCell(o.ObligationId, Text), new XCell(o.Citation, Text), new XCell(regime, Text), new XCell(o.Title, Text),
                new XCell(o.Lifecycle.ToString(), TextCenter), new XCell(o.Severity, Integer), new XCell(o.ComplianceDate, o.ComplianceDate is null ? Text : Date),
                new XCell(status, TextCenter), new XCell(o.QualifiedCount, Integer), new XCell(o.MinQualified, Integer), new XCell(key, Text),
                new XCell(o.Status == CoverageStatus.Uncovered ? 1.0 : o.ProbabilityUncovered12m, Percent), new XCell(roles, Text),
                new XCell(string.Join("\n", o.Findings.Select((f, i) => people.Text(f, people.Pseudonymized ? TextMentions.OfObligation(o)?.In($"findings/{i}") : null))), Text), new XCell(string.Join("\n", o.Unconfirmed), Text));
        }
        if (a.ObligationsNotApplicable.Length > 0)
        {
            w.Skip();
            w.Row(new XCell($"Not applicable to this organization ({a.ObligationsNotApplicable.Length}): " + string.Join(", ", a.ObligationsNotApplicable), Note, columns.Length));
        }
    }

    public static void WriteCompetencies(Stream output, RegisterContext context)
    {
        var catalog = context.Catalog;
        var competencies = catalog.Competencies;
        var roster = context.Options.Roster;
        // Only the people the assessment counts: who left, whose contract ended, or whom a what-if removed holds no
        // seat and knows nothing for the organization any more.
        var without = context.Assessment.Options.Without.ToHashSet(StringComparer.Ordinal);
        var people = roster is null ? [] : roster.People.Where(p => !without.Contains(p.Id) && Assessor.Gone(roster, p, context.Assessment.AsOf) is null)
            .OrderBy(p => context.People.Pseudonymized ? context.People.Name(p.Id) : p.Name ?? p.Id, StringComparer.Ordinal).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
        var ids = roster is null ? catalog.Roles.Select(r => r.Id) : people.Select(p => context.People.Id(p.Id));
        // An id is one word a reader looks up elsewhere: its column fits the longest, which wrapping would cut at a hyphen.
        var widths = new List<double> { 26, Math.Clamp(ids.Select(id => id?.Length ?? 0).DefaultIfEmpty().Max() + 2, 12, 48), 30 };
        widths.AddRange(competencies.Select(_ => 4.6));
        using var w = context.Sheet(output, new SheetLayout { Widths = [.. widths], FreezeRows = 1, Landscape = true });

        var header = new List<XCell> { new(roster is null ? "Role" : "Person", Header), new(roster is null ? "Role ID" : "ID", Header), new(roster is null ? "Tier" : "Roles", Header) };
        header.AddRange(competencies.Select(c => new XCell(c.Name, HeaderVertical)));
        w.RowAt(1, Math.Min(409, 20 + 6.2 * competencies.Max(c => c.Name.Length)), [.. header]);

        if (roster is not null)
        {
            var qualification = new Qualification(catalog);
            var roles = context.Assessment.Roles.SelectMany(r => r.Holders.Select(h => (h.PersonId, r.Title))).ToLookup(x => x.PersonId, x => x.Title, StringComparer.Ordinal);
            foreach (var person in people)
            {
                var current = Qualification.CurrentOn(person, context.Assessment.AsOf).ToList();
                var cells = new List<XCell> { new(context.People.Name(person.Id, person.Name), Text), new(context.People.Id(person.Id), Text), new(string.Join("; ", roles[person.Id].Distinct()), Text) };
                foreach (var competency in competencies)
                {
                    var level = Math.Clamp(qualification.EvidencedLevel(person, competency.Id, current), 0, 4);
                    cells.Add(new XCell(level, Level0 + (uint)level));
                }
                w.Row([.. cells]);
            }
        }
        else
        {
            foreach (var role in catalog.Roles)
            {
                var required = role.Requires.ToDictionary(r => r.Competency, r => r.Level, StringComparer.Ordinal);
                var cells = new List<XCell> { new(role.Title, Text), new(role.Id, Text), new(role.Tier, Integer) };
                foreach (var competency in competencies)
                {
                    var level = Math.Clamp(required.GetValueOrDefault(competency.Id), 0, 4);
                    cells.Add(new XCell(level, Level0 + (uint)level));
                }
                w.Row([.. cells]);
            }
        }
        w.Skip();
        var legend = new List<XCell> { new("Levels", Label), new(null), new(roster is null ? "Level each role requires (0, not required, is left blank): made without the roster, the register has no person's levels" : "Evidenced level: self-reported, raised by current certifications (0 is left blank)", Note) };
        // The swatches sit in the competencies' narrow columns, so each shows its number only (0 as text: the number
        // would be left blank like the matrix's); the note says 0 is blank.
        for (var level = ProficiencyLevel.None; level <= ProficiencyLevel.Expert; level++) legend.Add(new XCell(level == ProficiencyLevel.None ? "0" : level, Level0 + (uint)level));
        w.Row([.. legend]);
        w.Row(new XCell(ProficiencyLevel.Scale, Note, 3));
    }

    public static void WriteWarnings(Stream output, RegisterContext context)
    {
        var people = context.People;
        (string Header, double Width, uint Style)[] columns =
        [
            ("Sheet", 14, Text), ("Row", 7, Integer), ("Column", 18, Text), ("Value", 28, Text), ("Code", 24, Text), ("Message", 60, Text), ("Hint", 50, Text),
        ];
        using var w = context.Sheet(output, new SheetLayout { Widths = [.. columns.Select(c => c.Width)], FreezeRows = 1, Landscape = true });
        WriteHeader(w, columns);
        foreach (var warning in context.Assessment.Warnings)
        {
            var (value, message) = (warning.Value, warning.Message);
            // A name cell's value is a name even when no person of the assessment goes by it (the second spelling of a
            // PERSON_CONFLICT), so scrubbing known names cannot catch it: pseudonymized, it is withheld, and so is every
            // name the message quotes (the spelling kept, too, is known to no one when the person holds no catalog role
            // or has left, and the register is made without the roster). So is the text of a row, or of a cell known
            // only by its column letter: it may be a name cell, or a whole row with the name in it.
            if (people.Pseudonymized && value is { Length: > 0 }
                && (warning.Column is { } column && RosterColumns.Find(column) == RosterColumns.Name || QuoteCellsOfAnyColumn.Contains(warning.Code)))
                (value, message) = (WithheldName, Quoted().Replace(message, $"'{WithheldName}'"));
            w.Row(new XCell(warning.Sheet, Text), new XCell(warning.Row, Integer), new XCell(warning.Column, Text),
                new XCell(people.WarningValue(warning, value), Text), new XCell(warning.Code, Text), new XCell(people.WarningMessage(warning, message), Text), new XCell(people.Scrub(warning.Hint), Text));
        }
        if (context.Assessment.Warnings.Length == 0)
            w.Row(new XCell("No data-quality warnings: the roster was read without problems.", Note));
    }

    /// <summary>What a pseudonymized register shows for a name cell's value.</summary>
    internal const string WithheldName = "(name withheld)";

    /// <summary>
    /// Warnings whose value is a cell's or a row's text as the document holds it, known by its column letter or not
    /// at all, so any of them may be a name: a whole CSV row, bytes that are not UTF-8, a formula's last value, a value
    /// outside the header. (A cell too long or showing an error quotes its length or the error.)
    /// </summary>
    private static readonly FrozenSet<string> QuoteCellsOfAnyColumn = FrozenSet.Create(StringComparer.Ordinal,
        "CSV_BAD_QUOTE", "INVALID_TEXT", "FORMULA", "CELL_OUTSIDE_HEADER");

    /// <summary>
    /// A value a warning's message quotes: 'Pat O'Brien' whole, as a quote ends only where a word does (before a space,
    /// a comma, a semicolon, a parenthesis or the end).
    /// </summary>
    [GeneratedRegex(@"'.+?'(?=[\s,;)]|$)")]
    private static partial Regex Quoted();

    internal static void WriteHeader(SheetWriter w, (string Header, double Width, uint Style)[] columns) =>
        w.RowAt(1, 30, [.. columns.Select(c => new XCell(c.Header, c.Style is Integer or TextCenter or Date or Percent ? HeaderCenter : RegisterStyles.Header))]);

    internal static string Code(FlagCode code)
    {
        var name = code.ToString();
        var builder = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i])) builder.Append('_');
            builder.Append(char.ToUpperInvariant(name[i]));
        }
        return builder.ToString();
    }
}
