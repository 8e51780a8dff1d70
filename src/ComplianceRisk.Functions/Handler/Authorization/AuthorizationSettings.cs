using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComplianceRisk.Functions.Handler.Authorization;

/// <summary>What a principal may do in an organization, least to most: DESIGN §7's authorization table.</summary>
public enum OrgRole
{
    /// <summary>Reads the organization's history and its registers, pseudonymized.</summary>
    Board,

    /// <summary>Reads everything of the organization.</summary>
    CIO,

    /// <summary>Reads and changes everything of the organization, and may ask for its erasure.</summary>
    ComplianceOfficer,
}

/// <summary>One line of <c>ComplianceRisk__Authorization__Mappings</c>: a group or an app role stands for a role in an organization.</summary>
public sealed record AccessMapping(
    [property: JsonPropertyName("group")] string? Group,
    [property: JsonPropertyName("appRole")] string? AppRole,
    [property: JsonPropertyName("org")] string Org,
    [property: JsonPropertyName("role")] OrgRole Role)
{
    public bool Matches(ClientPrincipal principal) =>
        (Group is not null && principal.Groups.Contains(Group)) || (AppRole is not null && principal.Roles.Contains(AppRole));
}

/// <summary>
/// How the handler decides who reaches an organization's data: whether the platform authenticates callers (only then is
/// <c>x-ms-client-principal</c> the platform's word rather than the caller's) and which groups and app roles map to
/// which organization and role. The default trusts nobody.
/// </summary>
public sealed record AuthorizationSettings(bool PlatformAuthenticationEnabled, ImmutableArray<AccessMapping> Mappings)
{
    /// <summary>Set to <c>True</c> by App Service when its authentication is on (App Service environment variables, "Authentication & Authorization").</summary>
    public const string PlatformVariable = "WEBSITE_AUTH_ENABLED";

    public const string MappingsVariable = "ComplianceRisk__Authorization__Mappings";

    public static AuthorizationSettings None { get; } = new(false, []);

    /// <summary>
    /// What a 401 tells the caller to do, where the platform is not App Service: serve says how its keys are given. Null:
    /// App Service's sign-in.
    /// </summary>
    public string? SignInHint { get; init; }

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter(allowIntegerValues: false) } };

    /// <summary>Reads both from the app settings; mappings that cannot be read stop the start with the reason, rather than letting nobody (or anybody) in silently.</summary>
    public static AuthorizationSettings FromEnvironment(Func<string, string?> variable)
    {
        var enabled = string.Equals(variable(PlatformVariable), "True", StringComparison.OrdinalIgnoreCase);
        return new AuthorizationSettings(enabled, ParseMappings(variable(MappingsVariable)));
    }

    public static ImmutableArray<AccessMapping> ParseMappings(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return [];
        AccessMapping[]? mappings;
        try
        {
            mappings = JsonSerializer.Deserialize<AccessMapping[]>(json, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{MappingsVariable} is not a JSON array of {{\"group\" or \"appRole\", \"org\", \"role\"}} entries: {e.Message}");
        }
        for (var i = 0; i < (mappings?.Length ?? 0); i++)
        {
            var mapping = mappings![i];
            if (mapping is null || (mapping.Group is null) == (mapping.AppRole is null))
                throw new InvalidOperationException($"{MappingsVariable}[{i}] needs exactly one of \"group\" and \"appRole\"");
            if (!OrgAccessPolicy.IsOrgId(mapping.Org))
                throw new InvalidOperationException($"{MappingsVariable}[{i}].org '{mapping.Org}' is not an organization id (3-63 of a-z, 0-9 and -)");
        }
        return [.. mappings ?? []];
    }
}
