using System.Net;
using System.Text.Json.Nodes;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;
using ComplianceRisk.Functions.Handler.Authorization;

namespace ComplianceRisk.Functions.Tests.Authorization;

/// <summary>
/// The authorization every enveloped organization route gets, through serve over loopback: a stand-in org function
/// (any path under api/orgs/{org}, every method) records what reached it, so each answer shows whether the function
/// ran at all and what it was given.
/// </summary>
public sealed class OrgAuthorizationHttpTests
{
    private const string HostJson = """{ "version": "2.0", "customHandler": { "description": { "defaultExecutablePath": "x" } }, "extensions": { "http": { "routePrefix": "" } } }""";

    // The {org} constraint DESIGN §7 puts on every org route, as the org function.json files write it.
    private const string OrgFunctionJson = """
        { "bindings": [
            { "type": "httpTrigger", "direction": "in", "name": "req", "authLevel": "anonymous", "methods": ["get", "put", "post", "delete"],
              "route": "api/orgs/{org:regex(^[a-z0-9-]+$):length(3,63)}/{*rest}" },
            { "type": "http", "direction": "out", "name": "res" } ] }
        """;

    // The same mapped principals as the real org routes' tests: one officer of each organization and the board.
    private static readonly string Officer = OrgRoutesAuthorizationTests.Officer;
    private static readonly string Board = OrgRoutesAuthorizationTests.Board;
    private static readonly string ClinicOfficer = OrgRoutesAuthorizationTests.ClinicOfficer;
    private static readonly string DuplicateClaims = Convert.ToBase64String("""{"claims":[],"claims":[]}"""u8.ToArray());

    private sealed class Recorder
    {
        public List<HttpTriggerData> Calls { get; } = [];

        public HandlerFunction Function => new("OrgStandIn", app => app.MapEnvelope("OrgStandIn", (invocation, _) =>
        {
            var http = invocation.HttpTrigger("req")!;
            lock (Calls) Calls.Add(http);
            var body = new JsonObject { ["pseudonymize"] = http.Query.GetValueOrDefault("pseudonymize") };
            return Task.FromResult(EnvelopeEndpoints.HttpAnswer("res", HttpOutput.Create(200, body.ToJsonString())));
        }));
    }

    private static async Task<(Serve Serve, Recorder Recorder)> StartAsync(bool platformAuthentication = true)
    {
        var recorder = new Recorder();
        var settings = new HandlerSettings { Authorization = OrgRoutesAuthorizationTests.Settings(platformAuthentication) };
        var serve = await Serve.StartAsync(Repo.TempApp(HostJson, ("OrgStandIn", OrgFunctionJson)), settings, [recorder.Function]);
        return (serve, recorder);
    }

    private static HttpRequestMessage Request(string method, string path, string? principal)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "PUT" or "POST") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        if (principal is not null) request.Headers.Add(ClientPrincipal.Header, principal);
        return request;
    }

    public static TheoryData<string, string, string?, HttpStatusCode> Cases => new()
    {
        // No credential: 401 on reads and writes alike.
        { "GET", "/api/orgs/community-hospital-tx/profile", null, HttpStatusCode.Unauthorized },
        { "PUT", "/api/orgs/community-hospital-tx/treatments", null, HttpStatusCode.Unauthorized },
        { "DELETE", "/api/orgs/community-hospital-tx", null, HttpStatusCode.Unauthorized },
        // A header that is not a principal (here a property written twice): 401 as a problem, not the 500 of a crash.
        { "PUT", "/api/orgs/community-hospital-tx/profile", DuplicateClaims, HttpStatusCode.Unauthorized },
        // Organization A's officer on organization B: 403, whatever the route.
        { "GET", "/api/orgs/community-hospital-tx/assessments", ClinicOfficer, HttpStatusCode.Forbidden },
        { "POST", "/api/orgs/community-hospital-tx/rosters", ClinicOfficer, HttpStatusCode.Forbidden },
        { "GET", "/api/orgs/community-hospital-tx/assessments/20261122-a/register", ClinicOfficer, HttpStatusCode.Forbidden },
        // The board on a write route, or on a document that names people: 403.
        { "PUT", "/api/orgs/community-hospital-tx/profile", Board, HttpStatusCode.Forbidden },
        { "POST", "/api/orgs/community-hospital-tx/rosters", Board, HttpStatusCode.Forbidden },
        { "DELETE", "/api/orgs/community-hospital-tx", Board, HttpStatusCode.Forbidden },
        { "GET", "/api/orgs/community-hospital-tx/assessments/20261122-a", Board, HttpStatusCode.Forbidden },
        // What each may do.
        { "GET", "/api/orgs/community-hospital-tx/assessments", Board, HttpStatusCode.OK },
        { "PUT", "/api/orgs/community-hospital-tx/profile", Officer, HttpStatusCode.OK },
        { "DELETE", "/api/orgs/rural-clinic-ny", ClinicOfficer, HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_org_route_answers_by_the_callers_mapping(string method, string path, string? principal, HttpStatusCode expected)
    {
        var (serve, recorder) = await StartAsync();
        await using var _ = serve;

        using var response = await serve.Client.SendAsync(Request(method, path, principal), TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        // A refused request never reaches the function: nothing is read, written or audited for it.
        Assert.Equal(expected == HttpStatusCode.OK ? 1 : 0, recorder.Calls.Count);
        if (expected != HttpStatusCode.OK)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
            Assert.Equal((int)expected, problem["status"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task The_board_gets_the_register_request_made_pseudonymized_and_the_officer_as_asked()
    {
        var (serve, recorder) = await StartAsync();
        await using var _ = serve;
        const string register = "/api/orgs/community-hospital-tx/assessments/20261122-a/register";

        using var board = await serve.Client.SendAsync(Request("GET", register + "?pseudonymize=false", Board), TestContext.Current.CancellationToken);
        using var officer = await serve.Client.SendAsync(Request("GET", register, Officer), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, board.StatusCode);
        Assert.Equal("true", recorder.Calls[0].Query["pseudonymize"]);
        Assert.Equal(HttpStatusCode.OK, officer.StatusCode);
        Assert.False(recorder.Calls[1].Query.ContainsKey("pseudonymize"));
    }

    [Fact]
    public async Task A_forged_principal_while_the_platform_reports_authentication_off_gets_401()
    {
        var (serve, recorder) = await StartAsync(platformAuthentication: false);
        await using var _ = serve;

        using var response = await serve.Client.SendAsync(Request("GET", "/api/orgs/community-hospital-tx/profile", Officer), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(recorder.Calls);
    }

    [Theory]
    [InlineData("/api/orgs/AB/profile")]
    [InlineData("/api/orgs/community_hospital/profile")]
    public async Task An_org_outside_the_constraint_matches_no_route(string path)
    {
        var (serve, recorder) = await StartAsync();
        await using var _ = serve;

        using var response = await serve.Client.SendAsync(Request("GET", path, Officer), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(recorder.Calls);
    }
}
