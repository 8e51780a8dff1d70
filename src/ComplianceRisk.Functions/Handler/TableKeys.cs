using System.Globalization;
using System.Text;

namespace ComplianceRisk.Functions.Handler;

/// <summary>
/// Table keys made from names the app does not choose (a blob's name under <c>rosters/</c>, put there by hand). Azure Table
/// Storage refuses <c>/</c>, <c>\</c>, <c>#</c>, <c>?</c> and control characters in a PartitionKey or RowKey, so a row keyed
/// by such a name could never be inserted: the invocation would fail on every retry and end in the poison queue.
/// </summary>
public static class TableKeys
{
    /// <summary>
    /// The name as a valid key: each refused character, and <c>%</c> itself (so that two names never share a key), written
    /// <c>%XX</c> (its UTF-16 code unit in hex; <c>%uXXXX</c> above 0xFF). A name with none of them is its own key, as every
    /// name SubmitRoster makes is.
    /// </summary>
    public static string Escape(string name)
    {
        if (!name.Any(NeedsEscape)) return name;
        var key = new StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            if (!NeedsEscape(c)) key.Append(c);
            else if (c <= 0xFF) key.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            else key.Append("%u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
        return key.ToString();
    }

    /// <summary>Whether Azure Table Storage takes the text as a PartitionKey or RowKey (at most 1 KiB aside).</summary>
    public static bool IsValid(string key) => !key.Any(Refused);

    private static bool Refused(char c) => c is '/' or '\\' or '#' or '?' || char.IsControl(c);

    private static bool NeedsEscape(char c) => c == '%' || Refused(c);
}
