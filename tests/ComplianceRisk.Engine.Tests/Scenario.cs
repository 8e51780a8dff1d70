using System.Collections.Immutable;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Organizations;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Engine.Tests;

/// <summary>Builds a roster in code and assesses it, so each test states its people and what it expects.</summary>
public sealed class Scenario
{
    public static readonly DateOnly AsOf = new(2026, 11, 22);

    private readonly List<Person> _people = [];
    private readonly List<RoleAssignment> _seats = [];
    private int _row = 1;

    public Catalog Catalog { get; init; } = TestCatalog.Load();
    public OrganizationProfile Profile { get; init; } = Profiles.Hospital("US-TX");

    /// <summary>A person with the given fields, seated in the given role.</summary>
    public Scenario Add(string id, string role, Func<Person, Person>? person = null, Assignment assignment = Assignment.Primary,
        double? fte = null, DateOnly? roleStart = null)
    {
        if (_people.All(p => p.Id != id))
        {
            var basic = new Person { Id = id, YearsExperience = 10, LastTraining = AsOf.AddMonths(-1), LastExercise = AsOf.AddMonths(-1) };
            _people.Add((person ?? (p => p))(basic) with { Rows = [++_row] });
        }
        _seats.Add(new RoleAssignment
        {
            PersonId = id, RoleId = role, Assignment = assignment,
            Fte = fte ?? (assignment == Assignment.Backup ? 0 : 1), RoleStart = roleStart, Row = ++_row,
        });
        return this;
    }

    public Roster Roster => new()
    {
        Sheet = "CSV", Sha256 = new string('0', 64), Rows = _seats.Count,
        People = [.. _people.OrderBy(p => p.Id, StringComparer.Ordinal)], Assignments = [.. _seats],
    };

    public Assessment Assess(DateOnly? asOf = null, Risks.TreatmentBook? treatments = null, params string[] without) =>
        new Assessor(Catalog).Assess(Profile, Roster, new AssessmentOptions { AsOf = asOf ?? AsOf, Without = [.. without], Treatments = treatments ?? Risks.TreatmentBook.Empty });

    /// <summary>Competency levels for a person.</summary>
    public static Func<Person, Person> Skills(params (string Competency, int Level)[] levels) =>
        p => p with { Competencies = levels.ToImmutableDictionary(l => l.Competency, l => l.Level) };
}

internal static class Profiles
{
    public static OrganizationProfile Hospital(params string[] jurisdictions) =>
        OrganizationProfile.Create("test-org", "Test Hospital", ["hospital"], jurisdictions).GetValueOrThrow();
}

internal static class AssessmentExtensions
{
    public static RoleResult Role(this Assessment a, string id) => a.Roles.Single(r => r.RoleId == id);
    public static ObligationResult Obligation(this Assessment a, string id) => a.Obligations.Single(o => o.ObligationId == id);

    /// <summary>The flags of a role as "CODE" or "CODE:person", sorted, for exact comparison.</summary>
    public static string[] FlagKeys(this RoleResult role) =>
        [.. role.Flags.Select(f => f.PersonId is null ? Code(f.Code) : $"{Code(f.Code)}:{f.PersonId}").Order(StringComparer.Ordinal)];

    public static string Code(FlagCode code) => System.Text.Json.JsonNamingPolicy.SnakeCaseUpper.ConvertName(code.ToString());
}
