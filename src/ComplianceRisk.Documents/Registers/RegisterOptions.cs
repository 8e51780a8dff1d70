using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Organizations;
using ComplianceRisk.Engine.Risks;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Documents.Registers;

/// <summary>How a register workbook is written.</summary>
public sealed record RegisterOptions
{
    /// <summary>An earlier assessment of the same organization: adds the Changes sheet.</summary>
    public Assessment? Previous { get; init; }

    /// <summary>
    /// The organization's readiness over past assessments, oldest first (a report's own point last): adds the Readiness
    /// Trend sheet. Without it (the register of a single submission) there is no such sheet.
    /// </summary>
    public IReadOnlyList<ReadinessPoint>? Trend { get; init; }

    /// <summary>
    /// Replace every person's name by a stable per-organization pseudonym ("Person 7F3A"), for board packs.
    /// Person ids are removed too unless <see cref="KeepIds"/> is set.
    /// </summary>
    public bool Pseudonymize { get; init; }

    /// <summary>With <see cref="Pseudonymize"/>: keep person ids beside the pseudonyms ("Person 7F3A (E1003)").</summary>
    public bool KeepIds { get; init; }

    /// <summary>
    /// Secret key for the pseudonyms; each organization's key is derived from it and the organization id. Without one
    /// they are keyed by the organization id alone, which keeps them stable but lets anyone who can guess person ids
    /// (E1001, E1002 …) recompute them; give a key the organization keeps to itself when the board pack leaves the
    /// building (app setting and environment variable <c>ComplianceRisk__PseudonymKey</c>).
    /// </summary>
    public byte[]? PseudonymKey { get; init; }

    /// <summary>
    /// The roster the assessment was made from: gives the Competency Matrix its people × competency levels
    /// (and every roster name to pseudonymize). Without it the matrix shows the levels each role requires.
    /// </summary>
    public Roster? Roster { get; init; }

    /// <summary>
    /// The profile the assessment was made with. Its calibrations (attrition rates, windows, the FRAGILE threshold) are
    /// the method the Methodology sheet prints, as they are the figures the scores came from. Without it the sheet
    /// prints the calibrations the assessment records (organization.policy); an assessment of format 1.0 records none,
    /// and gets the catalog's own method.
    /// </summary>
    public OrganizationProfile? Profile { get; init; }

    public static RegisterOptions Default { get; } = new();
}
