using ComplianceRisk.Documents.Rosters;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Documents.Templates;

/// <summary>How the template presents a roster column: what kind of cell it takes and an example value.</summary>
internal enum TemplateColumnKind { Text, Id, Date, RoleList, AssignmentList, EmploymentTypeList }

/// <summary>
/// The words of the roster template: per-column kind and example, input prompts and the "How to fill" text.
/// Column names and meanings come from <see cref="RosterColumns"/>; nothing here restates them.
/// </summary>
internal static class RosterTemplateGuide
{
    /// <summary>Excel's limits for a data validation's input title and message.</summary>
    public const int MaxPromptTitle = 32;
    public const int MaxPrompt = 255;

    /// <summary>The canonical assignment values, from the engine's enum ("primary", "backup", "interim").</summary>
    public static IReadOnlyList<string> Assignments { get; } =
        [.. Enum.GetValues<Assignment>().Select(a => a.ToString().ToLowerInvariant())];

    /// <summary>The canonical employment types, from the engine's enum ("employee", "contractor", "vendor", "msp").</summary>
    public static IReadOnlyList<string> EmploymentTypes { get; } =
        [.. Enum.GetValues<EmploymentType>().Select(t => t.ToString().ToLowerInvariant())];

    public static TemplateColumnKind KindOf(RosterColumn column) => column switch
    {
        _ when column == RosterColumns.EmployeeId => TemplateColumnKind.Id,
        _ when column == RosterColumns.Role => TemplateColumnKind.RoleList,
        _ when column == RosterColumns.Assignment => TemplateColumnKind.AssignmentList,
        _ when column == RosterColumns.EmploymentType => TemplateColumnKind.EmploymentTypeList,
        _ when column == RosterColumns.ContractEnd || column == RosterColumns.RoleStart || column == RosterColumns.LastTraining
            || column == RosterColumns.LastExercise || column == RosterColumns.Departure => TemplateColumnKind.Date,
        _ => TemplateColumnKind.Text,
    };

    /// <summary>An example value for the column, valid against <paramref name="catalog"/>; "" when none fits.</summary>
    public static string ExampleOf(RosterColumn column, Catalog catalog) => column switch
    {
        _ when column == RosterColumns.EmployeeId => "E1001",
        _ when column == RosterColumns.Name => "Alex Morgan",
        _ when column == RosterColumns.Role => catalog.Roles.IsDefaultOrEmpty ? "" : catalog.Roles[0].Title,
        _ when column == RosterColumns.Assignment => Assignments[0],
        _ when column == RosterColumns.EmploymentType => EmploymentTypes[0],
        _ when column == RosterColumns.Vendor => "Acme Staffing",
        _ when column == RosterColumns.ContractEnd => "2027-06-30",
        _ when column == RosterColumns.Fte => "0.5 or 50%",
        _ when column == RosterColumns.Site => "Main Campus",
        _ when column == RosterColumns.RoleStart => "2023-04-01",
        _ when column == RosterColumns.YearsExperience => "7.5",
        _ when column == RosterColumns.Certifications => CertificationsExample(catalog),
        _ when column == RosterColumns.Competencies => CompetenciesExample(catalog),
        _ when column == RosterColumns.LastTraining => "2026-02-15",
        _ when column == RosterColumns.LastExercise => "2025-10-09",
        _ when column == RosterColumns.Departure => "2026-12-31",
        _ => "",
    };

    /// <summary>The documented example "CISSP:2027-03-31; HCISPP" when the catalog knows both, else its first two certifications.</summary>
    public static string CertificationsExample(Catalog catalog)
    {
        var first = Spelling(catalog.FindCertification("cissp")) ?? Spelling(catalog.Certifications.FirstOrDefault());
        var second = Spelling(catalog.FindCertification("hcispp")) ?? Spelling(catalog.Certifications.Skip(1).FirstOrDefault());
        return (first, second) switch
        {
            (null, _) => "",
            (_, null) => $"{first}:2027-03-31",
            _ => $"{first}:2027-03-31; {second}",
        };

        static string? Spelling(Certification? c) => c is null ? null : c.Spellings.IsDefaultOrEmpty ? c.Id : c.Spellings[0];
    }

    /// <summary>The documented example "fhir=3; hl7v2=2" when the catalog knows both, else its first two competencies.</summary>
    public static string CompetenciesExample(Catalog catalog)
    {
        var first = catalog.FindCompetency("fhir")?.Id ?? catalog.Competencies.FirstOrDefault()?.Id;
        var second = catalog.FindCompetency("hl7v2")?.Id ?? catalog.Competencies.Skip(1).FirstOrDefault()?.Id;
        return (first, second) switch
        {
            (null, _) => "",
            (_, null) => $"{first}=3",
            _ => $"{first}=3; {second}=2",
        };
    }

    /// <summary>The input message shown when a cell of the column is selected: its meaning plus how to enter it.</summary>
    public static string PromptOf(RosterColumn column, Catalog catalog)
    {
        var how = KindOf(column) switch
        {
            TemplateColumnKind.RoleList => "Pick a title from the list; ids and aliases are on the Roles sheet.",
            TemplateColumnKind.AssignmentList or TemplateColumnKind.EmploymentTypeList => "Pick from the list.",
            TemplateColumnKind.Date => "A date, e.g. 2026-03-31.",
            _ => ExampleOf(column, catalog) is { Length: > 0 } example && !column.Meaning.Contains(example, StringComparison.Ordinal)
                ? $"e.g. {example}" : "",
        };
        return Clip($"{column.Meaning} {how}".Trim(), MaxPrompt);
    }

    /// <summary>The prompt's title: the column's canonical name.</summary>
    public static string PromptTitleOf(RosterColumn column) => Clip(column.Name, MaxPromptTitle);

    /// <summary>Width in characters of the column on the Roster sheet: room for its header and example.</summary>
    public static double WidthOf(RosterColumn column, Catalog catalog)
    {
        var widest = column == RosterColumns.Role && !catalog.Roles.IsDefaultOrEmpty
            ? catalog.Roles.Max(r => r.Title.Length)
            : ExampleOf(column, catalog).Length;
        return Math.Clamp(Math.Max(column.Name.Length + 4, widest + 3), 10, 45);
    }

    /// <summary>A line of the "How to fill" sheet: a label, its explanation and an optional example.</summary>
    public sealed record Line(string Label, string Text, string Example = "");

    /// <summary>The basics: what a row is and how the sheet works.</summary>
    public static IReadOnlyList<Line> Basics(Catalog catalog)
    {
        string N(RosterColumn c) => c.Name;
        var required = string.Join(" and ", RosterColumns.All.Where(c => c.Required).Select(N));
        var seatColumns = new[] { RosterColumns.Role, RosterColumns.Assignment, RosterColumns.Fte, RosterColumns.RoleStart }
            .Where(c => RosterColumns.All.Contains(c)).Select(N).ToList();
        var seat = string.Join(", ", seatColumns.Take(seatColumns.Count - 1)) + " and " + seatColumns[^1];
        return
        [
            new("One row per person in a role",
                $"On the Roster sheet, enter each person once for every role they hold, starting at row 2. Someone who is primary in one role and backup in another gets two rows, with the same {N(RosterColumns.EmployeeId)} on both."),
            new("Header row",
                "Leave row 1 as it is: its names are how the columns are recognised. Select a header or any cell below it to see what the column expects."),
            new("Required",
                $"{required}. Any other column may be left empty when you do not have the data: an empty {N(RosterColumns.Fte)} takes its default, and a missing training or exercise date counts as not met."),
            new("Drop-down lists",
                $"{N(RosterColumns.Role)}, {N(RosterColumns.Assignment)} and {N(RosterColumns.EmploymentType)} offer a list. For {N(RosterColumns.Role)} you may also type a role id or an alias shown on the Roles sheet, or one of your organization's own role aliases."),
            new("Person or seat",
                $"{seat} belong to the row (the seat). Every other column describes the person: fill it on one of their rows, or repeat it exactly. When rows disagree, the first value is kept and a warning says so."),
            new("Contractors, vendors, MSPs",
                $"Set {N(RosterColumns.EmploymentType)} to {string.Join(", ", EmploymentTypes.Skip(1))}, put who supplies the person in {N(RosterColumns.Vendor)} and when the engagement ends in {N(RosterColumns.ContractEnd)}."),
            new("Assignment",
                $"{Assignments[0]}: the person holds the role (the default). {Assignments[1]}: the person covers the role when the holder is away. {Assignments[2]}: the person is acting in the role until it is filled."),
            new("Leaving",
                $"Put the date notice was given, or the planned leaving date, in {N(RosterColumns.Departure)}. A date already past means the person is not counted."),
            new("Reference sheets",
                $"Roles, Competencies and Certifications list what the catalog ({catalog.Title}, version {catalog.Version}) knows: use the titles, ids and spellings shown there."),
        ];
    }

    /// <summary>The formats of the list and date columns.</summary>
    public static IReadOnlyList<Line> Formats(Catalog catalog) =>
    [
        new("Certifications",
            $"In {RosterColumns.Certifications.Name}: the name, a spelling or the id of each certification (Certifications sheet), separated by ; (or , or |). The expiry date is optional: after a colon, or in parentheses.",
            CertificationsExample(catalog)),
        new("Competencies",
            $"In {RosterColumns.Competencies.Name}: a competency id or name (Competencies sheet), = and the level, separated by ;. A column headed {RosterColumns.SkillPrefix}<id> holding the level works too.",
            CompetenciesExample(catalog)),
        new("Levels",
            $"Competency levels go from 0 to 4: {ProficiencyLevel.Scale}.",
            "3"),
        new("Dates",
            "The date columns are formatted as year-month-day: type 2026-03-31. Dates typed as text, such as 31-Mar-2026 or March 31, 2026, are read too. Avoid 03/04/2026, where day and month could be swapped.",
            "2026-03-31"),
        new("FTE",
            $"In {RosterColumns.Fte.Name}: {RosterColumns.Fte.Meaning}",
            "0.5"),
    ];

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
