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

    /// <summary>A field holding a value a row gave (a value of a set shared until then, <see cref="PersonDraft.Competencies"/>).</summary>
    public static Field<T> Given(T value, int row) => new() { Value = value, _row = row };

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
/// Values given per id (a certification's expiry, a competency's level), each merged as a <see cref="Field{T}"/>:
/// a short list searched in order rather than a sorted tree.
/// </summary>
/// <remarks>A mutable struct held in place, as <see cref="Field{T}"/> is: a list costs its array and no object more.</remarks>
internal struct Entries<TValue>
{
    private (string Id, Field<TValue> Field)[]? _items;
    private int _count;

    public readonly bool IsEmpty => _count == 0;

    /// <summary>The field for an id (made on first use), to set in place.</summary>
    /// <remarks>Every entry holds a value: an entry is made only for the value about to be set in it.</remarks>
    public ref Field<TValue> For(string id)
    {
        for (var i = 0; i < _count; i++)
            if (string.Equals(_items![i].Id, id, StringComparison.Ordinal)) return ref _items[i].Field;
        if (_items is null || _count == _items.Length) Array.Resize(ref _items, Math.Max(4, _count * 2));
        _items[_count] = (id, default);
        return ref _items[_count++].Field;
    }

    /// <summary>Room for as many more entries as a row may give, so that most lists are made once, at their size.</summary>
    public void Expect(int more)
    {
        if (_count + more > (_items?.Length ?? 0)) Array.Resize(ref _items, _count + more);
    }

    /// <summary>The entries ordered by id (ordinal), as the roster gives them, sorted in place.</summary>
    public readonly ReadOnlySpan<(string Id, Field<TValue> Field)> ById()
    {
        var held = _items.AsSpan(0, _count);
        // Ids are unique, so sorting by id alone gives one order.
        if (_count > 1) held.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return held;
    }

    /// <summary>Empties the list and keeps its array, for a list read into row after row.</summary>
    public void Clear()
    {
        if (_items is not null) Array.Clear(_items, 0, _count);
        _count = 0;
    }
}

/// <summary>
/// A person being assembled from their roster rows.
/// </summary>
/// <remarks>
/// Every draft lives until the whole roster is read, so it is kept to one object plus small arrays: the
/// fields are structs held in place (public fields, so <c>draft.Name.Set(…)</c> changes the draft, not a copy),
/// most people have one row and one seat (held inline, a list only for the rest), certifications are a short list
/// searched in order rather than a sorted tree, and the competency levels of the first row that gives any are the set
/// many people share (<see cref="SharedParts"/>) until a later row of the person's adds to them.
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

    /// <summary>The expiries of the person's certifications, to read a row's into.</summary>
    public Entries<DateOnly?> Certifications;

    // The levels as the first row that gave any gave them, as the set many people share: most people have no list of
    // their own (an array of every level's entry, per person), only those whose later rows give levels too.
    private ImmutableDictionary<string, int>? _sharedCompetencies;
    private int _sharedCompetenciesRow;
    private Entries<int> _competencies;

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

    /// <summary>Whether no row has given the person a competency level yet.</summary>
    public bool HasNoCompetencies => _sharedCompetencies is null && _competencies.IsEmpty;

    /// <summary>The levels of the first row that gives the person any, as the set many people share.</summary>
    public void ShareCompetencies(ImmutableDictionary<string, int> levels, int row)
    {
        Debug.Assert(HasNoCompetencies, "only the first row that gives levels is shared");
        (_sharedCompetencies, _sharedCompetenciesRow) = (levels, row);
    }

    /// <summary>
    /// The person's own levels, with room for <paramref name="more"/>, to read a later row's into: made from the shared
    /// set at the first call, each level given on the row that gave the set (so that a different value later is a
    /// conflict naming that row).
    /// </summary>
    public ref Entries<int> Competencies(int more)
    {
        if (_sharedCompetencies is { } shared)
        {
            _competencies.Expect(shared.Count + more);
            foreach (var (id, level) in shared) _competencies.For(id) = Field<int>.Given(level, _sharedCompetenciesRow);
            _sharedCompetencies = null;
        }
        _competencies.Expect(more);
        return ref _competencies;
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
        Certifications = shared.Certifications(Certifications.ById()),
        Competencies = _sharedCompetencies ?? shared.Competencies(_competencies.ById()),
        LastTraining = LastTraining.HasValue ? LastTraining.Value : null,
        LastExercise = LastExercise.HasValue ? LastExercise.Value : null,
        Departure = Departure.HasValue ? Departure.Value : null,
        Rows = _moreRows is null ? [FirstRow] : [FirstRow, .. _moreRows],
    };
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
