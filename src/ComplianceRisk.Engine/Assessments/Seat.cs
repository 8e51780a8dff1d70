using System.Globalization;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Engine.Assessments;

/// <summary>A person in one of their role assignments.</summary>
internal sealed record Seat(Person Person, RoleAssignment Assignment)
{
    public bool IsIncumbent => Assignment.Assignment is Rosters.Assignment.Primary or Rosters.Assignment.Interim;
}

/// <summary>How much one person carries across all their seats (for OVERLOADED).</summary>
/// <remarks>A struct: it is worked out for every seat assessed and kept in the seat's outcome.</remarks>
internal readonly record struct Load(string PersonId, IReadOnlyList<string> CriticalIncumbentRoles, double TotalFte)
{
    /// <summary>FTE is summed from rounded inputs; tolerate the rounding.</summary>
    public bool IsOverloaded => CriticalIncumbentRoles.Count >= 2 || TotalFte > 1.0 + 1e-9;

    /// <summary>The total as evidence and messages state it: the sum's float noise removed, the inputs' digits kept.</summary>
    public double StatedFte => Math.Round(TotalFte, 4);

    /// <summary>
    /// <see cref="StatedFte"/> in words. Rounded to two decimals, 0.334 + 0.333 + 0.334 read "1 FTE": not the more than
    /// 1.0 it was flagged for.
    /// </summary>
    public string FteText => StatedFte.ToString(FteFormat, CultureInfo.InvariantCulture);

    public const string FteFormat = "0.####";
}
