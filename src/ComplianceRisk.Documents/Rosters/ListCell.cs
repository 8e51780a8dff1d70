namespace ComplianceRisk.Documents.Rosters;

/// <summary>
/// How a list cell (certifications, competencies) is cut into entries. People separate entries with ; , | or line
/// breaks, but the same characters turn up inside an entry: an expiry in parentheses ("CISSP (Jan 31, 2027)"), a
/// date written with its month's name ("CISSP:January 31, 2027") and a catalog name of its own ("Backup, restore and
/// disaster recovery=3"). The first two are kept whole here; the last is known only to the reader, which joins an entry
/// that reads as nothing with the entries after it (<see cref="Joined"/>).
/// </summary>
internal static class ListCell
{
    private static readonly char[] Separators = [';', ',', '|', '\n', '\r'];

    /// <summary>How many entries a cell holds at most: its separators and one (an empty entry counts too).</summary>
    public static int MostEntries(string text) => text.AsSpan().CountAny(Separators) + 1;

    /// <summary>The cell's entries, untrimmed and empty ones included, into <paramref name="entries"/> (cleared first).</summary>
    public static void Split(string text, List<Range> entries)
    {
        entries.Clear();
        // Most cells hold no parenthesis and no comma before a year: cut where the separators are.
        if (text.AsSpan().IndexOfAny('(', ',') < 0)
        {
            foreach (var range in text.AsSpan().SplitAny(Separators)) entries.Add(range);
            return;
        }
        if (!SplitOutsideParentheses(text, entries))
        {
            // A parenthesis left open would make the rest of the cell one entry: read it as if it had none.
            entries.Clear();
            var start = 0;
            for (var i = 0; i < text.Length; i++)
                if (IsSeparator(text, i)) { entries.Add(start..i); start = i + 1; }
            entries.Add(start..text.Length);
        }
    }

    /// <summary>Entries <paramref name="first"/> to <paramref name="last"/> as the one text they were cut from, trimmed.</summary>
    public static ReadOnlySpan<char> Joined(string text, List<Range> entries, int first, int last) =>
        text.AsSpan(entries[first].Start.Value, entries[last].End.Value - entries[first].Start.Value).Trim();

    private static bool SplitOutsideParentheses(string text, List<Range> entries)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '(') depth++;
            else if (c == ')') { if (depth > 0) depth--; }
            else if (depth == 0 && IsSeparator(text, i)) { entries.Add(start..i); start = i + 1; }
        }
        entries.Add(start..text.Length);
        return depth == 0;
    }

    /// <summary>A separator, unless it is the comma of a date such as "January 31, 2027": a day's digit before it, a year after it.</summary>
    private static bool IsSeparator(string text, int at)
    {
        if (Array.IndexOf(Separators, text[at]) < 0) return false;
        if (text[at] != ',') return true;
        var before = text.AsSpan(0, at).TrimEnd(' ');
        if (before.IsEmpty || !char.IsAsciiDigit(before[^1])) return true;
        var after = text.AsSpan(at + 1).TrimStart(' ');
        if (after.Length < 4 || !char.IsAsciiDigit(after[0]) || !char.IsAsciiDigit(after[1]) || !char.IsAsciiDigit(after[2]) || !char.IsAsciiDigit(after[3])) return true;
        var rest = after[4..].TrimStart(' ');
        return !(rest.IsEmpty || Array.IndexOf(Separators, rest[0]) >= 0 || rest[0] == ')');
    }
}
