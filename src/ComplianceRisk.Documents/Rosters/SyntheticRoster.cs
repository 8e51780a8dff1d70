using System.Globalization;
using ComplianceRisk.Engine.Catalogs;
using CsvHelper;

namespace ComplianceRisk.Documents.Rosters;

/// <summary>
/// Writes plausible synthetic rosters of any size, for demos, tests and benchmarks. Deterministic for a
/// given <see cref="Random"/> seed and as-of date; names are never real ("Person 000123").
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

    private static readonly string[] Vendors = ["Northwind Health IT", "Contoso Managed Services", "Fabrikam Staffing", "Tailspin Consulting", "Adatum Cyber"];

    /// <summary>Writes a header and exactly <paramref name="rows"/> data rows; returns the number of people.</summary>
    public int Write(TextWriter output, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var roles = catalog.Roles;
        var cumulative = new int[roles.Length];
        var total = 0;
        for (var i = 0; i < roles.Length; i++) cumulative[i] = total += Weights.GetValueOrDefault(roles[i].Id, 1);

        using var csv = new CsvWriter(output, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var column in RosterColumns.All) csv.WriteField(column.Name);
        csv.NextRecord();

        var written = 0;
        var people = 0;
        while (written < rows)
        {
            people++;
            var id = $"P{people:D6}";
            var role = roles[Array.FindIndex(cumulative, c => c > random.Next(total))];
            var type = random.NextDouble() switch { < 0.85 => "employee", < 0.93 => "contractor", < 0.98 => "vendor", _ => "msp" };
            var vendor = type == "employee" ? "" : Vendors[random.Next(Vendors.Length)];
            var certs = Certifications(role);
            var skills = string.Join("; ", role.Requires.Select(r => $"{r.Competency}={Math.Clamp(r.Level + random.Next(-2, 2), 0, 4)}"));
            var person = new[]
            {
                id, $"Person {people:D6}", "", type, vendor,
                type == "employee" ? "" : Day(asOf.AddDays(random.Next(-30, 720))),
                "", random.Next(4) == 0 ? "Main Campus" : "North Clinic", "",
                (random.Next(0, 200) / 10.0).ToString("0.#", CultureInfo.InvariantCulture),
                certs, skills,
                random.Next(10) == 0 ? "" : Day(asOf.AddDays(-random.Next(0, 540))),
                role.Currency.IsEmpty ? "" : Day(asOf.AddDays(-random.Next(0, 500))),
                random.Next(33) == 0 ? Day(asOf.AddDays(random.Next(0, 200))) : "",
            };
            WriteRow(csv, person, role.Id, random.Next(20) == 0 ? "interim" : "primary", Day(asOf.AddDays(-random.Next(0, 3650))));
            written++;
            if (written < rows && random.Next(10) == 0)
            {
                // Some people are also the named backup for another role.
                var backup = roles[random.Next(roles.Length)];
                if (backup.Id != role.Id)
                {
                    WriteRow(csv, person, backup.Id, "backup", "");
                    written++;
                }
            }
        }
        return people;
    }

    private static void WriteRow(CsvWriter csv, string[] person, string roleId, string assignment, string roleStart)
    {
        // Column order follows RosterColumns.All: id, name, role, assignment, then person fields.
        csv.WriteField(person[0]);
        csv.WriteField(person[1]);
        csv.WriteField(roleId);
        csv.WriteField(assignment);
        for (var i = 3; i < person.Length; i++) csv.WriteField(i == 8 ? roleStart : person[i]);
        csv.NextRecord();
    }

    private string Certifications(Role role)
    {
        if (role.CertificationPolicy.Accepted.IsEmpty || random.Next(5) >= 2) return "";
        var cert = role.CertificationPolicy.Accepted[random.Next(role.CertificationPolicy.Accepted.Length)];
        var expires = asOf.AddDays(random.Next(-60, 1100));
        return $"{cert}:{Day(expires)}";
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
