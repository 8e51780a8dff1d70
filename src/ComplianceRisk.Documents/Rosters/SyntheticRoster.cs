using System.Globalization;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;
using CsvHelper;

namespace ComplianceRisk.Documents.Rosters;

/// <summary>
/// Plausible synthetic rosters of any size, for demos, tests and benchmarks. Deterministic for a given
/// <see cref="Random"/> seed and as-of date; names are never real ("Person 000123").
/// </summary>
public sealed class SyntheticRoster(Catalog catalog, Random random, DateOnly asOf)
{
    /// <summary>Relative headcount of each role in a health-IT department (roles not listed: 1).</summary>
    private static readonly Dictionary<string, int> Weights = new(StringComparer.Ordinal)
    {
        ["service-desk"] = 24, ["ehr-analyst"] = 18, ["network-engineer"] = 8, ["integration-engineer"] = 6, ["soc-analyst"] = 6,
        ["data-analyst"] = 6, ["cloud-engineer"] = 5, ["dba"] = 5, ["iam-engineer"] = 4, ["clinical-informaticist"] = 4,
        ["backup-dr-engineer"] = 3, ["compliance-analyst"] = 2, ["medical-device-security"] = 2, ["vendor-risk-manager"] = 2,
    };

    // How far the dates written reach from the as-of date: a role started up to ten years before it, a certificate
    // expiring up to three years after it (every other date falls between).
    private const int DaysBack = 3649, DaysAhead = 1099;

    /// <summary>
    /// The first and last as-of dates a roster is generated around: every date written is then one a roster may have (the
    /// years of <see cref="AssessmentOptions.EarliestAsOf"/> to <see cref="AssessmentOptions.LatestAsOf"/>), where a
    /// roster generated around 2200-12-31 had certificates expiring in 2203 that its own assessment refused.
    /// </summary>
    public static DateOnly EarliestAsOf { get; } = AssessmentOptions.EarliestAsOf.AddDays(DaysBack);

    /// <inheritdoc cref="EarliestAsOf"/>
    public static DateOnly LatestAsOf { get; } = AssessmentOptions.LatestAsOf.AddDays(-DaysAhead);

    private static readonly string[] Vendors = ["Northwind Health IT", "Contoso Managed Services", "Fabrikam Staffing", "Tailspin Consulting", "Adatum Cyber"];

    /// <summary>One generated row, in the order of <see cref="RosterColumns.All"/>; dates and numbers typed.</summary>
    public sealed record Row(string EmployeeId, string Name, string Role, string Assignment, string EmploymentType, string Vendor,
        DateOnly? ContractEnd, string Site, DateOnly? RoleStart, double YearsExperience, string Certifications, string Competencies,
        DateOnly? LastTraining, DateOnly? LastExercise, DateOnly? Departure);

    /// <summary>Exactly <paramref name="rows"/> rows; some people hold a second (backup) seat.</summary>
    public IEnumerable<Row> Rows(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (asOf < EarliestAsOf || asOf > LatestAsOf)
            throw new ArgumentOutOfRangeException(nameof(asOf), asOf, $"Synthetic rosters are generated around {EarliestAsOf:yyyy-MM-dd} to {LatestAsOf:yyyy-MM-dd}.");
        var roles = catalog.Roles;
        var cumulative = new int[roles.Length];
        var total = 0;
        for (var i = 0; i < roles.Length; i++) cumulative[i] = total += Weights.GetValueOrDefault(roles[i].Id, 1);

        var written = 0;
        var people = 0;
        while (written < rows)
        {
            people++;
            var role = roles[Array.FindIndex(cumulative, c => c > random.Next(total))];
            var type = random.NextDouble() switch { < 0.85 => "employee", < 0.93 => "contractor", < 0.98 => "vendor", _ => "msp" };
            DateOnly? Maybe(bool present, int from, int to) => present ? asOf.AddDays(random.Next(from, to)) : null;
            var person = new Row(
                $"P{people:D6}", $"Person {people:D6}", role.Id, random.Next(20) == 0 ? "interim" : "primary", type,
                type == "employee" ? "" : Vendors[random.Next(Vendors.Length)],
                Maybe(type != "employee", -30, 720),
                random.Next(4) == 0 ? "Main Campus" : "North Clinic",
                asOf.AddDays(-random.Next(0, DaysBack + 1)),
                random.Next(0, 200) / 10.0,
                Certifications(role),
                string.Join("; ", role.Requires.Select(r => $"{r.Competency}={Math.Clamp(r.Level + random.Next(-2, 2), 0, 4)}")),
                Maybe(random.Next(10) != 0, -540, 0),
                Maybe(!role.Currency.IsEmpty, -500, 0),
                Maybe(random.Next(33) == 0, 0, 200));
            yield return person;
            written++;
            if (written < rows && random.Next(10) == 0)
            {
                var backup = roles[random.Next(roles.Length)];
                if (backup.Id != role.Id)
                {
                    yield return person with { Role = backup.Id, Assignment = "backup", RoleStart = null };
                    written++;
                }
            }
        }
    }

    /// <summary>Writes a CSV roster with the canonical header; returns the number of people.</summary>
    public int WriteCsv(TextWriter output, int rows)
    {
        using var csv = new CsvWriter(output, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var column in RosterColumns.All) csv.WriteField(column.Name);
        csv.NextRecord();
        var people = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in Rows(rows))
        {
            people.Add(row.EmployeeId);
            foreach (var field in Fields(row)) csv.WriteField(field switch
            {
                DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                double n => n.ToString("0.#", CultureInfo.InvariantCulture),
                null => "",
                var other => other.ToString(),
            });
            csv.NextRecord();
        }
        return people.Count;
    }

    /// <summary>The row's values in <see cref="RosterColumns.All"/> order: strings, numbers, dates or null.</summary>
    public static object?[] Fields(Row r) =>
        [r.EmployeeId, r.Name, r.Role, r.Assignment, r.EmploymentType, r.Vendor, r.ContractEnd, null, r.Site, r.RoleStart,
         r.YearsExperience, r.Certifications, r.Competencies, r.LastTraining, r.LastExercise, r.Departure];

    private string Certifications(Role role)
    {
        if (role.CertificationPolicy.Accepted.IsEmpty || random.Next(5) >= 2) return "";
        var cert = role.CertificationPolicy.Accepted[random.Next(role.CertificationPolicy.Accepted.Length)];
        return $"{cert}:{asOf.AddDays(random.Next(-60, DaysAhead + 1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
    }
}
