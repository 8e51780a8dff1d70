using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using ComplianceRisk.Engine.Assessments;

namespace ComplianceRisk.Documents.Registers;

/// <summary>
/// How people are shown in a register: "Maria Delgado (E1001)", or, pseudonymized, "Person 7F3A" — an
/// HMAC-SHA256 of the person id keyed by the organization (or a secret key), so the same person gets the same
/// pseudonym in every register of that organization. <see cref="Scrub"/> rewrites free text the engine wrote
/// ("Cross-train Maria Delgado (E1001) as …") the same way.
/// </summary>
internal sealed class People
{
    private readonly bool _pseudonymize;
    private readonly bool _keepIds;
    private readonly Dictionary<string, string?> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _pseudonyms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _replacements = new(StringComparer.OrdinalIgnoreCase);
    // Where a name or id may start (one search over the text for all of them at once), and the lengths they have, longest
    // first: a regular expression with an alternative per name took time in proportion to the people times the text.
    private readonly SearchValues<string>? _terms;
    private readonly int[] _termLengths = [];

    public bool Pseudonymized => _pseudonymize;

    // Compiled optimized at once: it visits every person every risk names, once per register (100k risks, a few
    // hundred thousand names), and would otherwise run unoptimized for all of it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public People(Assessment assessment, RegisterOptions options)
    {
        _pseudonymize = options.Pseudonymize;
        _keepIds = options.KeepIds;
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void Add(string id, string? name)
        {
            if (string.IsNullOrEmpty(id)) return;
            if (!_names.TryGetValue(id, out var known) || known is null) _names[id] = string.IsNullOrWhiteSpace(name) ? null : name;
        }
        foreach (var person in options.Roster?.People ?? []) Add(person.Id, person.Name);
        foreach (var role in assessment.Roles)
        {
            foreach (var holder in role.Holders) Add(holder.PersonId, holder.Name);
            foreach (var flag in role.Flags) if (flag.PersonId is { } id) Add(id, null);
        }
        foreach (var risk in assessment.Risks)
        {
            foreach (var action in risk.Actions)
            {
                foreach (var person in action.People) Add(person.PersonId, person.Name);
                foreach (var cert in action.Certifications) if (cert.PersonId is { } id) Add(id, null);
            }
            foreach (var factor in risk.Factors) foreach (var id in factor.People) Add(id, null);
        }
        foreach (var obligation in assessment.Obligations)
            foreach (var id in obligation.KeyPeople.Concat(obligation.QualifiedPeople).Concat(obligation.LossEvents.SelectMany(e => e.People))) Add(id, null);
        foreach (var id in assessment.Options.Without) Add(id, null);
        // Warnings name people the assessment has nowhere else (a departed person, a person who holds no catalog role):
        // without the roster, only the warning's personId tells that its id is a person's.
        foreach (var warning in assessment.Warnings) if ((warning.PersonId ?? SavedWithoutPersonId(warning)) is { } id) Add(id, null);
        if (!_pseudonymize) return;

        // Per organization either way: with a secret, the organization's key is derived from it, so the same person id
        // in two organizations still gets two pseudonyms.
        var organization = Encoding.UTF8.GetBytes("ComplianceRisk register pseudonym\0" + assessment.Organization.Id);
        var key = options.PseudonymKey is { } secret ? HMACSHA256.HashData(secret, organization) : organization;
        var hashes = _names.Keys.Order(StringComparer.Ordinal).ToDictionary(id => id, id => Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(id))), StringComparer.Ordinal);
        // Four hex digits normally; people whose four digits collide get eight, so pseudonyms stay unique.
        foreach (var group in hashes.GroupBy(h => h.Value[..4]))
            foreach (var (id, hash) in group)
                _pseudonyms[id] = "Person " + (group.Count() == 1 ? hash[..4] : hash[..8]);

        foreach (var (id, name) in _names)
        {
            var shown = Display(id);
            foreach (var form in NameForms(name))
            {
                _replacements.TryAdd($"{form} ({id})", shown);
                _replacements.TryAdd(form, _pseudonyms[id]);
            }
            if (!_keepIds) _replacements.TryAdd(id, _pseudonyms[id]);
        }
        if (_replacements.Count == 0) return;
        _terms = SearchValues.Create([.. _replacements.Keys], StringComparison.OrdinalIgnoreCase);
        _termLengths = [.. _replacements.Keys.Select(t => t.Length).Distinct().OrderDescending()];
    }

    /// <summary>"Delgado, Maria" is also written "Maria Delgado"; both are replaced.</summary>
    private static IEnumerable<string> NameForms(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) yield break;
        name = name.Trim();
        yield return name;
        var comma = name.IndexOf(',');
        if (comma > 0 && comma < name.Length - 1)
        {
            var turned = $"{name[(comma + 1)..].Trim()} {name[..comma].Trim()}";
            if (turned.Length > 1) yield return turned;
        }
    }

    /// <summary>A person as the register shows them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Display(string id, string? name = null)
    {
        if (_pseudonymize)
        {
            var pseudonym = _pseudonyms.GetValueOrDefault(id) ?? "Person ?";
            return _keepIds ? $"{pseudonym} ({id})" : pseudonym;
        }
        name ??= _names.GetValueOrDefault(id);
        return string.IsNullOrWhiteSpace(name) ? id : $"{name} ({id})";
    }

    /// <summary>Appends <see cref="Display"/> of the person without making a string of it when names are shown.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AppendDisplay(StringBuilder to, string id, string? name = null)
    {
        if (_pseudonymize)
        {
            to.Append(Display(id, name));
            return;
        }
        name ??= _names.GetValueOrDefault(id);
        if (string.IsNullOrWhiteSpace(name)) to.Append(id);
        else to.Append(name).Append(" (").Append(id).Append(')');
    }

    /// <summary>Appends <see cref="Text"/> of a piece of text; without pseudonyms there is nothing to replace and no string to make.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AppendText(StringBuilder to, ReadOnlySpan<char> text)
    {
        if (_terms is null) to.Append(text);
        else to.Append(Scrub(text.ToString()));
    }

    /// <summary>A person's name column: the pseudonym, or the name as read.</summary>
    public string Name(string id, string? name = null) =>
        _pseudonymize ? _pseudonyms.GetValueOrDefault(id) ?? "Person ?" : name ?? _names.GetValueOrDefault(id) ?? "";

    /// <summary>An id column: the id, or nothing when pseudonymized without ids.</summary>
    public string? Id(string id) => _pseudonymize && !_keepIds ? null : id;

    /// <summary>Free text with every known name (and, unless ids are kept, id) replaced by its pseudonym.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string? Scrub(string? text)
    {
        if (text is null || _terms is null) return text;
        var lookup = _replacements.GetAlternateLookup<ReadOnlySpan<char>>();
        var span = text.AsSpan();
        StringBuilder? scrubbed = null;
        int copied = 0, from = 0;
        while (from < span.Length && span[from..].IndexOfAny(_terms) is >= 0 and var found)
        {
            var start = from + found;
            from = start + 1;
            // A name or id counts only as a whole word: not inside a longer word or number, on either side.
            if (start > 0 && IsWordCharacter(span[start - 1])) continue;
            foreach (var length in _termLengths)
            {
                var end = start + length;
                if (end > span.Length || (end < span.Length && IsWordCharacter(span[end])) || !lookup.TryGetValue(span[start..end], out var replacement)) continue;
                (scrubbed ??= new StringBuilder(text.Length)).Append(span[copied..start]).Append(replacement);
                from = copied = end;
                break;
            }
        }
        return scrubbed is null ? text : scrubbed.Append(span[copied..]).ToString();
    }

    /// <summary>A letter or a number of any script (\p{L} or \p{N}), which a name or id must not run on into.</summary>
    private static bool IsWordCharacter(char c) => char.GetUnicodeCategory(c) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
        or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
        or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Text(string text) => Scrub(text)!;

    /// <summary>Every name known for the assessment, as read.</summary>
    public IEnumerable<string> KnownNames => _names.Values.OfType<string>();

    /// <summary>
    /// The person of a DEPARTED or CONTRACT_ENDED warning in an assessment saved before warnings named their person
    /// (stored assessments the Board's register is still made from): the engine starts both messages with the id.
    /// </summary>
    private static string? SavedWithoutPersonId(Engine.Rosters.RosterWarning warning)
    {
        var marker = warning.Code switch
        {
            "DEPARTED" => " left on ",
            "CONTRACT_ENDED" => "'s contract ended on ",
            _ => null,
        };
        var end = marker is null ? -1 : warning.Message.IndexOf(marker, StringComparison.Ordinal);
        return end > 0 ? warning.Message[..end] : null;
    }
}
