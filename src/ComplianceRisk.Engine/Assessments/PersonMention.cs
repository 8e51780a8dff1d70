using System.Collections.Immutable;
using System.Text;
using ComplianceRisk.Engine.Risks;

namespace ComplianceRisk.Engine.Assessments;

/// <summary>
/// Where a text the engine wrote names a person by their id: the text, as a path below the object that lists the
/// mention ("description", "factors/0", "actions/1", "actions/1/people/0" for a named person's reason, "residual",
/// "flags/3", "findings/0", "lossEvents/2"), the offset of the id in it (UTF-16 code units) and the person. A
/// pseudonymized register replaces a person's id exactly there, and nowhere else: a number that happens to equal
/// an employee id ("1 holder(s)", "within 12 months") is left as written.
/// </summary>
public sealed record PersonMention(string In, int At, string PersonId);

/// <summary>
/// How the engine keeps track of the people it writes into its texts. While an assessment is made, each person id
/// written into a text is marked (<see cref="Of"/>; but the id a flag about a person starts with, which the contract of
/// <see cref="TextMentions"/> gives), so the mark travels with the id through every text composed from another (a
/// finding into its factor, an action's text into the residual); <see cref="Unmark"/> then takes the marks out of the
/// finished assessment and lists where each id stands.
/// </summary>
internal static class PersonMentions
{
    // Unicode noncharacters, which are reserved for a program's internal use: no text the engine writes has them.
    private const char Open = '\uFDD0', Close = '\uFDD1';

    /// <summary>
    /// The person's id as written into a text, marked as a mention of them. Not for the id a flag about the person
    /// starts with, which says who it is by its personId (docs/flags.md): unmarked, the messages of a large department's
    /// flags, and the factors and descriptions made of them, are not copied once more to take the marks out.
    /// </summary>
    public static string Of(string personId) =>
        personId.AsSpan().IndexOfAny(Open, Close) >= 0 ? personId : string.Concat(Open.ToString(), personId, Close.ToString());

    /// <summary>Whether the text starts with a mention: a sentence made of it does not capitalize the id, which is written as the roster has it.</summary>
    public static bool StartsWithMention(string text) => text.Length > 0 && text[0] == Open;

    /// <summary>The texts of the assessment without marks, each object with the mentions of its texts.</summary>
    public static (ImmutableArray<RoleResult> Roles, ImmutableArray<ObligationResult> Obligations, ImmutableArray<Risk> Risks) Unmark(
        ImmutableArray<RoleResult> roles, ImmutableArray<ObligationResult> obligations, ImmutableArray<Risk> risks)
    {
        var found = new List<(int At, string PersonId)>();
        var mentions = new List<PersonMention>();
        string Text(string text, string? @in, Func<string>? path = null)
        {
            found.Clear();
            var clean = Unmark(text, found);
            foreach (var (at, id) in found) mentions.Add(new PersonMention(@in ?? path!(), at, id));
            return clean;
        }

        var unmarkedRoles = roles.Select(role =>
        {
            mentions.Clear();
            var flags = role.Flags.Select((flag, i) =>
            {
                found.Clear();
                var message = Unmark(flag.Message, found);
                foreach (var (at, id) in found) mentions.Add(new PersonMention($"flags/{i}", at, id));
                return ReferenceEquals(message, flag.Message) ? flag : flag with { Message = message };
            }).ToImmutableArray();
            return role with { Flags = flags, Mentions = [.. mentions] };
        }).ToImmutableArray();

        var unmarkedObligations = obligations.Select(obligation =>
        {
            mentions.Clear();
            var findings = obligation.Findings.Select((f, i) => Text(f, null, () => $"findings/{i}")).ToImmutableArray();
            var events = obligation.LossEvents.Select((e, i) => Text(e.Reason, null, () => $"lossEvents/{i}") is var reason && ReferenceEquals(reason, e.Reason)
                ? e : e with { Reason = reason }).ToImmutableArray();
            return obligation with { Findings = findings, LossEvents = events, Mentions = [.. mentions] };
        }).ToImmutableArray();

        var byRole = unmarkedRoles.ToDictionary(r => r.RoleId, StringComparer.Ordinal);
        var unmarkedRisks = risks.Select(risk =>
        {
            mentions.Clear();
            var title = Text(risk.Title, "title");
            var description = Text(risk.Description, "description");
            var factors = risk.Factors.Select((f, i) => Text(f.Description, null, () => $"factors/{i}") is var text && ReferenceEquals(text, f.Description)
                ? f : f with { Description = text }).ToImmutableArray();
            var actions = risk.Actions.Select((a, i) =>
            {
                var text = Text(a.Description, null, () => $"actions/{i}");
                var people = a.People.Select((p, j) => Text(p.Reason, null, () => $"actions/{i}/people/{j}") is var reason && ReferenceEquals(reason, p.Reason)
                    ? p : p with { Reason = reason }).ToImmutableArray();
                return a with { Description = text, People = people };
            }).ToImmutableArray();
            var assumes = Text(risk.Residual.Assumes, "residual");
            var unmarked = risk with
            {
                Title = title, Description = description, Factors = factors, Actions = actions,
                Residual = risk.Residual with { Assumes = assumes }, Mentions = [.. mentions],
            };
            // What the role's flags already tell (TextMentions.OfRisk) is not listed again: a large department's
            // factors and description quote every holder's flag.
            if (unmarked.RoleId is { } roleId && byRole.TryGetValue(roleId, out var role)
                && mentions.Any(m => m.In == "description" || m.In.StartsWith("factors/", StringComparison.Ordinal)))
            {
                var derived = TextMentions.Derived(unmarked, role, mentions);
                if (derived.Count > 0) unmarked = unmarked with { Mentions = [.. mentions.Where(m => !derived.Contains(m))] };
            }
            return unmarked;
        }).ToImmutableArray();
        return (unmarkedRoles, unmarkedObligations, unmarkedRisks);
    }

    /// <summary>The text without marks (the same string when it has none), adding each mention's offset and person to <paramref name="found"/>.</summary>
    private static string Unmark(string text, List<(int At, string PersonId)> found)
    {
        var open = text.IndexOf(Open);
        if (open < 0) return text;
        var clean = new StringBuilder(text.Length);
        var from = 0;
        while (open >= 0 && text.IndexOf(Close, open + 1) is > 0 and var close)
        {
            clean.Append(text, from, open - from);
            var id = text.Substring(open + 1, close - open - 1);
            found.Add((clean.Length, id));
            clean.Append(id);
            from = close + 1;
            open = text.IndexOf(Open, from);
        }
        return clean.Append(text, from, text.Length - from).ToString();
    }
}

/// <summary>
/// The mentions of one object's texts, text by text: those its <c>mentions</c> list, and those the engine's way of
/// writing them gives without a list (docs/risks.md): a flag about a person starts with their id; a role risk's
/// factor with a flag's code is the messages of the role's flags with that code, in order, joined by "; "; and a role
/// risk's description is "{title} (tier {tier}): " followed by its first three factors, each with its first letter
/// capitalized (not an id's) and its trailing full stops removed, joined by "; ". A text found otherwise than the
/// contract says has its mentions listed.
/// </summary>
public sealed class TextMentions
{
    private static readonly IReadOnlyList<(int At, string PersonId)> None = [];

    private readonly Dictionary<string, List<(int At, string PersonId)>> _texts = new(StringComparer.Ordinal);
    private readonly RoleResult? _role;

    private TextMentions(IEnumerable<PersonMention> listed, RoleResult? role)
    {
        foreach (var m in listed) Add(m.In, m.At, m.PersonId);
        _role = role;
    }

    private void Add(string text, int at, string personId)
    {
        if (!_texts.TryGetValue(text, out var list)) _texts[text] = list = [];
        list.Add((at, personId));
    }

    /// <summary>The mentions in a text of the object ("description", "factors/0"), in order.</summary>
    public IReadOnlyList<(int At, string PersonId)> In(string text) => _texts.GetValueOrDefault(text) ?? None;

    /// <summary>The mentions in flag <paramref name="index"/> of the role.</summary>
    public IReadOnlyList<(int At, string PersonId)> InFlag(int index)
    {
        var flag = _role!.Flags[index];
        var listed = _texts.GetValueOrDefault(FlagPath(index));
        if (flag.PersonId is not { Length: > 0 } id || !flag.Message.StartsWith(id, StringComparison.Ordinal)) return listed ?? None;
        return listed is null ? [(0, id)] : [(0, id), .. listed];
    }

    private static string FlagPath(int index) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"flags/{index}");

    /// <summary>
    /// Where a roster warning's message names its person (docs/roster-format.md): a warning about a person that names
    /// them starts with their id ("E1001: …", "E1001 left on …", "E1001's contract …"), but for MISSING_ROLE, which
    /// names them after its row ("Row 12 (E1001) has no role"). Its other words are the roster's and the rules'.
    /// </summary>
    public static IReadOnlyList<(int At, string PersonId)> InWarning(Rosters.RosterWarning warning)
    {
        if (warning.PersonId is not { Length: > 0 } id) return None;
        var message = warning.Message;
        if (warning.Code == "MISSING_ROLE")
        {
            var named = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Row {warning.Row} ({id}) ");
            return message.StartsWith(named, StringComparison.Ordinal) ? [(named.Length - id.Length - 2, id)] : None;
        }
        if (!message.StartsWith(id, StringComparison.Ordinal)) return None;
        return message.Length == id.Length || message[id.Length] is ':' or ' ' or '\'' ? [(0, id)] : None;
    }

    /// <summary>A role's flags' mentions; null for a role of an assessment saved before mentions were listed.</summary>
    public static TextMentions? OfRole(RoleResult role) => role.Mentions is { } listed ? new(listed, role) : null;

    /// <summary>An obligation's findings' and loss events' mentions; null for an assessment saved before mentions were listed.</summary>
    public static TextMentions? OfObligation(ObligationResult obligation) => obligation.Mentions is { } listed ? new(listed, null) : null;

    /// <summary>A risk's mentions, with those its role's flags give; null for an assessment saved before mentions were listed.</summary>
    public static TextMentions? OfRisk(Risk risk, RoleResult? role)
    {
        if (risk.Mentions is not { } listed) return null;
        var mentions = new TextMentions(listed, null);
        if (role?.Mentions is null) return mentions;
        foreach (var m in Derived(risk, role, listed)) mentions.Add(m.In, m.At, m.PersonId);
        foreach (var list in mentions._texts.Values) list.Sort((a, b) => a.At.CompareTo(b.At));
        return mentions;
    }

    /// <summary>The mentions of a role risk's factors and description that its role's flags give, as the contract above says.</summary>
    /// <param name="listed">The risk's other mentions (a factor's mentions are found in its description too).</param>
    internal static HashSet<PersonMention> Derived(Risk risk, RoleResult role, IReadOnlyCollection<PersonMention> listed)
    {
        var derived = new HashSet<PersonMention>();
        var flags = new TextMentions([], role);
        var factorMentions = new List<(int At, string PersonId)>[risk.Factors.Length];
        for (var f = 0; f < risk.Factors.Length; f++)
        {
            var factor = risk.Factors[f];
            var path = $"factors/{f}";
            factorMentions[f] = [.. listed.Where(m => m.In == path).Select(m => (m.At, m.PersonId))];
            var text = factor.Description;
            var found = new List<(int At, string PersonId)>();
            var at = 0;
            var matches = false;
            for (var i = 0; i < role.Flags.Length; i++)
            {
                var flag = role.Flags[i];
                if (flag.Code.Name() != factor.Code) continue;
                if (at > 0)
                {
                    if (!text.AsSpan(at).StartsWith("; ")) { matches = false; break; }
                    at += 2;
                }
                if (!text.AsSpan(at).StartsWith(flag.Message, StringComparison.Ordinal)) { matches = false; break; }
                foreach (var (m, id) in flags.InFlag(i)) found.Add((at + m, id));
                at += flag.Message.Length;
                matches = true;
            }
            if (!matches || at != text.Length) continue;
            foreach (var (m, id) in found)
                if (derived.Add(new PersonMention(path, m, id))) factorMentions[f].Add((m, id));
        }

        // The description: the lead, then the first three factors as sentences.
        var description = risk.Description;
        var lead = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{role.Title} (tier {role.Tier}): ");
        if (!description.StartsWith(lead, StringComparison.Ordinal)) return derived;
        var start = lead.Length;
        var inDescription = new List<PersonMention>();
        for (var f = 0; f < Math.Min(3, risk.Factors.Length); f++)
        {
            if (f > 0)
            {
                if (!description.AsSpan(start).StartsWith("; ")) return derived;
                start += 2;
            }
            var text = risk.Factors[f].Description;
            if (text.Length == 0) continue;
            var sentence = text.AsSpan(1).TrimEnd('.');
            var mentions = factorMentions[f];
            var first = mentions.Any(m => m.At == 0) ? text[0] : char.ToUpperInvariant(text[0]);
            if (start + 1 + sentence.Length > description.Length || description[start] != first
                || !description.AsSpan(start + 1, sentence.Length).SequenceEqual(sentence)) return derived;
            foreach (var (m, id) in mentions)
                if (m + id.Length <= 1 + sentence.Length) inDescription.Add(new PersonMention("description", start + m, id));
            start += 1 + sentence.Length;
        }
        if (!description.AsSpan(start).StartsWith(".")) return derived;
        derived.UnionWith(inDescription);
        return derived;
    }
}
