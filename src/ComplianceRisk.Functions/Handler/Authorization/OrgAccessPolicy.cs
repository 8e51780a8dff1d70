using System.Text.RegularExpressions;

namespace ComplianceRisk.Functions.Handler.Authorization;

/// <summary>What a request does to an organization's data; the policy decides per action, not per route.</summary>
public enum OrgAction
{
    /// <summary>The assessment history (ListAssessments): dates, ids and scores, no names.</summary>
    ListHistory,

    /// <summary>A register (GetRegister): Board gets it pseudonymized.</summary>
    ReadRegister,

    /// <summary>Documents that may name people: the profile, treatments, an assessment.</summary>
    Read,

    /// <summary>Anything that changes the organization's data: PUT profile or treatments, POST a roster, DELETE the organization.</summary>
    Write,
}

/// <summary>The policy's answer: let the request through (with what it may see), or the status and reason to refuse it with.</summary>
public abstract record AccessDecision
{
    public sealed record Allowed(ClientPrincipal Principal, OrgRole Role, bool PseudonymizedOnly) : AccessDecision;

    public sealed record Denied(int Status, string Title, string Detail) : AccessDecision;
}

/// <summary>
/// DESIGN §7's authorization table for organization routes, deny by default: who is asking comes only from the
/// platform's <c>x-ms-client-principal</c>, and only when the platform reports its authentication on; groups and app
/// roles give roles in organizations through <see cref="AuthorizationSettings.Mappings"/>; a principal sees no
/// organization it is not mapped to (403), and without a principal nothing is seen (401).
/// </summary>
public sealed class OrgAccessPolicy(AuthorizationSettings settings)
{
    // \z, not $: "$" also matches before a final line feed ("community-hospital-tx\n"), which reaches the handler
    // because routing's own regex constraint has that reading too, and is case-insensitive besides.
    private static readonly Regex OrgId = new(@"^[a-z0-9-]{3,63}\z", RegexOptions.CultureInvariant);

    /// <summary>DESIGN §7's constraint on <c>{org}</c>, the same everywhere.</summary>
    public static bool IsOrgId(string? org) => org is not null && OrgId.IsMatch(org);

    public AccessDecision Decide(string? principalHeader, string org, OrgAction action)
    {
        // The 404 routing gives an id outside the constraint, for the ids its case-insensitive match lets through.
        if (!IsOrgId(org))
            return new AccessDecision.Denied(StatusCodes.Status404NotFound, "Not found", $"'{org}' is not an organization id (3-63 of a-z, 0-9 and -).");
        if (!settings.PlatformAuthenticationEnabled)
            return Unauthenticated(settings.SignInHint ?? "Sign-in is not enabled for this app, so no caller can be identified. Organization data is reachable only through App Service authentication.");
        if (ClientPrincipal.Parse(principalHeader) is not { } principal)
            return Unauthenticated(settings.SignInHint ?? "Sign in to reach an organization's data.");

        var roles = settings.Mappings.Where(m => m.Org == org && m.Matches(principal)).Select(m => m.Role).ToHashSet();
        if (roles.Count == 0)
            return new AccessDecision.Denied(StatusCodes.Status403Forbidden, "Forbidden", $"You are not mapped to organization '{org}'. Ask its administrator to add your group or app role to the authorization mappings.");

        var permitted = roles.Where(role => Permits(role, action)).ToList();
        if (permitted.Count == 0)
            return new AccessDecision.Denied(StatusCodes.Status403Forbidden, "Forbidden", $"Your role in '{org}' ({string.Join(", ", roles.Order())}) does not allow this: {Describe(action)}.");

        var role = permitted.Max();
        return new AccessDecision.Allowed(principal, role, PseudonymizedOnly: action == OrgAction.ReadRegister && role == OrgRole.Board);
    }

    private static bool Permits(OrgRole role, OrgAction action) => (role, action) switch
    {
        (OrgRole.ComplianceOfficer, _) => true,
        (OrgRole.CIO, not OrgAction.Write) => true,
        (OrgRole.Board, OrgAction.ListHistory or OrgAction.ReadRegister) => true,
        _ => false,
    };

    private static string Describe(OrgAction action) => action switch
    {
        OrgAction.Write => "changing the organization's data needs the ComplianceOfficer role",
        OrgAction.Read => "documents that may name people need the CIO or ComplianceOfficer role; the Board sees pseudonymized registers",
        _ => "reading needs a role in the organization",
    };

    private static AccessDecision.Denied Unauthenticated(string detail) =>
        new(StatusCodes.Status401Unauthorized, "Sign-in required", detail);
}
