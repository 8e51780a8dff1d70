using System.Text.RegularExpressions;
using ComplianceRisk.Documents.Tests.Registers;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Documents.Tests;

/// <summary>
/// docs/roster-format.md lists the other spellings of an assignment and an employment type that a roster may use;
/// each one listed there is read as the value it is listed under, with no warning.
/// </summary>
public sealed partial class DocumentedSpellingsTests
{
    /// <summary>The "meaning" cell of the column's row in the table of columns.</summary>
    private static string Meaning(string column)
    {
        var row = File.ReadLines(Path.Combine(RegisterFixtures.RepositoryRoot, "docs", "roster-format.md"))
            .Single(line => line.StartsWith($"| `{column}` ", StringComparison.Ordinal));
        return row.Split('|')[2];
    }

    /// <summary>Each value in the cell with its "also" spellings: "`backup` (also secondary, deputy)".</summary>
    private static TheoryData<string, string> Spellings(string column)
    {
        var data = new TheoryData<string, string>();
        foreach (Match value in Listed().Matches(Meaning(column)))
        {
            data.Add(value.Groups["value"].Value, value.Groups["value"].Value);
            var also = value.Groups["notes"].Value.Split("also ", 2);
            if (also.Length == 2)
                foreach (var spelling in also[1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    data.Add(value.Groups["value"].Value, spelling);
        }
        Assert.True(data.Count > 10, $"no spellings found for {column}");
        return data;
    }

    [GeneratedRegex(@"`(?<value>[a-z]+)`(?: \((?<notes>[^)]*)\))?")]
    private static partial Regex Listed();

    /// <summary>The table of columns: each column's name and the other headers listed in brackets after it.</summary>
    public static TheoryData<string, string[]> DocumentedHeaders()
    {
        var data = new TheoryData<string, string[]>();
        foreach (var line in File.ReadLines(Path.Combine(RegisterFixtures.RepositoryRoot, "docs", "roster-format.md")))
            if (ColumnRow().Match(line) is { Success: true } m)
                data.Add(m.Groups["name"].Value, m.Groups["aliases"].Value.Split(", "));
        return data;
    }

    [GeneratedRegex(@"^\| `(?<name>[a-z_]+)` \((?<aliases>[^)]*)\) \|")]
    private static partial Regex ColumnRow();

    [Theory]
    [MemberData(nameof(DocumentedHeaders))]
    public void EachDocumentedHeader_IsReadAsItsColumn_AndTheListIsTheImportersOwn(string column, string[] aliases)
    {
        var known = Documents.Rosters.RosterColumns.All.Single(c => c.Name == column);
        Assert.Equal(known.Aliases.Order(StringComparer.Ordinal), aliases.Order(StringComparer.Ordinal));
        foreach (var alias in aliases) Assert.Same(known, Documents.Rosters.RosterColumns.Find(alias));
    }

    [Fact]
    public void EveryColumn_IsInTheDocumentedTable() =>
        Assert.Equal(Documents.Rosters.RosterColumns.All.Select(c => c.Name).Order(StringComparer.Ordinal),
            DocumentedHeaders().Select(row => row.Data.Item1).Order(StringComparer.Ordinal));

    public static TheoryData<string, string> Assignments => Spellings("assignment");
    public static TheoryData<string, string> EmploymentTypes => Spellings("employment_type");

    [Theory]
    [MemberData(nameof(Assignments))]
    public void AnAssignmentSpelling_IsReadAsTheValueItIsListedUnder(string value, string spelling)
    {
        var roster = Import.Roster($"employee_id,role,assignment\nE1,dba,{spelling}\n");
        Assert.Equal(Enum.Parse<Assignment>(value, ignoreCase: true), roster.Assignments.Single().Assignment);
        Assert.Empty(roster.Warnings);
    }

    [Theory]
    [MemberData(nameof(EmploymentTypes))]
    public void AnEmploymentTypeSpelling_IsReadAsTheValueItIsListedUnder(string value, string spelling)
    {
        var roster = Import.Roster($"employee_id,role,employment_type,vendor\nE1,dba,{spelling},Acme\n");
        Assert.Equal(Enum.Parse<EmploymentType>(value, ignoreCase: true), roster.People.Single().EmploymentType);
        Assert.Empty(roster.Warnings);
    }
}
