using System.Collections.Immutable;
using ComplianceRisk.Engine.Catalogs;

namespace ComplianceRisk.Documents.Rosters;

/// <summary>A canonical roster column (DESIGN §4), the header spellings accepted for it and what it means.</summary>
public sealed record RosterColumn(string Name, ImmutableArray<string> Aliases, string Meaning, bool Required = false);

/// <summary>
/// The roster columns: the one place their names, aliases and meanings are defined (the template and the
/// docs are generated from here). Headers match case-, space- and punctuation-insensitively.
/// </summary>
public static class RosterColumns
{
    public static readonly RosterColumn EmployeeId = new("employee_id", ["Employee ID", "Emp ID", "Staff ID", "Person ID", "Employee Number", "Emp No", "Employee #", "Worker ID", "Associate ID"], "Required. An opaque id for the person, the same on every row of theirs.", Required: true);
    public static readonly RosterColumn Name = new("name", ["Full Name", "Employee Name", "Worker Name"], "Optional; never needed for scoring.");
    public static readonly RosterColumn Role = new("role", ["Job Title", "Position", "Role Title", "Title"], "Required. A catalog role id, title or alias, or one of the organization's own aliases.", Required: true);
    public static readonly RosterColumn Assignment = new("assignment", ["Assignment Type", "Seat"], "primary (default), backup or interim.");
    public static readonly RosterColumn EmploymentType = new("employment_type", ["Worker Type", "Employment", "Employee Type", "Worker Category"], "employee (default), contractor, vendor or msp.");
    public static readonly RosterColumn Vendor = new("vendor", ["Company", "Supplier", "Agency"], "For contractor, vendor and MSP rows: who supplies the person.");
    public static readonly RosterColumn ContractEnd = new("contract_end_date", ["Contract End", "Contract End Date"], "For contractor, vendor and MSP rows: when the engagement ends.");
    public static readonly RosterColumn Fte = new("fte", ["FTE %", "Allocation"], "0-1 (or a percentage); default 1 for primary and interim rows, 0 for backup rows.");
    public static readonly RosterColumn Site = new("site", ["Location", "Facility"], "Optional.");
    public static readonly RosterColumn RoleStart = new("role_start_date", ["Start Date in Role", "Role Start", "Start Date"], "When the person took this seat.");
    public static readonly RosterColumn YearsExperience = new("years_experience", ["Relevant Experience", "Experience Years", "Years of Experience", "Experience"], "Years of experience relevant to the role.");
    public static readonly RosterColumn Certifications = new("certifications", ["Certs", "Credentials", "Certification"], "e.g. CISSP:2027-03-31; HCISPP (name, spelling or id, optional expiry).");
    public static readonly RosterColumn Competencies = new("competencies", ["Skills", "Competency Levels"], "e.g. fhir=3; hl7v2=2 (id or name, level 0-4). Wide columns skill:fhir are accepted too.");
    public static readonly RosterColumn LastTraining = new("last_training_date", ["HIPAA Training Date", "Last Training", "Training Date", "Last Training Date"], "Date of the person's last security/privacy training.");
    public static readonly RosterColumn LastExercise = new("last_exercise_date", ["Last Drill", "Last Tabletop", "Last Exercise", "Exercise Date"], "Date of the last incident-response or recovery exercise the person took part in.");
    public static readonly RosterColumn Departure = new("departure_date", ["Notice Date", "Leaving Date", "Planned Departure", "Departure", "Termination Date"], "Notice given or planned leave.");

    public static readonly ImmutableArray<RosterColumn> All =
        [EmployeeId, Name, Role, Assignment, EmploymentType, Vendor, ContractEnd, Fte, Site, RoleStart, YearsExperience, Certifications, Competencies, LastTraining, LastExercise, Departure];

    /// <summary>Prefix of a wide competency column ("skill:fhir" holds that person's FHIR level).</summary>
    public const string SkillPrefix = "skill:";

    private static readonly ImmutableDictionary<string, RosterColumn> ByKey = All
        .SelectMany(c => c.Aliases.Prepend(c.Name).Select(a => (Key: NameKey.Of(a), Column: c)))
        .ToImmutableDictionary(x => x.Key, x => x.Column);

    /// <summary>The canonical column a header names, or null.</summary>
    public static RosterColumn? Find(string header) => ByKey.GetValueOrDefault(NameKey.Of(header));
}
