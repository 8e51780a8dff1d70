using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using ComplianceRisk.Engine.Assessments;

namespace ComplianceRisk.Documents.Registers;

/// <summary>
/// The scope statement and disclaimer of DESIGN §6: what was assessed, what was not, and that the result supports
/// legal and compliance advice rather than replacing it. The register's Summary sheet fills these paragraphs in C#;
/// the web page receives the same templates (<c>/assets/options.json</c>) and fills them from the assessment JSON, so
/// the two cannot drift apart. A field is written <c>{name}</c>; <see cref="Fields"/> says what each one holds.
/// </summary>
public static partial class ScopeStatement
{
    public static readonly ImmutableArray<string> Templates =
    [
        "What was assessed. The staffing roster as given ({rows} rows, {people} people; SHA-256 {rosterSha256}), "
            + "against catalog {catalogId} version {catalogVersion} (SHA-256 {catalogSha256}), for the {obligations} obligations that apply to "
            + "{organization}{regimes}, as of {asOf}. "
            + "Each critical IT role was scored against the competencies, certifications and experience it needs; probabilities use the attrition rates on the Methodology sheet.",
        "What was not assessed. Workforce-wide training beyond the people on the roster; technical, physical and administrative controls; policies and procedures; "
            + "and the accuracy of the roster itself (self-reported competency levels are taken as given, raised only by current certifications).",
        "Disclaimer. This register supports, and does not replace, legal and compliance advice. Obligations, citations and dates come from the catalog named above; "
            + "facts the catalog could not confirm are listed on the Methodology sheet. Decisions about risk treatment remain with the organization's management and board.",
    ];

    /// <summary>How long a hash is shown: its first 16 hex digits and an ellipsis.</summary>
    public const int ShortHashLength = 16;

    /// <summary>
    /// The fields the templates name. <c>regimes</c> is the regime names in parentheses after a space, or nothing;
    /// <c>asOf</c> is written "22 November 2026"; the hashes are shortened (<see cref="ShortHashLength"/>).
    /// </summary>
    public static ImmutableDictionary<string, string> Fields(Assessment a, string organizationName, string asOfText)
    {
        var regimes = string.Join(", ", a.Summary.Regimes.Select(r => r.Name));
        return new Dictionary<string, string>
        {
            ["rows"] = a.Roster.Rows.ToString(CultureInfo.InvariantCulture),
            ["people"] = a.Roster.People.ToString(CultureInfo.InvariantCulture),
            ["rosterSha256"] = Short(a.Roster.Sha256),
            ["catalogId"] = a.Catalog.Id,
            ["catalogVersion"] = a.Catalog.Version,
            ["catalogSha256"] = Short(a.Catalog.Sha256),
            ["obligations"] = a.Obligations.Length.ToString(CultureInfo.InvariantCulture),
            ["organization"] = organizationName,
            ["regimes"] = regimes.Length > 0 ? $" ({regimes})" : "",
            ["asOf"] = asOfText,
        }.ToImmutableDictionary();
    }

    /// <summary>The paragraphs for an assessment, the organization and date written as every document writes them.</summary>
    public static IEnumerable<string> For(Assessment a) =>
        Paragraphs(Fields(a, RegisterContext.NameOf(a.Organization), RegisterContext.DateText(a.AsOf)));

    public static IEnumerable<string> Paragraphs(IReadOnlyDictionary<string, string> fields) =>
        Templates.Select(t => Field().Replace(t, m => fields[m.Groups[1].Value]));

    private static string Short(string sha) => sha.Length > ShortHashLength ? sha[..ShortHashLength] + "…" : sha;

    [GeneratedRegex(@"\{([A-Za-z0-9]+)\}")]
    private static partial Regex Field();
}
