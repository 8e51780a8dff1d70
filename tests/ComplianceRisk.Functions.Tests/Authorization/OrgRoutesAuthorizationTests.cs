using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;
using ComplianceRisk.Functions.Handler.Authorization;

namespace ComplianceRisk.Functions.Tests.Authorization;

/// <summary>
/// Issue 9's authorization checks on every organization route the app has, through serve over loopback: each route and
/// method is read from the function.json files (a new org function is checked as soon as its folder exists), filled in
/// with an organization, and called without a credential, as another organization's officer, and as the board.
/// </summary>
public sealed class OrgRoutesAuthorizationTests(OrgRoutesAuthorizationTests.MappedServe serve) : IClassFixture<OrgRoutesAuthorizationTests.MappedServe>
{
    public const string Org = "community-hospital-tx";
    private const string Officers = "11111111-0000-0000-0000-000000000001";
    private const string ClinicOfficers = "22222222-0000-0000-0000-000000000001";
    private const string Mappings = """
        [
          { "group": "11111111-0000-0000-0000-000000000001", "org": "community-hospital-tx", "role": "ComplianceOfficer" },
          { "appRole": "Board.community-hospital-tx", "org": "community-hospital-tx", "role": "Board" },
          { "group": "22222222-0000-0000-0000-000000000001", "org": "rural-clinic-ny", "role": "ComplianceOfficer" }
        ]
        """;

    public static readonly string Officer = OrgAccessPolicyTests.Principal("olivia@hospital.example", groups: [Officers]);
    public static readonly string Board = OrgAccessPolicyTests.Principal("bea@hospital.example", roles: ["Board.community-hospital-tx"]);
    public static readonly string ClinicOfficer = OrgAccessPolicyTests.Principal("cora@clinic.example", groups: [ClinicOfficers]);

    public static AuthorizationSettings Settings(bool platformAuthentication = true) =>
        new(platformAuthentication, AuthorizationSettings.ParseMappings(Mappings));

    /// <summary>The app as built, under serve, with the platform's authentication reported on and the mappings above.</summary>
    public sealed class MappedServe : IAsyncLifetime
    {
        public Serve App { get; private set; } = null!;

        public async ValueTask InitializeAsync() => App = await Serve.StartAsync(settings: new HandlerSettings { Authorization = Settings() });

        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }

    /// <summary>Every method of every route under api/orgs/, with its parameters filled in: (function, method, path).</summary>
    public static TheoryData<string, string, string> OrgRoutes()
    {
        var app = FunctionApp.LoadBesideProgram();
        var data = new TheoryData<string, string, string>();
        foreach (var function in app.Functions)
        {
            var route = function.RouteTemplate(app.Host);
            if (route is null || !route.StartsWith("api/orgs/", StringComparison.Ordinal)) continue;
            foreach (var method in function.HttpTrigger!.Methods)
                data.Add(function.Name, method.ToUpperInvariant(), "/" + Fill(route));
        }
        return data;
    }

    /// <summary>A route template with {org} set to <see cref="Org"/> and any other parameter to a plausible name (constraints may hold braces of their own).</summary>
    internal static string Fill(string template)
    {
        var path = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '{') { path.Append(template[i]); continue; }
            var depth = 0;
            var start = i;
            for (; i < template.Length; i++)
            {
                if (template[i] == '{') depth++;
                else if (template[i] == '}' && --depth == 0) break;
            }
            var name = template[(start + 1)..i].Split(':', 2)[0].TrimStart('*');
            path.Append(name == "org" ? Org : "20261122-a");
        }
        return path.ToString();
    }

    [Fact]
    public void The_app_has_the_org_routes_of_design_section_7()
    {
        var routes = OrgRoutes().Select(r => $"{r.Data.Item2} {r.Data.Item3}").ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            $"GET /api/orgs/{Org}/profile", $"PUT /api/orgs/{Org}/profile",
            $"GET /api/orgs/{Org}/treatments", $"PUT /api/orgs/{Org}/treatments",
            $"POST /api/orgs/{Org}/rosters",
            $"GET /api/orgs/{Org}/assessments", $"GET /api/orgs/{Org}/assessments/20261122-a", $"GET /api/orgs/{Org}/assessments/20261122-a/register",
            $"DELETE /api/orgs/{Org}",
        }, routes);
    }

    private static HttpRequestMessage Request(string method, string path, string? principal)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "PUT" or "POST")
            request.Content = new ByteArrayContent("{}"u8.ToArray()) { Headers = { { "Content-Type", "application/json" } } };
        if (principal is not null) request.Headers.Add(ClientPrincipal.Header, principal);
        return request;
    }

    private async Task<HttpStatusCode> StatusAsync(string method, string path, string? principal, Serve? app = null)
    {
        using var response = await (app ?? serve.App).Client.SendAsync(Request(method, path, principal), TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    [Theory]
    [MemberData(nameof(OrgRoutes))]
    public async Task Without_a_credential_every_org_route_answers_401(string function, string method, string path)
    {
        Assert.True(await StatusAsync(method, path, null) == HttpStatusCode.Unauthorized, $"{function}: {method} {path}");
    }

    [Theory]
    [MemberData(nameof(OrgRoutes))]
    public async Task Another_organizations_officer_gets_403_on_every_org_route(string function, string method, string path)
    {
        Assert.True(await StatusAsync(method, path, ClinicOfficer) == HttpStatusCode.Forbidden, $"{function}: {method} {path}");
    }

    public static TheoryData<string, string, string> WriteRoutes() =>
        [.. OrgRoutes().Where(r => r.Data.Item2 is not ("GET" or "HEAD")).Select(r => r.Data)];

    [Theory]
    [MemberData(nameof(WriteRoutes))]
    public async Task The_board_gets_403_on_every_write_route(string function, string method, string path)
    {
        Assert.True(await StatusAsync(method, path, Board) == HttpStatusCode.Forbidden, $"{function}: {method} {path}");
    }

    [Fact]
    public async Task A_forged_principal_gets_401_on_every_org_route_while_the_platform_reports_authentication_off()
    {
        await using var unauthenticated = await Serve.StartAsync(settings: new HandlerSettings { Authorization = Settings(platformAuthentication: false) });

        var answered = new List<string>();
        foreach (var (function, method, path) in OrgRoutes().Select(r => r.Data))
            answered.Add($"{function} {method} {path}: {(int)await StatusAsync(method, path, Officer, unauthenticated)}");

        Assert.All(answered, line => Assert.EndsWith(": 401", line));
        Assert.NotEmpty(answered);
    }

    [Fact]
    public async Task The_boards_register_of_a_processed_roster_has_no_names_and_the_officers_has()
    {
        var client = serve.App.Client;
        var cancel = TestContext.Current.CancellationToken;
        var profile = JsonNode.Parse(await File.ReadAllTextAsync(Repo.File("samples", "community-hospital-tx", "profile.json"), cancel))!;
        profile["id"] = Org;
        using (var put = Request("PUT", $"/api/orgs/{Org}/profile", Officer))
        {
            put.Content = new StringContent(profile.ToJsonString(), Encoding.UTF8, "application/json");
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(put, cancel)).StatusCode);
        }
        using (var post = Request("POST", $"/api/orgs/{Org}/rosters", Officer))
        {
            post.Content = new ByteArrayContent(await File.ReadAllBytesAsync(Repo.File("samples", "community-hospital-tx", "roster.csv"), cancel)) { Headers = { { "Content-Type", "application/octet-stream" } } };
            Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(post, cancel)).StatusCode);
        }

        // The blob trigger assesses the roster in the background; the board may follow the history meanwhile.
        var name = await Eventually.Get(async () =>
        {
            using var list = await client.SendAsync(Request("GET", $"/api/orgs/{Org}/assessments", Board), cancel);
            var entries = (await list.Content.ReadFromJsonAsync<JsonObject>(cancel))?["assessments"]?.AsArray() ?? [];
            return entries.FirstOrDefault(e => e?["status"]?.GetValue<string>() == "Assessed")?["name"]?.GetValue<string>();
        }, "the roster's assessment");

        async Task<string> RegisterText(string principal)
        {
            using var response = await client.SendAsync(Request("GET", $"/api/orgs/{Org}/assessments/{name}/register", principal), cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var download = (await response.Content.ReadFromJsonAsync<JsonObject>(cancel))!;
            using var zip = new ZipArchive(new MemoryStream(Convert.FromBase64String(download["contentBase64"]!.GetValue<string>())));
            return string.Concat(zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)).Select(e => new StreamReader(e.Open()).ReadToEnd()));
        }
        var officers = await RegisterText(Officer);
        var boards = await RegisterText(Board);

        // People of the sample roster, by name: in the officer's register, in no cell of the board's.
        string[] people = ["Rosa Delgado", "Janet Coleman"];
        Assert.All(people, person => Assert.Contains(person, officers));
        Assert.All(people, person => Assert.DoesNotContain(person, boards));
        Assert.Contains("Person ", boards);
        // Nor may the board read the assessment itself, which names them.
        using var assessment = await client.SendAsync(Request("GET", $"/api/orgs/{Org}/assessments/{name}", Board), cancel);
        Assert.Equal(HttpStatusCode.Forbidden, assessment.StatusCode);
    }
}
