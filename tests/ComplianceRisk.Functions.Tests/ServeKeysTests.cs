using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ComplianceRisk.Functions.Handler;
using ComplianceRisk.Functions.Handler.Authorization;
using ComplianceRisk.Functions.Runtime;
using ComplianceRisk.Functions.Tests.Authorization;
using ComplianceRisk.Functions.Tests.EndToEnd;

namespace ComplianceRisk.Functions.Tests;

/// <summary>
/// serve in the platform's place (DESIGN §7): state-changing and admin requests need a header a cross-site page cannot
/// send, and with a keys file an API key is the only way to an organization's data: a principal header a caller wrote
/// is dropped, a key becomes the principal the handler's authorization reads. The admin endpoint, which runs any
/// function on any organization's data, takes only an operator's key (role Admin), as the host's takes only its master key.
/// </summary>
public sealed class ServeKeysTests
{
    private const string Org = OrgRoutesAuthorizationTests.Org;
    private const string OfficerKey = "0123456789abcdef0123456789abcdef";
    private const string BoardKey = "fedcba9876543210fedcba9876543210";
    private const string OperatorKey = "00112233445566778899aabbccddeeff";
    private static readonly string OrgProfile = $"profiles/{Org}.json";
    private static readonly byte[] Profile = OrganizationWorkspaceTests.Profile(Org);
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string KeysFile()
    {
        var file = Path.Combine(TestTemp.Folder("compliancerisk-keys-"), "keys.json");
        File.WriteAllText(file, $$"""
            [
              { "name": "olivia", "key": "{{OfficerKey}}", "org": "{{Org}}", "role": "ComplianceOfficer" },
              { "name": "bea", "key": "{{BoardKey}}", "org": "{{Org}}", "role": "Board" },
              { "name": "ops", "key": "{{OperatorKey}}", "role": "Admin" }
            ]
            """);
        return file;
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? key = null, string? principal = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Put)
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        if (key is not null) request.Headers.Add(ServeKeys.Header, key);
        if (principal is not null) request.Headers.Add(ClientPrincipal.Header, principal);
        return request;
    }

    [Fact]
    public async Task A_key_reaches_its_organization_with_its_role_and_nothing_else_does()
    {
        await using var serve = await Serve.StartAsync(keysFile: KeysFile());
        var cancel = TestContext.Current.CancellationToken;
        async Task<HttpStatusCode> Status(HttpMethod method, string path, string? key = null, string? principal = null)
        {
            using var response = await serve.Client.SendAsync(Request(method, path, key, principal), cancel);
            return response.StatusCode;
        }

        // The officer's key reads the (empty) history and the board's key too; the board's key cannot write.
        Assert.Equal(HttpStatusCode.OK, await Status(HttpMethod.Get, $"/api/orgs/{Org}/assessments", OfficerKey));
        Assert.Equal(HttpStatusCode.OK, await Status(HttpMethod.Get, $"/api/orgs/{Org}/assessments", BoardKey));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(HttpMethod.Put, $"/api/orgs/{Org}/profile", BoardKey));
        // Another organization, no key, a wrong key.
        Assert.Equal(HttpStatusCode.Forbidden, await Status(HttpMethod.Get, "/api/orgs/rural-clinic-ny/assessments", OfficerKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(HttpMethod.Get, $"/api/orgs/{Org}/assessments"));
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(HttpMethod.Get, $"/api/orgs/{Org}/assessments", "0123456789abcdef0123456789abcdee"));
        // A principal written by the caller is dropped before the handler sees it, even one the handler would map.
        var mappedOfficer = OrgAccessPolicyTests.Principal("mallory", roles: [ServeKeys.AppRolePrefix + "olivia"]);
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(HttpMethod.Get, $"/api/orgs/{Org}/assessments", principal: mappedOfficer));
    }

    [Fact]
    public async Task Without_a_keys_file_no_organization_is_reachable_even_with_a_principal_header()
    {
        await using var serve = await Serve.StartAsync();

        using var response = await serve.Client.SendAsync(Request(HttpMethod.Get, $"/api/orgs/{Org}/assessments", principal: OrgRoutesAuthorizationTests.Officer), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        // What to do about it under serve: start it with a keys file (App Service's sign-in is not what is missing here).
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(TestContext.Current.CancellationToken);
        Assert.Contains("--keys", (string?)problem!["detail"]);
        Assert.DoesNotContain("App Service", (string?)problem["detail"]);
    }

    [Fact]
    public async Task An_org_route_without_a_key_says_to_send_one_in_the_key_header()
    {
        await using var serve = await Serve.StartAsync(keysFile: KeysFile());

        using var response = await serve.Client.SendAsync(Request(HttpMethod.Get, $"/api/orgs/{Org}/assessments"), Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(Cancel);
        Assert.Contains(ServeKeys.Header, (string?)problem!["detail"]);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Forbidden)]
    [InlineData("same-origin", HttpStatusCode.OK)]
    [InlineData("cross-site", HttpStatusCode.Forbidden)]
    public async Task A_state_changing_request_without_the_header_is_refused_unless_the_browser_says_it_comes_from_serves_page(string? fetchSite, HttpStatusCode expected)
    {
        await using var serve = await Serve.StartAsync();
        using var plain = new HttpClient { BaseAddress = serve.Host.Addresses[0] };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/assess?asOf=2026-11-22")
        {
            Content = new ByteArrayContent(await File.ReadAllBytesAsync(Repo.File("samples", "community-hospital-tx", "roster.csv"), TestContext.Current.CancellationToken)),
        };
        request.Content.Headers.ContentType = new("text/csv");
        if (fetchSite is not null) request.Headers.Add("Sec-Fetch-Site", fetchSite);

        using var response = await plain.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
            Assert.Contains(ServeGuard.RequestHeader, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_admin_request_without_the_header_is_refused_and_reads_need_none()
    {
        await using var serve = await Serve.StartAsync();
        using var plain = new HttpClient { BaseAddress = serve.Host.Addresses[0] };

        using var admin = await plain.PostAsync("/admin/functions/ProcessRoster", new StringContent("{}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        using var read = await plain.GetAsync("/api/catalog", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Theory]
    [InlineData("""[ { "name": "a", "key": "short", "org": "community-hospital-tx", "role": "CIO" } ]""", "at least 32 characters")]
    [InlineData("""[ { "name": "a", "key": "0123456789abcdef0123456789abcdef", "org": "Community", "role": "CIO" } ]""", "is not an organization id")]
    [InlineData("""[ { "name": "a", "key": "0123456789abcdef0123456789abcdef", "org": "community-hospital-tx", "role": "Owner" } ]""", "\"role\" must be one of Board, CIO, ComplianceOfficer (with an \"org\") or Admin (without), not 'Owner'")]
    [InlineData("""[ { "name": "a", "key": "0123456789abcdef0123456789abcdef", "org": "community-hospital-tx" } ]""", "\"role\" must be one of")]
    [InlineData("""[ { "name": "a", "key": "0123456789abcdef0123456789abcdef", "org": "community-hospital-tx", "role": 2 } ]""", "not a JSON array")]
    [InlineData("""{ "keys": [] }""", "not a JSON array")]
    public void A_keys_file_that_cannot_be_read_stops_serve_with_the_reason(string json, string reason)
    {
        var file = Path.Combine(TestTemp.Folder("compliancerisk-keys-"), "keys.json");
        File.WriteAllText(file, json);

        var error = Assert.Throws<InvalidDataException>(() => ServeKeys.Load(file));

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void A_key_given_to_two_entries_stops_serve_naming_both_and_not_the_key()
    {
        // Otherwise the key silently reaches only the later entry's organization (or the operator's key becomes an organization's).
        var file = Path.Combine(TestTemp.Folder("compliancerisk-keys-"), "keys.json");
        File.WriteAllText(file, $$"""
            [
              { "name": "olivia", "key": "{{OfficerKey}}", "org": "{{Org}}", "role": "ComplianceOfficer" },
              { "name": "olivia-clinic", "key": "{{OfficerKey}}", "org": "rural-clinic-ny", "role": "ComplianceOfficer" }
            ]
            """);

        var error = Assert.Throws<InvalidDataException>(() => ServeKeys.Load(file));

        Assert.Contains("entry 1 ('olivia-clinic'): its \"key\" is also the key of 'olivia'", error.Message);
        Assert.DoesNotContain(OfficerKey, error.Message);
    }

    [Theory]
    [InlineData("missing.json")]
    [InlineData("")]
    public void A_keys_file_that_is_missing_or_a_folder_stops_serve_naming_the_keys_file(string name)
    {
        // serve turns this error into its refusal to start; any other exception read as "cannot listen" or an internal error.
        var file = Path.Combine(TestTemp.Folder("compliancerisk-keys-"), name);

        var error = Assert.Throws<InvalidDataException>(() => ServeKeys.Load(file));

        Assert.Contains("the keys file cannot be read", error.Message);
    }

    [Theory]
    [InlineData("Admin")]
    [InlineData("admin")]
    public void An_Admin_entry_with_an_organization_stops_serve_with_the_reason(string role)
    {
        var file = Path.Combine(TestTemp.Folder("compliancerisk-keys-"), "keys.json");
        File.WriteAllText(file, $$"""
            [
              { "name": "olivia", "key": "{{OfficerKey}}", "org": "{{Org}}", "role": "ComplianceOfficer" },
              { "name": "ops", "key": "{{OperatorKey}}", "org": "{{Org}}", "role": "{{role}}" }
            ]
            """);

        var error = Assert.Throws<InvalidDataException>(() => ServeKeys.Load(file));

        Assert.Contains("entry 1 ('ops'): an Admin key has no \"org\"", error.Message);
        Assert.Contains($"remove \"org\" '{Org}'", error.Message);
        Assert.DoesNotContain(OperatorKey, error.Message);
    }

    /// <summary>serve with the app's real functions and the organization's profile stored: the data EraseOrganization would take.</summary>
    private static async Task<Serve> StartWithOrgDataAsync(string? keysFile)
    {
        var serve = await Serve.StartAsync(keysFile: keysFile);
        await serve.Host.Storage.Blobs.WriteAsync(OrgProfile, Profile, Cancel);
        return serve;
    }

    /// <summary>
    /// Asks the admin endpoint to erase the organization, then waits for every run it started: a refusal that still let
    /// the run through would show in the data afterwards.
    /// </summary>
    private static async Task<HttpResponseMessage> EraseThroughTheAdminEndpointAsync(Serve serve, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/functions/{EraseOrganizationFunction.Name}")
        {
            Content = JsonContent.Create(new { input = JsonSerializer.Serialize(new { org = Org }) }),
        };
        if (key is not null) request.Headers.Add(ServeKeys.Header, key);
        var response = await serve.Client.SendAsync(request, Cancel);
        await serve.Host.AdminRunsAsync();
        return response;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string mentioned)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(mentioned, await response.Content.ReadAsStringAsync(Cancel));
    }

    [Theory]
    [InlineData(false, null)]
    [InlineData(true, null)]
    [InlineData(true, "0123456789abcdef0123456789abcdee")]
    public async Task Without_an_operators_key_the_admin_endpoint_is_401_and_erases_nothing(bool withKeysFile, string? key)
    {
        await using var serve = await StartWithOrgDataAsync(withKeysFile ? KeysFile() : null);

        using var response = await EraseThroughTheAdminEndpointAsync(serve, key);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, withKeysFile && key is not null ? "no key of this serve's keys file" : "need an Admin key");
        Assert.True(serve.Host.Storage.Blobs.Exists(OrgProfile));
    }

    [Theory]
    [InlineData(OfficerKey)]
    [InlineData(BoardKey)]
    public async Task An_organizations_key_on_the_admin_endpoint_is_403_and_erases_nothing(string key)
    {
        await using var serve = await StartWithOrgDataAsync(KeysFile());

        using var response = await EraseThroughTheAdminEndpointAsync(serve, key);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "admin requests need an Admin key");
        Assert.True(serve.Host.Storage.Blobs.Exists(OrgProfile));
    }

    [Fact]
    public async Task The_operators_key_runs_a_function_through_the_admin_endpoint()
    {
        await using var serve = await StartWithOrgDataAsync(KeysFile());

        using var response = await EraseThroughTheAdminEndpointAsync(serve, OperatorKey);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(serve.Host.Storage.Blobs.Exists(OrgProfile));
        Assert.Contains(serve.Host.Storage.Tables.Partition("AuditLog", Org), row => (string?)row.Properties["Action"] == AuditLog.Erasure);
    }

    [Fact]
    public async Task The_operators_key_reaches_no_organization_route()
    {
        await using var serve = await StartWithOrgDataAsync(KeysFile());
        async Task<HttpStatusCode> Status(HttpMethod method, string path)
        {
            using var response = await serve.Client.SendAsync(Request(method, path, OperatorKey), Cancel);
            return response.StatusCode;
        }

        // Its principal is mapped to no organization: the handler answers it as it answers a user of none.
        Assert.Equal(HttpStatusCode.Forbidden, await Status(HttpMethod.Get, $"/api/orgs/{Org}/profile"));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(HttpMethod.Get, $"/api/orgs/{Org}/assessments"));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(HttpMethod.Put, $"/api/orgs/{Org}/profile"));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(HttpMethod.Delete, $"/api/orgs/{Org}"));
        Assert.Equal(Profile, await serve.Host.Storage.Blobs.ReadAsync(OrgProfile, Cancel));
        Assert.Empty(serve.Host.Storage.Queues.Peek(EraseOrganizationFunction.Queue));
    }
}
