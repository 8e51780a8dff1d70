using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ComplianceRisk.Functions.Handler.Authorization;

namespace ComplianceRisk.Functions.Runtime;

/// <summary>
/// serve's stand-in for App Service authentication (DESIGN §7): API keys read from a file, each mapped to an organization
/// and a role. A request presenting a key reaches the handler with the principal serve makes for it, exactly as a signed-in
/// request reaches it on Azure, so the handler's one authorization decides in both places. An operator's key (role
/// <see cref="AdminRole"/>, no organization) stands in for the host's master key: it opens the admin endpoint and no
/// organization, since its principal is mapped to none.
/// </summary>
public sealed class ServeKeys
{
    /// <summary>The request header that carries a key.</summary>
    public const string Header = "X-ComplianceRisk-Key";

    /// <summary>The app role serve gives the principal of a key, which the handler's mappings know it by.</summary>
    public const string AppRolePrefix = "serve-key:";

    /// <summary>
    /// The keys file's role for an operator's key. Not an <see cref="OrgRole"/>: running any function through the admin
    /// endpoint reaches every organization's data at once, which no role in one organization may.
    /// </summary>
    public const string AdminRole = "Admin";

    /// <summary>Shortest key accepted: 128 bits as hex, so a key cannot be guessed over loopback either.</summary>
    public const int MinimumKeyLength = 32;

    private readonly ImmutableArray<Entry> _entries;

    private ServeKeys(ImmutableArray<Entry> entries) => _entries = entries;

    /// <summary>The handler's authorization under serve: the platform (serve) authenticates, and each organization key's role stands for its mapping.</summary>
    public AuthorizationSettings Authorization => new(true, [.. _entries.Select(e => e.Mapping).OfType<AccessMapping>()]) { SignInHint = KeyHint };

    /// <summary>serve's 401 on an organization route without a key: App Service's sign-in is not what the caller lacks here.</summary>
    public const string KeyHint = $"Send a key of serve's keys file (serve --keys) in the {Header} header to reach an organization's data.";

    /// <summary>serve's 401 on an organization route when it was started without a keys file, where no key can help.</summary>
    public const string NoKeysHint = $"This serve was started without --keys, so no organization's data is reachable: start it with `serve --keys keys.json` (docs/functions.md, \"Under serve\") and send a key of that file in the {Header} header.";

    /// <summary>Who holds a presented key, or null when no key matches (compared in fixed time, every entry alike).</summary>
    public KeyHolder? HolderOf(string presented)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        Entry? match = null;
        foreach (var entry in _entries)
            if (CryptographicOperations.FixedTimeEquals(hash, entry.KeyHash)) match = entry;
        return match is null ? null : new KeyHolder(match.Name, IsOperator: match.Mapping is null);
    }

    /// <summary>
    /// The holder of a key of the file, known by the key's name (never the key itself, which is kept only as a hash):
    /// an organization's, or an operator's, which the admin endpoint asks for.
    /// </summary>
    public sealed record KeyHolder(string Name, bool IsOperator)
    {
        /// <summary>The x-ms-client-principal value serve sends the handler for this holder: the app role the key's mapping names.</summary>
        public string Principal()
        {
            var principal = new JsonObject
            {
                ["auth_typ"] = "serve-key",
                ["name_typ"] = "name",
                ["role_typ"] = "roles",
                ["claims"] = new JsonArray(
                    new JsonObject { ["typ"] = "name", ["val"] = Name },
                    new JsonObject { ["typ"] = "roles", ["val"] = AppRolePrefix + Name }),
            };
            return Convert.ToBase64String(Encoding.UTF8.GetBytes(principal.ToJsonString()));
        }
    }

    /// <summary>A key as kept: its hash, and what its principal is mapped to (none for an operator's key).</summary>
    private sealed record Entry(string Name, byte[] KeyHash, AccessMapping? Mapping);

    private sealed record KeyLine(
        [property: JsonPropertyName("name")] string? Name,
        [property: JsonPropertyName("key")] string? Key,
        [property: JsonPropertyName("org")] string? Org,
        [property: JsonPropertyName("role")] string? Role);

    /// <summary>
    /// Reads a keys file: a JSON array of <c>{"name","key","org","role"}</c>, or <c>{"name","key","role": "Admin"}</c>
    /// for an operator. Anything wrong in it stops serve with the reason.
    /// </summary>
    public static ServeKeys Load(string file)
    {
        KeyLine[]? lines;
        try
        {
            lines = JsonSerializer.Deserialize<KeyLine[]>(File.ReadAllBytes(file));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file}: not a JSON array of {{\"name\", \"key\", \"org\", \"role\"}} entries: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Said as the keys file's fault: serve would otherwise report a missing file as an address it cannot listen on,
            // and a folder as an internal error.
            throw new InvalidDataException($"{file}: the keys file cannot be read: {e.Message}");
        }
        var entries = ImmutableArray.CreateBuilder<Entry>();
        for (var i = 0; i < (lines?.Length ?? 0); i++)
        {
            var line = lines![i];
            var where = $"{file}: entry {i}";
            if (line?.Name is not { Length: > 0 } name) throw new InvalidDataException($"{where} has no \"name\"");
            if (entries.Any(e => e.Name == name)) throw new InvalidDataException($"{where}: the name '{name}' is used twice");
            if (line.Key is not { Length: >= MinimumKeyLength } key) throw new InvalidDataException($"{where} ('{name}'): \"key\" must be at least {MinimumKeyLength} characters (openssl rand -hex 16)");
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
            // A key stands for one holder: with two entries, a request would silently get only the later one's organization and role.
            if (entries.FirstOrDefault(e => e.KeyHash.AsSpan().SequenceEqual(hash)) is { } same)
                throw new InvalidDataException($"{where} ('{name}'): its \"key\" is also the key of '{same.Name}'; give each entry a key of its own (a person in two organizations gets a key for each)");
            if (string.Equals(line.Role, AdminRole, StringComparison.OrdinalIgnoreCase))
            {
                // An operator's key with an organization would read as limited to it, and it is not: refused rather than misread.
                if (line.Org is not null)
                    throw new InvalidDataException($"{where} ('{name}'): an {AdminRole} key has no \"org\" (it runs functions for every organization and reaches no organization's routes); remove \"org\" '{line.Org}', or give the key an organization role");
                entries.Add(new Entry(name, hash, Mapping: null));
                continue;
            }
            if (OrgRoleNamed(line.Role) is not { } role)
                throw new InvalidDataException($"{where} ('{name}'): \"role\" must be one of {string.Join(", ", Enum.GetNames<OrgRole>())} (with an \"org\") or {AdminRole} (without){(line.Role is null ? "" : $", not '{line.Role}'")}");
            if (!OrgAccessPolicy.IsOrgId(line.Org)) throw new InvalidDataException($"{where} ('{name}'): \"org\" '{line.Org}' is not an organization id (3-63 of a-z, 0-9 and -)");
            entries.Add(new Entry(name, hash, new AccessMapping(null, AppRolePrefix + name, line.Org!, role)));
        }
        return new ServeKeys(entries.ToImmutable());
    }

    /// <summary>An organization role by its name, in any case as the handler's mappings read it; never a number.</summary>
    private static OrgRole? OrgRoleNamed(string? name) =>
        Enum.GetValues<OrgRole>().Cast<OrgRole?>().FirstOrDefault(role => string.Equals(role.ToString(), name, StringComparison.OrdinalIgnoreCase));
}
