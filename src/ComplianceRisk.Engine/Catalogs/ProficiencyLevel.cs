namespace ComplianceRisk.Engine.Catalogs;

/// <summary>The 0-4 proficiency scale, aligned with NICE / DoD 8140 Basic-Intermediate-Advanced.</summary>
public static class ProficiencyLevel
{
    public const int None = 0;
    public const int Basic = 1;
    public const int Intermediate = 2;
    public const int Advanced = 3;
    public const int Expert = 4;

    private static readonly string[] Names = ["none", "basic", "intermediate", "advanced", "expert"];

    /// <summary>The scale as people read it, "0 none, 1 basic, …, 4 expert": the words a roster may use for the levels.</summary>
    public static string Scale { get; } = string.Join(", ", Names.Select((name, level) => $"{level} {name}"));

    public static string NameOf(int level) => level is >= None and <= Expert ? Names[level] : level.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads "expert", "Advanced" … as their level; null when the word is not a level name.</summary>
    public static int? FromName(string word)
    {
        var index = Array.FindIndex(Names, n => string.Equals(n, word.Trim(), StringComparison.OrdinalIgnoreCase));
        return index < 0 ? null : index;
    }
}
