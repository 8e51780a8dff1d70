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
/// request reaches it on Azure, so the handler's one authorization decides in both places.
/// </summary>
public sealed class ServeKeys
{
    /// <summary>The request header that carries a key.</summary>
    public const string Header = "X-ComplianceRisk-Key";

    /// <summary>The app role serve gives the principal of a key, which the handler's mappings know it by.</summary>
    public const string AppRolePrefix = "serve-key:";

    /// <summary>Shortest key accepted: 128 bits as hex, so a key cannot be guessed over loopback either.</summary>
    public const int MinimumKeyLength = 32;

    private readonly ImmutableArray<Entry> _entries;

    private ServeKeys(ImmutableArray<Entry> entries) => _entries = entries;

    /// <summary>The handler's authorization under serve: the platform (serve) authenticates, and each key's role stands for its mapping.</summary>
    public AuthorizationSettings Authorization =>
        new(true, [.. _entries.Select(e => new AccessMapping(null, AppRolePrefix + e.Name, e.Org, e.Role))]);

    /// <summary>The x-ms-client-principal value for a presented key, or null when no key matches (compared in fixed time).</summary>
    public string? PrincipalFor(string presented)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        Entry? match = null;
        foreach (var entry in _entries)
            if (CryptographicOperations.FixedTimeEquals(hash, entry.KeyHash)) match = entry;
        if (match is null) return null;
        var principal = new JsonObject
        {
            ["auth_typ"] = "serve-key",
            ["name_typ"] = "name",
            ["role_typ"] = "roles",
            ["claims"] = new JsonArray(
                new JsonObject { ["typ"] = "name", ["val"] = match.Name },
                new JsonObject { ["typ"] = "roles", ["val"] = AppRolePrefix + match.Name }),
        };
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(principal.ToJsonString()));
    }

    private sealed record Entry(string Name, byte[] KeyHash, string Org, OrgRole Role);

    private sealed record KeyLine(
        [property: JsonPropertyName("name")] string? Name,
        [property: JsonPropertyName("key")] string? Key,
        [property: JsonPropertyName("org")] string? Org,
        [property: JsonPropertyName("role")] OrgRole Role);

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter(allowIntegerValues: false) } };

    /// <summary>Reads a keys file: a JSON array of <c>{"name","key","org","role"}</c>. Anything wrong in it stops serve with the reason.</summary>
    public static ServeKeys Load(string file)
    {
        KeyLine[]? lines;
        try
        {
            lines = JsonSerializer.Deserialize<KeyLine[]>(File.ReadAllBytes(file), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file}: not a JSON array of {{\"name\", \"key\", \"org\", \"role\"}} entries: {e.Message}");
        }
        var entries = ImmutableArray.CreateBuilder<Entry>();
        for (var i = 0; i < (lines?.Length ?? 0); i++)
        {
            var line = lines![i];
            var where = $"{file}: entry {i}";
            if (line?.Name is not { Length: > 0 } name) throw new InvalidDataException($"{where} has no \"name\"");
            if (entries.Any(e => e.Name == name)) throw new InvalidDataException($"{where}: the name '{name}' is used twice");
            if (line.Key is not { Length: >= MinimumKeyLength } key) throw new InvalidDataException($"{where} ('{name}'): \"key\" must be at least {MinimumKeyLength} characters (openssl rand -hex 16)");
            if (!OrgAccessPolicy.IsOrgId(line.Org)) throw new InvalidDataException($"{where} ('{name}'): \"org\" '{line.Org}' is not an organization id (3-63 of a-z, 0-9 and -)");
            entries.Add(new Entry(name, SHA256.HashData(Encoding.UTF8.GetBytes(key)), line.Org!, line.Role));
        }
        return new ServeKeys(entries.ToImmutable());
    }
}
