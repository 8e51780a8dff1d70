using System.Text;

namespace ComplianceRisk.Engine.Catalogs;

/// <summary>
/// The comparison key for names people type: case, spacing and punctuation do not matter, so
/// "Sec+", "SEC +" and "sec+" match, and "Security-Officer" matches "security officer".
/// '+' and '/' are kept because they distinguish names (CySA+, CIPP/US).
/// </summary>
public static class NameKey
{
    public static string Of(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var ch in name)
        {
            if (char.IsLetterOrDigit(ch)) builder.Append(char.ToLowerInvariant(ch));
            else if (ch is '+' or '/' or '#') builder.Append(ch);
        }
        return builder.ToString();
    }
}
