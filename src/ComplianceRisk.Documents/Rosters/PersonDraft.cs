using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Documents.Rosters;

/// <summary>Where a value is being read: for messages that name the row and the person.</summary>
internal readonly record struct RowContext(int Row, string PersonId, WarningLog Log)
{
    /// <summary>A warning about this row of the person's, carrying their id.</summary>
    public void Warn(string? column, string? value, string code, string message, string hint) =>
        Log.Add(Row, column, value, code, message, hint, PersonId);
}

/// <summary>
/// A person-level field merged across the person's rows: the first value is kept, and a different value
/// on a later row is a PERSON_CONFLICT warning naming both rows and the value kept.
/// </summary>
/// <remarks>
/// A mutable struct kept in a field of its <see cref="PersonDraft"/> (never copied out and changed): a large
/// roster holds every draft until the last row is read, so a field costs no object of its own, and no flag
/// either (the row it was given on, 0 until then: rows are numbered from 1). Its name for messages is given
/// with each value and only put together when there is a conflict to report.
/// </remarks>
internal struct Field<T>
{
    public readonly bool HasValue => _row != 0;
    public T Value { readonly get; private set; }
    private int _row;

    /// <param name="name">The field's name in messages, e.g. "vendor" or "the level of " followed by <paramref name="subject"/>.</param>
    public void Set(T value, RowContext context, string header, string name, string? subject = null)
    {
        // The typeof test compiles away for value types; a type test alone boxes a nullable value (a certification's
        // expiry) on every call.
        if (typeof(T) == typeof(string) && value is string s && string.IsNullOrWhiteSpace(s)) return;
        if (!HasValue)
        {
            Debug.Assert(context.Row > 0, "rows are numbered from 1: row 0 would read as no value");
            (Value, _row) = (value, context.Row);
            return;
        }
        if (Same(Value, value)) return;
        // One cell can name a competency twice ("database-admin=3; Database Administration=4").
        if (_row == context.Row)
            context.Warn(header, Show(value), "PERSON_CONFLICT",
                $"{context.PersonId}: row {_row} gives {name}{subject} twice, '{Show(Value)}' and '{Show(value)}'; kept '{Show(Value)}'",
                "Give each value once");
        else
            context.Warn(header, Show(value), "PERSON_CONFLICT",
                $"{context.PersonId}: row {_row} gives {name}{subject} '{Show(Value)}', row {context.Row} gives '{Show(value)}'; kept '{Show(Value)}' (row {_row})",
                "Make the person's rows agree on person-level details");
    }

    private static bool Same(T a, T b) =>
        typeof(T) == typeof(string) && a is string x && b is string y
            ? string.Equals(x.Trim(), y.Trim(), StringComparison.OrdinalIgnoreCase)
            : EqualityComparer<T>.Default.Equals(a, b);

    private static string Show(T value) => value switch
    {
        null => "no expiry",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double n => n.ToString("0.##", CultureInfo.InvariantCulture),
        Enum e => e.ToString().ToLowerInvariant(),
        _ => value.ToString() ?? "",
    };
}

/// <summary>
/// A person being assembled from their roster rows.
/// </summary>
/// <remarks>
/// Every draft lives until the whole roster is read, so it is kept to one object plus small arrays: the
/// fields are structs held in place (public fields, so <c>draft.Name.Set(…)</c> changes the draft, not a copy),
/// most people have one row and one seat (held inline, a list only for the rest), and certifications and
/// competencies are short lists searched in order rather than sorted trees.
/// </remarks>
internal sealed class PersonDraft(string id, int row)
{
    public string Id { get; } = id;
    public int FirstRow { get; } = row;
    private List<int>? _moreRows;

    public Field<string> Name;
    public Field<EmploymentType> EmploymentType;
    public Field<string> Vendor;
    public Field<DateOnly> ContractEnd;
    public Field<string> Site;
    public Field<double> YearsExperience;
    public Field<DateOnly> LastTraining;
    public Field<DateOnly> LastExercise;
    public Field<DateOnly> Departure;

    private string? _seatRole;
    private int _seatRow;
    private List<(string RoleId, int Row)>? _moreSeats;

    private (string Id, Field<DateOnly?> Field)[] _certifications = [];
    private int _certificationCount;
    private (string Id, Field<int> Field)[] _competencies = [];
    private int _competencyCount;

    /// <summary>Another row of this person's (the first is given when the draft is made).</summary>
    public void AddRow(int row) => (_moreRows ??= []).Add(row);

    /// <summary>The rows this person was read from.</summary>
    public IEnumerable<int> Rows => _moreRows is null ? [FirstRow] : [FirstRow, .. _moreRows];

    /// <summary>The row on which the person already holds a seat in the role, if they do.</summary>
    public int? SeatRow(string roleId)
    {
        if (_seatRole is null) return null;
        if (string.Equals(_seatRole, roleId, StringComparison.Ordinal)) return _seatRow;
        if (_moreSeats is not null)
            foreach (var (role, row) in _moreSeats)
                if (string.Equals(role, roleId, StringComparison.Ordinal)) return row;
        return null;
    }

    public void AddSeat(string roleId, int row)
    {
        if (_seatRole is null) (_seatRole, _seatRow) = (roleId, row);
        else (_moreSeats ??= []).Add((roleId, row));
    }

    /// <summary>The person's field for a certification's expiry (made on first use), to set in place.</summary>
    public ref Field<DateOnly?> Certification(string id) => ref Entry(ref _certifications, ref _certificationCount, id);

    /// <summary>The person's field for a competency level (made on first use), to set in place.</summary>
    public ref Field<int> Competency(string id) => ref Entry(ref _competencies, ref _competencyCount, id);

    /// <summary>Room for as many more certifications as a row may give, so that most people's list is made once, at its size.</summary>
    public void ExpectCertifications(int more) => Expect(ref _certifications, _certificationCount, more);

    /// <summary>Room for as many more competencies as a row may give, so that most people's list is made once, at its size.</summary>
    public void ExpectCompetencies(int more) => Expect(ref _competencies, _competencyCount, more);

    private static void Expect<TValue>(ref (string Id, Field<TValue> Field)[] entries, int count, int more)
    {
        if (count + more > entries.Length) Array.Resize(ref entries, count + more);
    }

    /// <remarks>Every entry holds a value: an entry is made only for the value about to be set in it.</remarks>
    private static ref Field<TValue> Entry<TValue>(ref (string Id, Field<TValue> Field)[] entries, ref int count, string id)
    {
        for (var i = 0; i < count; i++)
            if (string.Equals(entries[i].Id, id, StringComparison.Ordinal)) return ref entries[i].Field;
        if (count == entries.Length) Array.Resize(ref entries, Math.Max(4, count * 2));
        entries[count] = (id, default);
        return ref entries[count++].Field;
    }

    /// <summary>The person, once every row is read. Orders the draft's own lists in place: a draft is built once.</summary>
    public Person Build(SharedParts shared) => new()
    {
        Id = Id,
        Name = Name.HasValue ? Name.Value.Trim() : null,
        EmploymentType = EmploymentType.HasValue ? EmploymentType.Value : Engine.Rosters.EmploymentType.Employee,
        // Read trimmed and shared as they were set (RosterImporter).
        Vendor = Vendor.HasValue ? Vendor.Value : null,
        ContractEnd = ContractEnd.HasValue ? ContractEnd.Value : null,
        Site = Site.HasValue ? Site.Value : null,
        YearsExperience = YearsExperience.HasValue ? YearsExperience.Value : null,
        Certifications = shared.Certifications(ById(_certifications, _certificationCount)),
        Competencies = shared.Competencies(ById(_competencies, _competencyCount)),
        LastTraining = LastTraining.HasValue ? LastTraining.Value : null,
        LastExercise = LastExercise.HasValue ? LastExercise.Value : null,
        Departure = Departure.HasValue ? Departure.Value : null,
        Rows = _moreRows is null ? [FirstRow] : [FirstRow, .. _moreRows],
    };

    /// <summary>The entries ordered by id (ordinal), as the roster gives them, sorted in place.</summary>
    private static ReadOnlySpan<(string Id, Field<TValue> Field)> ById<TValue>((string Id, Field<TValue> Field)[] entries, int count)
    {
        var held = entries.AsSpan(0, count);
        // Ids are unique, so sorting by id alone gives one order.
        if (count > 1) held.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return held;
    }
}

/// <summary>
/// Parts of people that many people have in common, shared rather than repeated: a large roster names a few
/// sites and vendors and a few thousand distinct sets of competency levels and certifications for tens of
/// thousands of people. Immutable values, so sharing them cannot be observed; it only saves the memory
/// (and the garbage collector's work) of one copy per person. One instance serves one import.
/// </summary>
/// <remarks>
/// A set is looked up by the draft's own entries, so a set already seen costs nothing more; only a new set is
/// copied, as the key it is remembered by.
/// </remarks>
internal sealed class SharedParts
{
    /// <summary>Distinct values remembered per kind; past it values are simply not shared (hostile input stays bounded).</summary>
    private const int MaxShared = 65_536;

    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Id, int Level)[], ImmutableDictionary<string, int>> _competencies = new(SameLevels.Instance);
    private readonly Dictionary<HeldCertification[], ImmutableArray<HeldCertification>> _certifications = new(SameCertifications.Instance);

    public string Text(string text)
    {
        if (_texts.TryGetValue(text, out var shared)) return shared;
        if (_texts.Count < MaxShared) _texts[text] = text;
        return text;
    }

    /// <param name="levels">Levels ordered by competency id.</param>
    public ImmutableDictionary<string, int> Competencies(ReadOnlySpan<(string Id, Field<int> Field)> levels)
    {
        if (_competencies.GetAlternateLookup<ReadOnlySpan<(string Id, Field<int> Field)>>().TryGetValue(levels, out var shared)) return shared;
        var key = SameLevels.Instance.Create(levels);
        var builder = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        foreach (var (id, level) in key) builder.Add(id, level);
        shared = builder.ToImmutable();
        if (_competencies.Count < MaxShared) _competencies[key] = shared;
        return shared;
    }

    /// <param name="held">Certifications ordered by id.</param>
    public ImmutableArray<HeldCertification> Certifications(ReadOnlySpan<(string Id, Field<DateOnly?> Field)> held)
    {
        if (held.IsEmpty) return [];
        if (_certifications.GetAlternateLookup<ReadOnlySpan<(string Id, Field<DateOnly?> Field)>>().TryGetValue(held, out var shared)) return shared;
        var key = SameCertifications.Instance.Create(held);
        shared = ImmutableCollectionsMarshal.AsImmutableArray(key);
        if (_certifications.Count < MaxShared) _certifications[key] = shared;
        return shared;
    }

    // Arrays equal item by item (ordinal strings, records by value), and a draft's entries equal to the array they
    // would make. Each item's id is hashed by reference: the ids here are the catalog's own strings, one instance per
    // id, so equal sets hash alike without hashing their text for every person. (Equal text in another instance would
    // only miss the sharing, never share wrongly.)

    private sealed class SameLevels : IEqualityComparer<(string Id, int Level)[]>,
        IAlternateEqualityComparer<ReadOnlySpan<(string Id, Field<int> Field)>, (string Id, int Level)[]>
    {
        public static readonly SameLevels Instance = new();

        public bool Equals((string Id, int Level)[]? x, (string Id, int Level)[]? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

        public int GetHashCode((string Id, int Level)[] levels)
        {
            var hash = new HashCode();
            foreach (var (id, level) in levels)
            {
                hash.Add(RuntimeHelpers.GetHashCode(id));
                hash.Add(level);
            }
            return hash.ToHashCode();
        }

        public bool Equals(ReadOnlySpan<(string Id, Field<int> Field)> entries, (string Id, int Level)[] levels)
        {
            if (entries.Length != levels.Length) return false;
            for (var i = 0; i < levels.Length; i++)
                if (!string.Equals(entries[i].Id, levels[i].Id, StringComparison.Ordinal) || entries[i].Field.Value != levels[i].Level) return false;
            return true;
        }

        public int GetHashCode(ReadOnlySpan<(string Id, Field<int> Field)> entries)
        {
            var hash = new HashCode();
            foreach (var (id, level) in entries)
            {
                hash.Add(RuntimeHelpers.GetHashCode(id));
                hash.Add(level.Value);
            }
            return hash.ToHashCode();
        }

        public (string Id, int Level)[] Create(ReadOnlySpan<(string Id, Field<int> Field)> entries)
        {
            var levels = new (string Id, int Level)[entries.Length];
            for (var i = 0; i < levels.Length; i++) levels[i] = (entries[i].Id, entries[i].Field.Value);
            return levels;
        }
    }

    private sealed class SameCertifications : IEqualityComparer<HeldCertification[]>,
        IAlternateEqualityComparer<ReadOnlySpan<(string Id, Field<DateOnly?> Field)>, HeldCertification[]>
    {
        public static readonly SameCertifications Instance = new();

        public bool Equals(HeldCertification[]? x, HeldCertification[]? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

        public int GetHashCode(HeldCertification[] held)
        {
            var hash = new HashCode();
            foreach (var certification in held)
            {
                hash.Add(RuntimeHelpers.GetHashCode(certification.CertificationId));
                hash.Add(certification.Expires);
            }
            return hash.ToHashCode();
        }

        public bool Equals(ReadOnlySpan<(string Id, Field<DateOnly?> Field)> entries, HeldCertification[] held)
        {
            if (entries.Length != held.Length) return false;
            for (var i = 0; i < held.Length; i++)
                if (!string.Equals(entries[i].Id, held[i].CertificationId, StringComparison.Ordinal) || entries[i].Field.Value != held[i].Expires) return false;
            return true;
        }

        public int GetHashCode(ReadOnlySpan<(string Id, Field<DateOnly?> Field)> entries)
        {
            var hash = new HashCode();
            foreach (var (id, expires) in entries)
            {
                hash.Add(RuntimeHelpers.GetHashCode(id));
                hash.Add(expires.Value);
            }
            return hash.ToHashCode();
        }

        public HeldCertification[] Create(ReadOnlySpan<(string Id, Field<DateOnly?> Field)> entries)
        {
            var held = new HeldCertification[entries.Length];
            for (var i = 0; i < held.Length; i++) held[i] = new HeldCertification(entries[i].Id, entries[i].Field.Value);
            return held;
        }
    }
}

/// <summary>
/// Collects warnings, keeping at most a limit in detail so a hostile file cannot exhaust memory; the rest
/// are counted per code in one summary warning each.
/// </summary>
internal sealed class WarningLog(string sheet, int limit)
{
    private readonly List<RosterWarning> _warnings = [];
    private readonly SortedDictionary<string, int> _overflow = new(StringComparer.Ordinal);

    /// <param name="personId">The person the warning is about, when it is about one (see <see cref="RosterWarning.PersonId"/>).</param>
    public void Add(int? row, string? column, string? value, string code, string message, string hint, string? personId = null)
    {
        if (_warnings.Count < limit) _warnings.Add(new RosterWarning(sheet, row, column, value, code, message, hint) { PersonId = personId });
        else _overflow[code] = _overflow.GetValueOrDefault(code) + 1;
    }

    public IEnumerable<RosterWarning> Build() => _warnings.Concat(_overflow.Select(o => new RosterWarning(sheet, null, null, null, RosterWarning.TooMany,
        $"{o.Value:N0} more {o.Key} warnings were not listed (only the first {limit:N0} warnings are kept)", "Fix the first ones and assess again")));
}
