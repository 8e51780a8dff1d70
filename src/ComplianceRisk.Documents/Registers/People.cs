using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using ComplianceRisk.Documents.Rosters;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Documents.Registers;

/// <summary>
/// How people are shown in a register: "Maria Delgado (E1001)", or, pseudonymized, "Person 7F3A" — an
/// HMAC-SHA256 of the person id keyed by the organization (or a secret key), so the same person gets the same
/// pseudonym in every register of that organization. <see cref="Scrub"/> rewrites free text the engine wrote
/// ("Cross-train Maria Delgado (E1001) as …") the same way: names wherever they are, ids exactly where the assessment
/// says the engine wrote a person (<see cref="TextMentions"/>), so a number that equals an employee id stays a number.
/// </summary>
internal sealed class People
{
    private readonly bool _pseudonymize;
    private readonly bool _keepIds;
    private readonly Dictionary<string, string?> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _pseudonyms = new(StringComparer.Ordinal);
    // Names, with their "Name (id)" forms, and (unless ids are kept) ids: for text that lists no mentions (a treatment's
    // note, a roster warning, every text of an assessment saved before mentions were listed).
    private readonly Terms? _namesAndIds;
    // Names only: an engine text's ids are replaced where its mentions say.
    private readonly Terms? _nameForms;
    // Whether the assessment lists where its texts mention people (every role, obligation and risk has mentions).
    private readonly bool _mentionsListed;

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
        _mentionsListed = assessment.Roles.All(r => r.Mentions is not null) && assessment.Obligations.All(o => o.Mentions is not null)
            && assessment.Risks.All(r => r.Mentions is not null);
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

        var namesAndIds = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var nameForms = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, name) in _names)
        {
            var shown = Display(id);
            foreach (var form in NameForms(name))
            {
                namesAndIds.TryAdd($"{form} ({id})", shown);
                namesAndIds.TryAdd(form, _pseudonyms[id]);
                nameForms.TryAdd(form, _pseudonyms[id]);
            }
            if (!_keepIds) namesAndIds.TryAdd(id, _pseudonyms[id]);
        }
        _namesAndIds = Terms.Of(namesAndIds);
        _nameForms = Terms.Of(nameForms);
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

    /// <summary>Appends <see cref="Text"/> of the start of an engine text (up to <paramref name="length"/>), whose mentions are given.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AppendText(StringBuilder to, string text, int length, IReadOnlyList<(int At, string PersonId)>? mentions)
    {
        if (_namesAndIds is null) to.Append(text, 0, length);
        else to.Append(Scrub(text[..length], mentions is null ? null : [.. mentions.Where(m => m.At + m.PersonId.Length <= length)]));
    }

    /// <summary>A person's name column: the pseudonym, or the name as read.</summary>
    public string Name(string id, string? name = null) =>
        _pseudonymize ? _pseudonyms.GetValueOrDefault(id) ?? "Person ?" : name ?? _names.GetValueOrDefault(id) ?? "";

    /// <summary>An id column: the id, or nothing when pseudonymized without ids.</summary>
    public string? Id(string id) => _pseudonymize && !_keepIds ? null : id;

    /// <summary>
    /// A text the engine wrote that names no person by id (a title, an owner, a holder's shortfall): every known name
    /// replaced by its pseudonym. In an assessment saved before mentions were listed, ids too (unless kept), wherever
    /// they stand as a whole word.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string? Scrub(string? text) => Scrub(text, _mentionsListed ? [] : null);

    /// <summary>
    /// A text the engine wrote, with its <paramref name="mentions"/> (<see cref="TextMentions"/>): each mentioned id
    /// replaced by the person's pseudonym (kept with <c>--keep-ids</c>; "Maria Delgado (E1001)" becomes the person as
    /// <see cref="Display"/> shows them), every known name by its pseudonym, and nothing else. Without mentions (an
    /// assessment saved before they were listed) as <see cref="ScrubWritten"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string? Scrub(string? text, IReadOnlyList<(int At, string PersonId)>? mentions)
    {
        if (text is null || _namesAndIds is null) return text;
        if (mentions is null) return _namesAndIds.Replace(text);
        if (mentions.Count == 0) return _nameForms?.Replace(text) ?? text;
        var scrubbed = new StringBuilder(text.Length);
        var copied = 0;
        foreach (var (at, id) in mentions)
        {
            if (at < copied || at + id.Length > text.Length) continue;
            var (start, end) = (at, at + id.Length);
            var shown = _keepIds ? id : _pseudonyms.GetValueOrDefault(id) ?? "Person ?";
            // "Maria Delgado (E1001)": the person once, as Display shows them.
            if (end < text.Length && text[end] == ')')
                foreach (var form in NameForms(_names.GetValueOrDefault(id)))
                    if (at - copied >= form.Length + 2 && text.AsSpan(copied, at - copied).EndsWith($"{form} (", StringComparison.OrdinalIgnoreCase))
                    {
                        (start, end, shown) = (at - form.Length - 2, end + 1, Display(id));
                        break;
                    }
            AppendNames(scrubbed, text.AsSpan(copied, start - copied)).Append(shown);
            copied = end;
        }
        return AppendNames(scrubbed, text.AsSpan(copied)).ToString();
    }

    /// <summary>
    /// Text a person wrote (a treatment's note or approver) or the roster import quoted (a warning): every known name
    /// and (unless ids are kept) every known id that stands as a whole word replaced by the pseudonym; nobody says
    /// where such a text mentions a person.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string? ScrubWritten(string? text) => text is null || _namesAndIds is null ? text : _namesAndIds.Replace(text);

    /// <summary>A roster warning's message: its person's id where it names them (<see cref="TextMentions.InWarning"/>), names wherever they stand.</summary>
    /// <remarks>The message may have its quoted names withheld: the person is named before any quote, where the warning's message names them.</remarks>
    public string WarningMessage(RosterWarning warning, string message)
    {
        if (!_mentionsListed) return ScrubWritten(message)!;
        var about = warning.PersonId is null && SavedWithoutPersonId(warning) is { } id ? warning with { PersonId = id } : warning;
        return Scrub(message, [.. TextMentions.InWarning(about).Where(m => message.AsSpan(m.At).StartsWith(m.PersonId, StringComparison.Ordinal))])!;
    }

    /// <summary>A roster warning's value: a cell of the employee id column is its person's id; any other cell is the roster's text.</summary>
    public string? WarningValue(RosterWarning warning, string? value)
    {
        if (!_mentionsListed) return ScrubWritten(value);
        var isId = value is { Length: > 0 } && value == warning.PersonId && warning.Column is { } column && RosterColumns.Find(column) == RosterColumns.EmployeeId;
        return Scrub(value, isId ? [(0, value!)] : []);
    }

    private StringBuilder AppendNames(StringBuilder to, ReadOnlySpan<char> text) =>
        _nameForms is null ? to.Append(text) : _nameForms.Append(to, text);

    /// <summary>Terms (names, ids) and what replaces each, found as whole words in one search over a text.</summary>
    private sealed class Terms
    {
        private readonly Dictionary<string, string> _replacements;
        // Where a term may start (one search over the text for all of them at once), and the lengths they have, longest
        // first: a regular expression with an alternative per name took time in proportion to the people times the text.
        private readonly SearchValues<string> _starts;
        private readonly int[] _lengths;

        private Terms(Dictionary<string, string> replacements)
        {
            _replacements = replacements;
            _starts = SearchValues.Create([.. replacements.Keys], StringComparison.OrdinalIgnoreCase);
            _lengths = [.. replacements.Keys.Select(t => t.Length).Distinct().OrderDescending()];
        }

        public static Terms? Of(Dictionary<string, string> replacements) => replacements.Count == 0 ? null : new(replacements);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public string Replace(string text)
        {
            var scrubbed = Scrub(text, null);
            return scrubbed is null ? text : scrubbed.ToString();
        }

        public StringBuilder Append(StringBuilder to, ReadOnlySpan<char> text) => Scrub(text, to) ?? to.Append(text);

        /// <summary>The text with its terms replaced, appended to <paramref name="to"/> (made when null); null when it has none and nothing was appended.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private StringBuilder? Scrub(ReadOnlySpan<char> span, StringBuilder? to)
        {
            var lookup = _replacements.GetAlternateLookup<ReadOnlySpan<char>>();
            var replaced = false;
            int copied = 0, from = 0;
            while (from < span.Length && span[from..].IndexOfAny(_starts) is >= 0 and var found)
            {
                var start = from + found;
                from = start + 1;
                // A name or id counts only as a whole word: not inside a longer word or number, on either side.
                if (start > 0 && IsWordCharacter(span[start - 1])) continue;
                foreach (var length in _lengths)
                {
                    var end = start + length;
                    if (end > span.Length || (end < span.Length && IsWordCharacter(span[end])) || !lookup.TryGetValue(span[start..end], out var replacement)) continue;
                    (to ??= new StringBuilder(span.Length)).Append(span[copied..start]).Append(replacement);
                    replaced = true;
                    from = copied = end;
                    break;
                }
            }
            return replaced ? to!.Append(span[copied..]) : null;
        }
    }

    /// <summary>A letter or a number of any script (\p{L} or \p{N}), which a name or id must not run on into.</summary>
    private static bool IsWordCharacter(char c) => char.GetUnicodeCategory(c) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
        or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
        or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Text(string text) => Scrub(text)!;

    /// <summary><see cref="Scrub(string?, IReadOnlyList{ValueTuple{int, string}}?)"/> of a text that is there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Text(string text, IReadOnlyList<(int At, string PersonId)>? mentions) => Scrub(text, mentions)!;

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
