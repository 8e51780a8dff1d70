using System.Collections.Immutable;
using System.Globalization;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Documents.Rosters;

/// <summary>Where a value is being read: for messages that name the row and the person.</summary>
internal sealed record RowContext(int Row, string PersonId, WarningLog Log);

/// <summary>
/// A person-level field merged across the person's rows: the first value is kept, and a different value
/// on a later row is a PERSON_CONFLICT warning naming both rows and the value kept.
/// </summary>
internal sealed class Field<T>(string name)
{
    public bool HasValue { get; private set; }
    public T Value { get; private set; } = default!;
    private int _row;

    public void Set(T value, RowContext context, string header)
    {
        if (value is string s && string.IsNullOrWhiteSpace(s)) return;
        if (!HasValue)
        {
            (HasValue, Value, _row) = (true, value, context.Row);
            return;
        }
        if (Same(Value, value)) return;
        context.Log.Add(context.Row, header, Show(value), "PERSON_CONFLICT",
            $"{context.PersonId}: row {_row} gives {name} '{Show(Value)}', row {context.Row} gives '{Show(value)}'; kept '{Show(Value)}' (row {_row})",
            "Make the person's rows agree on person-level details");
    }

    private static bool Same(T a, T b) =>
        a is string x && b is string y ? string.Equals(x.Trim(), y.Trim(), StringComparison.OrdinalIgnoreCase) : EqualityComparer<T>.Default.Equals(a, b);

    private static string Show(T value) => value switch
    {
        null => "no expiry",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double n => n.ToString("0.##", CultureInfo.InvariantCulture),
        Enum e => e.ToString().ToLowerInvariant(),
        _ => value.ToString() ?? "",
    };
}

/// <summary>A person being assembled from their roster rows.</summary>
internal sealed class PersonDraft(string id)
{
    public string Id { get; } = id;
    public List<int> Rows { get; } = [];
    public Field<string> Name { get; } = new("name");
    public Field<EmploymentType> EmploymentType { get; } = new("employment type");
    public Field<string> Vendor { get; } = new("vendor");
    public Field<DateOnly> ContractEnd { get; } = new("contract end date");
    public Field<string> Site { get; } = new("site");
    public Field<double> YearsExperience { get; } = new("years of experience");
    public Field<DateOnly> LastTraining { get; } = new("last training date");
    public Field<DateOnly> LastExercise { get; } = new("last exercise date");
    public Field<DateOnly> Departure { get; } = new("departure date");
    private readonly SortedDictionary<string, Field<DateOnly?>> _certifications = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Field<int>> _competencies = new(StringComparer.Ordinal);

    public Field<DateOnly?> Certification(string id) =>
        _certifications.TryGetValue(id, out var field) ? field : _certifications[id] = new Field<DateOnly?>($"the expiry of {id}");

    public Field<int> Competency(string id) =>
        _competencies.TryGetValue(id, out var field) ? field : _competencies[id] = new Field<int>($"the level of {id}");

    public Person Build() => new()
    {
        Id = Id,
        Name = Name.HasValue ? Name.Value.Trim() : null,
        EmploymentType = EmploymentType.HasValue ? EmploymentType.Value : Engine.Rosters.EmploymentType.Employee,
        Vendor = Vendor.HasValue ? Vendor.Value.Trim() : null,
        ContractEnd = ContractEnd.HasValue ? ContractEnd.Value : null,
        Site = Site.HasValue ? Site.Value.Trim() : null,
        YearsExperience = YearsExperience.HasValue ? YearsExperience.Value : null,
        Certifications = [.. _certifications.Where(c => c.Value.HasValue).Select(c => new HeldCertification(c.Key, c.Value.Value))],
        Competencies = _competencies.Where(c => c.Value.HasValue).ToImmutableDictionary(c => c.Key, c => c.Value.Value, StringComparer.Ordinal),
        LastTraining = LastTraining.HasValue ? LastTraining.Value : null,
        LastExercise = LastExercise.HasValue ? LastExercise.Value : null,
        Departure = Departure.HasValue ? Departure.Value : null,
        Rows = [.. Rows],
    };
}

/// <summary>
/// Collects warnings, keeping at most a limit in detail so a hostile file cannot exhaust memory; the rest
/// are counted per code in one summary warning each.
/// </summary>
internal sealed class WarningLog(string sheet, int limit)
{
    private readonly List<RosterWarning> _warnings = [];
    private readonly SortedDictionary<string, int> _overflow = new(StringComparer.Ordinal);

    public void Add(int? row, string? column, string? value, string code, string message, string hint)
    {
        if (_warnings.Count < limit) _warnings.Add(new RosterWarning(sheet, row, column, value, code, message, hint));
        else _overflow[code] = _overflow.GetValueOrDefault(code) + 1;
    }

    public IEnumerable<RosterWarning> Build() => _warnings.Concat(_overflow.Select(o => new RosterWarning(sheet, null, null, null, "TOO_MANY_WARNINGS",
        $"{o.Value:N0} more {o.Key} warnings were not listed (only the first {limit:N0} warnings are kept)", "Fix the first ones and assess again")));
}
