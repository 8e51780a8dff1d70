using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceRisk.Documents.Registers;
using ComplianceRisk.Engine.Organizations;

namespace ComplianceRisk.Functions;

/// <summary>
/// <c>GET /</c> and <c>GET /assets/{*path}</c> (forwarded): the page and its assets, embedded in the program so the app
/// needs no CDN, no font service and no storage to show it. Its function.json route is the catch-all <c>{*path}</c>
/// (the host cannot route an empty path otherwise); every other path it is given is a 404. The host tries routes in
/// the order of function names, and "Web" sorts after every other function, so the catch-all never hides an API route
/// (a test keeps it so).
/// </summary>
public static class WebFunction
{
    public const string Name = "Web";

    // Everything is served from this origin only; the page must work offline and under this policy.
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private static readonly Dictionary<string, string> MediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".json"] = "application/json; charset=utf-8",
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpResponse response) => Asset(response, "index.html")).WithName(Name).ExcludeFromDescription();
        app.MapGet(OptionsPath, (HttpResponse response) => Options(response)).ExcludeFromDescription();
        app.MapGet("/assets/{*path}", (HttpResponse response, string path) => Asset(response, path)).ExcludeFromDescription();
        // Forwarded GETs the page does not own (the catch-all route hands them here) get a plain 404.
        app.MapGet("/{*path}", () => TypedResults.NotFound()).WithOrder(int.MaxValue).ExcludeFromDescription();
    }

    /// <summary>
    /// What the page offers and shows that the engine and the register already define: the organization types and
    /// jurisdictions a profile accepts, the scope statement's templates (the register's Summary sheet fills the same
    /// ones) and the words of the likelihood and impact scales (its Heat Map sheet's axis labels). Served beside the assets so the page asks its own origin for them, like everything else.
    /// </summary>
    public const string OptionsPath = "/assets/options.json";

    private static readonly byte[] OptionsJson = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["orgTypes"] = new JsonArray([.. OrganizationProfile.KnownOrgTypes.Select(t => JsonValue.Create(t))]),
        ["jurisdictions"] = new JsonArray([.. OrganizationProfile.KnownJurisdictions.Select(j => JsonValue.Create(j))]),
        ["scope"] = new JsonObject
        {
            ["templates"] = new JsonArray([.. ScopeStatement.Templates.Select(t => JsonValue.Create(t))]),
            ["shortHashLength"] = ScopeStatement.ShortHashLength,
        },
        // The heat map's axis labels, 1 to 5, as the register's Heat Map sheet writes them.
        ["scales"] = new JsonObject
        {
            ["likelihood"] = new JsonArray([.. RiskScales.LikelihoodNames.Select(n => JsonValue.Create(n))]),
            ["impact"] = new JsonArray([.. RiskScales.ImpactNames.Select(n => JsonValue.Create(n))]),
        },
    });

    private static IResult Options(HttpResponse response)
    {
        Secure(response);
        return TypedResults.Bytes(OptionsJson, MediaTypes[".json"]);
    }

    private static void Secure(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-cache";
    }

    private static IResult Asset(HttpResponse response, string path)
    {
        if (!MediaTypes.TryGetValue(Path.GetExtension(path), out var mediaType)) return TypedResults.NotFound();
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("assets/" + path.Replace('\\', '/'));
        if (stream is null) return TypedResults.NotFound();
        Secure(response);
        return TypedResults.Stream(stream, mediaType);
    }
}
