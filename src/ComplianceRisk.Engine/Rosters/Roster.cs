using System.Collections.Immutable;

namespace ComplianceRisk.Engine.Rosters;

public enum Assignment { Primary, Backup, Interim }

public enum EmploymentType { Employee, Contractor, Vendor, Msp }

public static class EmploymentTypeExtensions
{
    /// <summary>Contractors, vendors and managed service providers: people the organization does not employ.</summary>
    public static bool IsExternal(this EmploymentType type) => type != EmploymentType.Employee;
}

public sealed record HeldCertification(string CertificationId, DateOnly? Expires);

/// <summary>
/// One person, merged from all their roster rows. Person-level facts live here; what differs per seat
/// (assignment, FTE, start date) lives on <see cref="RoleAssignment"/>.
/// </summary>
public sealed record Person
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public EmploymentType EmploymentType { get; init; } = EmploymentType.Employee;
    public string? Vendor { get; init; }
    public DateOnly? ContractEnd { get; init; }
    public string? Site { get; init; }
    public double? YearsExperience { get; init; }
    public ImmutableArray<HeldCertification> Certifications { get; init; } = [];
    /// <summary>Self-reported levels by competency id (0-4).</summary>
    public ImmutableDictionary<string, int> Competencies { get; init; } = ImmutableDictionary<string, int>.Empty;
    public DateOnly? LastTraining { get; init; }
    public DateOnly? LastExercise { get; init; }
    /// <summary>Notice given or planned leave.</summary>
    public DateOnly? Departure { get; init; }
    /// <summary>Roster rows this person was read from, as a spreadsheet program numbers them.</summary>
    public ImmutableArray<int> Rows { get; init; } = [];
}

public sealed record RoleAssignment
{
    public required string PersonId { get; init; }
    public required string RoleId { get; init; }
    public Assignment Assignment { get; init; } = Assignment.Primary;
    public required double Fte { get; init; }
    public DateOnly? RoleStart { get; init; }
    public required int Row { get; init; }
}

/// <summary>
/// A problem found in the input, located as precisely as the input allows. Warnings never stop an
/// assessment; the row is assessed as far as possible.
/// </summary>
public sealed record RosterWarning(
    string? Sheet, int? Row, string? Column, string? Value, string Code, string Message, string Hint)
{
    /// <summary>
    /// The person the warning is about (whose row it is, or who is not counted), when it is about one; null for a
    /// warning about the document, a column or a row without an id. A register pseudonymizes this id where the
    /// warning names the person (<see cref="Assessments.TextMentions.InWarning"/>), even when the person is nowhere
    /// else in the assessment (a departed person, a person who holds no catalog role).
    /// </summary>
    public string? PersonId { get; init; }

    /// <summary>
    /// The code of the summary that stands for warnings of one code beyond the most an import keeps in detail: its
    /// message says how many more there were.
    /// </summary>
    public const string TooMany = "TOO_MANY_WARNINGS";
}

/// <summary>What was read from a roster document: its people, their seats and every problem found.</summary>
public sealed record Roster
{
    public required string Sheet { get; init; }
    /// <summary>Canonical column name → the header as the document wrote it, so messages name what the user sees.</summary>
    public ImmutableSortedDictionary<string, string> Columns { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
    /// <summary>SHA-256 (lower-case hex) of the document's bytes.</summary>
    public required string Sha256 { get; init; }
    /// <summary>Data rows read (blank rows excluded).</summary>
    public required int Rows { get; init; }
    public required ImmutableArray<Person> People { get; init; }
    public required ImmutableArray<RoleAssignment> Assignments { get; init; }
    public ImmutableArray<RosterWarning> Warnings { get; init; } = [];
}
