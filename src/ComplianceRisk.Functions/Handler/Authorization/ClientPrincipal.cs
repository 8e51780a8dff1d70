using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ComplianceRisk.Functions.Handler.Authorization;

/// <summary>
/// The signed-in user as App Service authentication describes it in the <c>x-ms-client-principal</c> header: base64
/// JSON <c>{"auth_typ","name_typ","role_typ","claims":[{"typ","val"}]}</c> ("Work with user identities in App Service
/// authentication"). Only the parts authorization reads are kept: the sign-in name, the Entra groups and the app roles.
/// </summary>
public sealed record ClientPrincipal(string? Name, ImmutableHashSet<string> Groups, ImmutableHashSet<string> Roles)
{
    public const string Header = "x-ms-client-principal";

    /// <summary>The claim type Entra ID uses for group object ids.</summary>
    public const string GroupsClaim = "groups";

    /// <summary>The role claim type when the principal does not name one (Entra ID's app roles).</summary>
    public const string DefaultRoleClaim = "roles";

    /// <summary>
    /// Sign-in ids to name the principal by when the claim its <c>name_typ</c> names is absent: Entra ID's principal names
    /// the email address claim, which a token carries only for users with a mailbox. Ids, not display names.
    /// </summary>
    private static readonly string[] FallbackNameClaims =
    [
        "preferred_username",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn",
        "http://schemas.microsoft.com/identity/claims/objectidentifier",
        "oid",
    ];

    /// <summary>The principal in a header value, or null when there is none or it is not one (never an exception: the caller answers 401).</summary>
    public static ClientPrincipal? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        try
        {
            if (JsonNode.Parse(Convert.FromBase64String(header)) is not JsonObject principal || principal["claims"] is not JsonArray claims)
                return null;
            var nameType = Text(principal["name_typ"]) ?? "name";
            var roleType = Text(principal["role_typ"]) ?? DefaultRoleClaim;
            var pairs = claims.OfType<JsonObject>().Select(c => (Type: Text(c["typ"]), Value: Text(c["val"]))).Where(c => c.Type is not null && c.Value is not null).ToList();
            ImmutableHashSet<string> Values(StringComparer comparer, params string[] types) =>
                pairs.Where(c => types.Contains(c.Type, StringComparer.OrdinalIgnoreCase)).Select(c => c.Value!).ToImmutableHashSet(comparer);
            string? Claim(string type) => pairs.FirstOrDefault(c => string.Equals(c.Type, type, StringComparison.OrdinalIgnoreCase)).Value;
            return new ClientPrincipal(
                Claim(nameType) ?? FallbackNameClaims.Select(Claim).FirstOrDefault(value => value is not null),
                // Group ids are GUIDs, whose hex case carries no meaning: a mapping written in upper case must match the
                // token's lower case. App role values are strings the admin defines, and Entra compares them exactly.
                Values(StringComparer.OrdinalIgnoreCase, GroupsClaim),
                Values(StringComparer.Ordinal, roleType, DefaultRoleClaim));
        }
        // ArgumentException: a JSON object that writes a property twice, which JsonObject refuses only when it is read.
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
