using ComplianceRisk.Engine.Catalogs;

namespace ComplianceRisk.Documents.Rosters;

/// <summary>
/// Matches what people type (role titles, certification and competency names) to catalog ids. An exact
/// match (ignoring case, spacing and punctuation) resolves; a near match is only ever a suggestion.
/// </summary>
internal sealed class NameMatcher
{
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _display = new(StringComparer.Ordinal);

    private static readonly string[] Seniority = ["senior", "sr", "junior", "jr", "lead", "principal", "staff", "chief", "head", "associate", "assistant", "i", "ii", "iii", "iv", "1", "2", "3"];

    /// <summary>Adds a name for an id; the first id given a name keeps it.</summary>
    public NameMatcher Add(string name, string id, string? display = null)
    {
        var key = NameKey.Of(name);
        if (key.Length > 0 && _ids.TryAdd(key, id)) _display[key] = display ?? name;
        return this;
    }

    // Rosters repeat the same few titles and skill names on every row: remember each spelling's answer.
    // A spelling can be looked up as a slice of a cell ("fhir" in "fhir=3; hl7v2=2") without cutting it out.
    private readonly Dictionary<string, string?> _seen = new(StringComparer.Ordinal);
    private const int MaxRemembered = 50_000;

    public string? Resolve(string text)
    {
        if (_seen.TryGetValue(text, out var id)) return id;
        id = _ids.GetValueOrDefault(NameKey.Of(text));
        if (_seen.Count < MaxRemembered) _seen[text] = id;
        return id;
    }

    /// <summary><see cref="Resolve(string)"/> for a slice of a cell; allocates only for a spelling not seen before.</summary>
    public string? Resolve(ReadOnlySpan<char> text) =>
        _seen.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out var id) ? id : Resolve(text.ToString());

    /// <summary>The closest known name, when it is close enough to be worth suggesting.</summary>
    public (string Id, string Name)? Suggest(string text)
    {
        var key = NameKey.Of(text);
        if (key.Length == 0) return null;
        var stripped = NameKey.Of(string.Join(' ', text.Split([' ', '.', ',', '-', '/', '(', ')'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !Seniority.Contains(w.ToLowerInvariant()))));
        if (stripped.Length > 0 && _ids.TryGetValue(stripped, out var sid)) return (sid, _display[stripped]);
        (string Key, int Distance)? best = null;
        foreach (var candidate in _ids.Keys)
        {
            var distance = Distance(key, candidate, best?.Distance ?? int.MaxValue);
            if (best is null || distance < best.Value.Distance || (distance == best.Value.Distance && string.CompareOrdinal(candidate, best.Value.Key) < 0))
                best = (candidate, distance);
        }
        if (best is not { } b) return null;
        var allowed = Math.Max(1, Math.Min(key.Length, b.Key.Length) / 5);
        return b.Distance <= allowed ? (_ids[b.Key], _display[b.Key]) : null;
    }

    /// <summary>Levenshtein distance, giving up once it exceeds <paramref name="limit"/>.</summary>
    private static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit) return int.MaxValue;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                rowMin = Math.Min(rowMin, current[j]);
            }
            if (rowMin > limit) return int.MaxValue;
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
