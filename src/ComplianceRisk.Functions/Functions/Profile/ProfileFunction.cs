using ComplianceRisk.Engine;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Organizations;
using ComplianceRisk.Functions.Handler;

namespace ComplianceRisk.Functions;

/// <summary>
/// <c>GET/PUT api/orgs/{org}/profile</c> (envelope): the organization profile (schemas/profile.schema.json) kept in
/// <c>profiles/{org}.json</c>, which ProcessRoster assesses against.
/// </summary>
public static class ProfileFunction
{
    public const string Name = "Profile";
    public const string Output = "profile";
    public const string Path = "profiles/{org}.json";

    private static readonly OrgDocument<OrganizationProfile> Document = new("profile", AuditLog.ProfileChange, ProfileReader.MaxBytes, Check, WhenMissing: null);

    public static void Map(IEndpointRouteBuilder app) => Document.Map(app, Name, Output, Path);

    /// <summary>As <c>assess --profile</c> checks the file, and the profile's id must be the organization of the route.</summary>
    private static ParseResult<OrganizationProfile> Check(byte[] body, string org, Catalog catalog) =>
        ProfileReader.Read(body, profile => profile.Id != org
            ? [new InputError("id", $"the profile's id is '{profile.Id}' but this is organization '{org}'; they must be the same")]
            : profile.CheckAgainst(catalog));
}
