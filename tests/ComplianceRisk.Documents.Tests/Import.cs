using System.Text;
using ComplianceRisk.Documents.Rosters;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Organizations;
using ComplianceRisk.Engine.Rosters;

namespace ComplianceRisk.Documents.Tests;

/// <summary>Reads roster text or bytes through the same entry point the CLI uses.</summary>
internal static class Import
{
    public static readonly Catalog Catalog = DefaultCatalog.Load();

    public static OrganizationProfile Profile(params string[] jurisdictions) =>
        OrganizationProfile.Create("test", null, ["hospital"], jurisdictions.Length == 0 ? ["US-TX"] : jurisdictions).GetValueOrThrow();

    public static RosterReadResult Bytes(byte[] bytes, OrganizationProfile? profile = null, RosterLimits? limits = null) =>
        RosterDocument.Read(new MemoryStream(bytes), Catalog, profile ?? Profile(), limits);

    public static RosterReadResult Text(string csv, OrganizationProfile? profile = null) => Bytes(Encoding.UTF8.GetBytes(csv), profile);

    public static Roster Roster(string csv, OrganizationProfile? profile = null)
    {
        var result = Text(csv, profile);
        Assert.True(result.Success, $"rejected: {result.Rejection}");
        return result.Roster!;
    }

    public static RosterRejection Rejected(byte[] bytes, RosterLimits? limits = null)
    {
        var result = Bytes(bytes, limits: limits);
        Assert.False(result.Success, "expected the roster to be rejected");
        return result.Rejection!;
    }

    public static RosterWarning Warning(this Roster roster, string code) =>
        Assert.Single(roster.Warnings, w => w.Code == code);
}
