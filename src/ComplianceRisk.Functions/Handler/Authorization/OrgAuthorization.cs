using System.Text.Json;
using System.Text.RegularExpressions;
using ComplianceRisk.Functions.Contract;

namespace ComplianceRisk.Functions.Handler.Authorization;

/// <summary>
/// Applies <see cref="OrgAccessPolicy"/> to every organization route, in the one place every enveloped function passes
/// through (<see cref="EnvelopeEndpoints.MapEnvelope"/>): an invocation whose HTTP trigger asked for a path under
/// <c>api/orgs/{org}</c> is decided before the function runs. A refusal is answered inside the envelope's HTTP output
/// with its 401 or 403, since a non-2xx answer to the host would only fail the invocation (DESIGN §7). New org
/// functions are covered by their route alone.
/// </summary>
public static class OrgAuthorization
{
    public const string PseudonymizeParameter = Handler.PseudonymizeParameter.Name;

    private static readonly Regex OrgPath = new("^/api/orgs/(?<org>[^/]+)(?<rest>/.*)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>What the request does, from its method and path: reads are told apart because the board may see only some of them.</summary>
    public static OrgAction ActionOf(string method, string rest) =>
        !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) ? OrgAction.Write
        : rest.TrimEnd('/').EndsWith("/register", StringComparison.OrdinalIgnoreCase) ? OrgAction.ReadRegister
        : rest.TrimEnd('/').Equals("/assessments", StringComparison.OrdinalIgnoreCase) ? OrgAction.ListHistory
        : OrgAction.Read;

    /// <summary>
    /// Null when the function may run with <paramref name="invocation"/> as given or as rewritten in <paramref name="authorized"/>
    /// (the board's register request is made a pseudonymized one); otherwise the envelope answer that refuses it.
    /// </summary>
    public static InvocationResponse? Check(InvocationRequest invocation, OrgAccessPolicy policy, out InvocationRequest authorized)
    {
        authorized = invocation;
        if (HttpTrigger(invocation) is not { } trigger) return null; // blob, queue and timer triggers come from the platform, not a caller
        var (binding, http) = trigger;
        var path = Uri.TryCreate(http.Url, UriKind.Absolute, out var url) ? url.AbsolutePath : http.Url;
        if (OrgPath.Match(path) is not { Success: true } match) return null; // not an organization route

        // The route's {org} as the host matched it; the path is what the caller asked for, so both must agree.
        var org = http.Params?.FirstOrDefault(p => p.Key.Equals("org", StringComparison.OrdinalIgnoreCase)).Value ?? Uri.UnescapeDataString(match.Groups["org"].Value);
        var decision = policy.Decide(http.Header(ClientPrincipal.Header), org, ActionOf(http.Method, match.Groups["rest"].Value));
        switch (decision)
        {
            case AccessDecision.Denied denied:
                return EnvelopeEndpoints.HttpAnswer(OrgInvocation.Response, Problem(denied), $"authorization: {denied.Status} for {http.Method} {path}");
            case AccessDecision.Allowed { PseudonymizedOnly: true }:
                var query = new Dictionary<string, string>(http.Query, StringComparer.OrdinalIgnoreCase) { [PseudonymizeParameter] = "true" };
                var data = new Dictionary<string, JsonElement>(invocation.Data) { [binding] = JsonSerializer.SerializeToElement(http with { Query = query }) };
                authorized = invocation with { Data = data };
                return null;
            default:
                return null;
        }
    }

    private static (string Binding, HttpTriggerData Http)? HttpTrigger(InvocationRequest invocation)
    {
        foreach (var (binding, value) in invocation.Data)
            if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("Url", out _) && value.TryGetProperty("Method", out _) && invocation.HttpTrigger(binding) is { } http)
                return (binding, http);
        return null;
    }

    private static HttpOutput Problem(AccessDecision.Denied denied)
    {
        var output = EnvelopeHttp.Problem(denied.Status, denied.Title, denied.Detail);
        if (denied.Status == StatusCodes.Status401Unauthorized) output.Headers["WWW-Authenticate"] = "Bearer";
        return output;
    }
}
