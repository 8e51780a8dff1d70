using System.Globalization;

namespace ComplianceRisk.Engine.Risks;

/// <summary>
/// A probability as the assessment's texts, the register and the CLI's table write it. A chance that is neither
/// none nor certain never reads "0%" or "100%" once rounded, as a board reads those as "cannot happen" and "will
/// happen": five qualified holders of one role (7.6e-05) read "&lt;0.1%", not "0%".
/// </summary>
public static class Chance
{
    /// <summary>"12.5%", "3%", "&lt;0.1%", "&gt;99.9%".</summary>
    public static string Percent(double probability) => Rounded(probability, "0.#%");

    /// <summary>"0.125", "0.030", "&lt;0.001", "&gt;0.999": the CLI's table of obligations.</summary>
    public static string Fraction(double probability) => Rounded(probability, "0.000");

    // Both formats show a thousandth at most, so the bounds are 0.001 and 0.999.
    private static string Rounded(double probability, string format)
    {
        var text = probability.ToString(format, CultureInfo.InvariantCulture);
        if (probability > 0 && text == 0d.ToString(format, CultureInfo.InvariantCulture))
            return "<" + 0.001.ToString(format, CultureInfo.InvariantCulture);
        if (probability < 1 && text == 1d.ToString(format, CultureInfo.InvariantCulture))
            return ">" + 0.999.ToString(format, CultureInfo.InvariantCulture);
        return text;
    }
}
