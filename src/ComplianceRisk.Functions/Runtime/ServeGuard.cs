using ComplianceRisk.Functions.Handler;
using ComplianceRisk.Functions.Handler.Authorization;

namespace ComplianceRisk.Functions.Runtime;

/// <summary>
/// What serve asks of a request before routing it (DESIGN §7): a page on any site can make the browser call loopback,
/// so a request that changes something (any method but GET, HEAD and OPTIONS) or reaches the admin endpoint must carry
/// a header no cross-site page can send without a CORS preflight, which serve never approves; and with a keys file,
/// serve authenticates like the platform does on Azure: whatever principal a caller wrote is dropped, and a key is
/// turned into the principal the handler's authorization reads. The admin endpoint runs any function on any
/// organization's data, so like the host's, which asks for the master key, it takes an operator's key
/// (<see cref="ServeKeys.AdminRole"/>) and nothing else: without a keys file it is closed.
/// </summary>
public static class ServeGuard
{
    /// <summary>The header a state-changing or admin request carries (any value).</summary>
    public const string RequestHeader = "X-ComplianceRisk-Request";

    /// <summary>Whether a request of this method must carry <see cref="RequestHeader"/>: any that may change something.</summary>
    public static bool NeedsRequestHeader(string method) => !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method);

    public static void Use(WebApplication front, ServeKeys? keys) => front.Use(async (context, next) =>
    {
        var request = context.Request;
        var changes = NeedsRequestHeader(request.Method);
        var admin = request.Path.StartsWithSegments("/admin");
        if ((changes || admin) && !FromThisApp(request))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "Request header required",
                $"Requests that change data, and admin requests, need the header {RequestHeader} (any value), which a page on another site cannot send.");
            return;
        }
        ServeKeys.KeyHolder? holder = null;
        if (keys is not null)
        {
            foreach (var header in request.Headers.Keys.Where(h => h.StartsWith(ClientPrincipal.Header, StringComparison.OrdinalIgnoreCase)).ToList())
                request.Headers.Remove(header);
            if (request.Headers.TryGetValue(ServeKeys.Header, out var presented))
            {
                holder = keys.HolderOf(presented.ToString());
                if (holder is null)
                {
                    await Refuse(context, StatusCodes.Status401Unauthorized, "Unknown key", $"The {ServeKeys.Header} header holds no key of this serve's keys file.");
                    return;
                }
                request.Headers[ClientPrincipal.Header] = holder.Principal();
            }
        }
        if (admin && holder is not { IsOperator: true })
        {
            if (holder is null)
                await Refuse(context, StatusCodes.Status401Unauthorized, "Operator key required",
                    $"Admin requests need an {ServeKeys.AdminRole} key of serve's keys file (serve --keys) in the {ServeKeys.Header} header, as the Functions host's admin endpoint needs its master key."
                    + (keys is null ? " This serve has no keys file, so its admin endpoint is closed." : ""));
            else
                await Refuse(context, StatusCodes.Status403Forbidden, "Not an operator key",
                    $"The key '{holder.Name}' is an organization's key; admin requests need an {ServeKeys.AdminRole} key, which reaches every organization's data.");
            return;
        }
        await next(context);
    });

    /// <summary>
    /// The custom header, or the browser's own word that the page is serve's (Fetch Metadata: <c>Sec-Fetch-Site</c> is set
    /// by the browser and cannot be written by a page; the Host check keeps a rebound name from being "same-origin").
    /// </summary>
    private static bool FromThisApp(HttpRequest request) =>
        request.Headers.ContainsKey(RequestHeader)
        || string.Equals(request.Headers["Sec-Fetch-Site"], "same-origin", StringComparison.OrdinalIgnoreCase);

    private static Task Refuse(HttpContext context, int status, string title, string detail) =>
        Problems.Create(status, title, detail).ExecuteAsync(context);
}
