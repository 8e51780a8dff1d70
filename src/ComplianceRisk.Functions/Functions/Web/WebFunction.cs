using System.Reflection;

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
        app.MapGet("/assets/{*path}", (HttpResponse response, string path) => Asset(response, path)).ExcludeFromDescription();
        // Forwarded GETs the page does not own (the catch-all route hands them here) get a plain 404.
        app.MapGet("/{*path}", () => TypedResults.NotFound()).WithOrder(int.MaxValue).ExcludeFromDescription();
    }

    private static IResult Asset(HttpResponse response, string path)
    {
        if (!MediaTypes.TryGetValue(Path.GetExtension(path), out var mediaType)) return TypedResults.NotFound();
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("assets/" + path.Replace('\\', '/'));
        if (stream is null) return TypedResults.NotFound();
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-cache";
        return TypedResults.Stream(stream, mediaType);
    }
}
