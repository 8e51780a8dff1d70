using System.Text;
using System.Text.Json.Nodes;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;
using ComplianceRisk.Functions.Runtime;

namespace ComplianceRisk.Functions.Tests.Envelope;

/// <summary>
/// Every function.json against the handler: each binding it names is read or written, nothing else is, each binding is
/// shaped as DESIGN §7 fixes it, and no function that a blob triggers can write where a blob trigger listens.
/// </summary>
public sealed class FunctionBindingsTests(HandlerFixture handler) : IClassFixture<HandlerFixture>
{
    private const string Org = "pecan-creek-community";
    private const string Name = "2026-11-22T09-00-00Z-5f0c7e52-8a53-4f0e-9d7b-0c1d2e3f4a5b";
    private static readonly FunctionApp App = FunctionApp.LoadBesideProgram();
    private static byte[] Sample(string file) => File.ReadAllBytes(Repo.File("samples", "community-hospital-tx", file));
    private static readonly byte[] Treatments = Encoding.UTF8.GetBytes("""{ "ROLE:ehr-analyst": { "owner": "IT-DIR-0042" } }""");
    private static readonly byte[] Subscription = Encoding.UTF8.GetBytes("""{ "cadence": "weekly", "day": "monday", "hour": 8, "timeZone": "America/New_York", "recipients": ["cio@pecan.example"] }""");
    private static readonly Dictionary<string, string> OrgParams = new() { ["org"] = Org };
    private static readonly Dictionary<string, string> NameParams = new() { ["org"] = Org, ["name"] = Name };

    /// <summary>A stored assessment of the sample, as ProcessRoster writes it (the CLI's JSON is the same bytes).</summary>
    private static readonly Lazy<byte[]> Assessment = new(() =>
    {
        var stdout = new StringWriter();
        new Cli.CliApp(stdout, new StringWriter(), Serve.Clock).RunAsync(
            ["assess", Repo.File("samples", "community-hospital-tx", "roster.csv"), "--profile", Repo.File("samples", "community-hospital-tx", "profile.json"), "--as-of", "2026-11-22", "--format", "json"],
            CancellationToken.None).GetAwaiter().GetResult();
        return Encoding.UTF8.GetBytes(stdout.ToString());
    });

    private static Dictionary<string, JsonNode> Inputs(params (string Name, JsonNode Value)[] inputs) => inputs.ToDictionary(i => i.Name, i => i.Value);

    /// <summary>
    /// For each function the handler answers by envelope, invocations that together take every path that writes: every
    /// input present in each (the host always sends every input binding, a missing blob or row as null).
    /// </summary>
    private static readonly Dictionary<string, Func<JsonObject>[]> Scenarios = new()
    {
        ["Profile"] =
        [
            () => HostEnvelopes.Http("Profile", "GET", $"/api/orgs/{Org}/profile", OrgParams, inputs: Inputs(("current", HostEnvelopes.Binary(Sample("profile.json"))))),
            () => HostEnvelopes.Http("Profile", "PUT", $"/api/orgs/{Org}/profile", OrgParams, Sample("profile.json"), "application/json", inputs: Inputs(("current", HostEnvelopes.Missing))),
        ],
        ["Treatments"] =
        [
            () => HostEnvelopes.Http("Treatments", "GET", $"/api/orgs/{Org}/treatments", OrgParams, inputs: Inputs(("current", HostEnvelopes.Binary(Treatments)))),
            () => HostEnvelopes.Http("Treatments", "PUT", $"/api/orgs/{Org}/treatments", OrgParams, Treatments, "application/json", inputs: Inputs(("current", HostEnvelopes.Missing))),
        ],
        ["SubmitRoster"] =
        [
            () => HostEnvelopes.Http("SubmitRoster", "POST", $"/api/orgs/{Org}/rosters", OrgParams, Sample("roster.csv"), "application/octet-stream",
                inputs: Inputs(("erasureState", HostEnvelopes.Missing))),
            // The organization being erased: refused.
            () => HostEnvelopes.Http("SubmitRoster", "POST", $"/api/orgs/{Org}/rosters", OrgParams, Sample("roster.csv"), "application/octet-stream",
                inputs: Inputs(("erasureState", HostEnvelopes.PendingErasure(Org)))),
        ],
        ["ProcessRoster"] =
        [
            () => HostEnvelopes.RosterBlob(Org, Name, Sample("roster.csv"), HostEnvelopes.Binary(Sample("profile.json")), HostEnvelopes.Binary(Treatments), null),
            () => HostEnvelopes.RosterBlob(Org, Name, Sample("roster.csv"), HostEnvelopes.Binary(Sample("profile.json")), null, HostEnvelopes.Entity(Org, Name, "Assessed")),
            () => HostEnvelopes.RosterBlob(Org, Name, "not a roster"u8.ToArray(), HostEnvelopes.Binary(Sample("profile.json")), null, null),
            // A later submission already assessed: the latest copies stay its own.
            () => HostEnvelopes.RosterBlob(Org, Name, Sample("roster.csv"), HostEnvelopes.Binary(Sample("profile.json")), null, null,
                HostEnvelopes.Rows(HostEnvelopes.Entity(Org, "9999-12-31T23-59-59Z-later", "Assessed"))),
            // The organization being erased: nothing is written.
            () => HostEnvelopes.RosterBlob(Org, Name, Sample("roster.csv"), HostEnvelopes.Binary(Sample("profile.json")), null, null,
                erasureState: HostEnvelopes.PendingErasure(Org)),
        ],
        ["ComposeReport"] =
        [
            () => HostEnvelopes.ReportRequest(HostEnvelopes.ReportMessage(Org, "2026-W47"), Inputs(
                ("subscription", HostEnvelopes.Binary("""{ "cadence": "daily", "hour": 8, "timeZone": "UTC", "recipients": ["cio@pecan.example"] }"""u8.ToArray())),
                ("roster", HostEnvelopes.Binary(Sample("roster.csv"))),
                ("profile", HostEnvelopes.Binary(Sample("profile.json"))),
                ("treatments", HostEnvelopes.Binary(Treatments)),
                ("previous", HostEnvelopes.Binary(Assessment.Value)),
                ("history", HostEnvelopes.Rows(new JsonObject { ["PartitionKey"] = Org, ["RowKey"] = Name, ["Status"] = "Assessed", ["AsOf"] = "2026-11-22", ["ReadinessIndex"] = 70.0 })))),
            () => HostEnvelopes.ReportRequest(HostEnvelopes.ReportMessage(Org, "2026-W47"), Inputs(
                ("subscription", HostEnvelopes.Binary("""{ "cadence": "daily", "hour": 8, "timeZone": "UTC", "recipients": ["cio@pecan.example"] }"""u8.ToArray())),
                ("roster", HostEnvelopes.Binary(Sample("roster.csv"))),
                ("profile", HostEnvelopes.Binary(Sample("profile.json"))),
                ("done", new JsonObject { ["PartitionKey"] = Org, ["RowKey"] = "2026-W47" }))),
        ],
        ["EraseOrganization"] =
        [
            () => HostEnvelopes.ErasureRequest(HostEnvelopes.ErasureMessage(Org)),
        ],
        ["ListAssessments"] =
        [
            () => HostEnvelopes.Http("ListAssessments", "GET", $"/api/orgs/{Org}/assessments", OrgParams, inputs: Inputs(("assessments", HostEnvelopes.Rows(HostEnvelopes.Entity(Org, Name, "Assessed"))))),
        ],
        ["GetAssessment"] =
        [
            () => HostEnvelopes.Http("GetAssessment", "GET", $"/api/orgs/{Org}/assessments/{Name}", NameParams, inputs: Inputs(("assessment", HostEnvelopes.Binary("{}"u8.ToArray())))),
        ],
        ["GetRegister"] =
        [
            () => HostEnvelopes.Http("GetRegister", "GET", $"/api/orgs/{Org}/assessments/{Name}/register", NameParams,
                inputs: Inputs(("register", HostEnvelopes.Binary([0x50, 0x4b, 3, 4])), ("assessment", HostEnvelopes.Binary(Assessment.Value)))),
            () => HostEnvelopes.Http("GetRegister", "GET", $"/api/orgs/{Org}/assessments/{Name}/register", NameParams,
                inputs: Inputs(("register", HostEnvelopes.Binary([0x50, 0x4b, 3, 4])), ("assessment", HostEnvelopes.Binary(Assessment.Value))),
                query: new Dictionary<string, string> { ["pseudonymize"] = "true" }),
        ],
        ["DeleteOrganization"] =
        [
            () => HostEnvelopes.Http("DeleteOrganization", "DELETE", $"/api/orgs/{Org}", OrgParams),
        ],
        ["Subscription"] =
        [
            () => HostEnvelopes.Http("Subscription", "GET", $"/api/orgs/{Org}/subscription", OrgParams, inputs: Inputs(("current", HostEnvelopes.Binary(Subscription)))),
            () => HostEnvelopes.Http("Subscription", "PUT", $"/api/orgs/{Org}/subscription", OrgParams, Subscription, "application/json", inputs: Inputs(("current", HostEnvelopes.Missing))),
        ],
        ["ScheduleReports"] =
        [
            () => HostEnvelopes.Timer("ScheduleReports", null, Inputs(("subscriptions", HostEnvelopes.Rows(ReportScheduleContractTests.Version(Org, "daily", null, 9, "UTC"))))),
        ],
    };

    /// <summary>Functions with outputs only a failure in the app writes: they also run on a catalog the engine throws on (<see cref="BrokenCatalog"/>), with their first scenario.</summary>
    private static readonly Dictionary<string, string> OnABrokenCatalog = new() { ["ComposeReport"] = BrokenCatalog.ComposeReport };

    public static TheoryData<string> EnvelopeFunctions => [.. App.Functions.Where(f => !f.IsHttpInAndOut).Select(f => f.Name)];

    [Fact]
    public void Every_function_that_is_not_forwarded_has_scenarios_here()
    {
        Assert.Equal(EnvelopeFunctions.Select(row => (string)row.Data).Order(), Scenarios.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(EnvelopeFunctions))]
    public async Task Every_output_binding_is_written_and_no_other_output_is(string function)
    {
        var declared = App.Find(function)!.Outputs.Select(b => b.Name).ToHashSet();
        var written = new HashSet<string>();
        foreach (var scenario in Scenarios[function])
        {
            var answer = await handler.InvokeAsync(function, scenario());
            Assert.Subset(declared, answer.OutputNames.ToHashSet());
            written.UnionWith(answer.OutputNames);
        }
        if (OnABrokenCatalog.TryGetValue(function, out var broken))
        {
            var answer = await handler.InvokeAsync(broken, Scenarios[function][0]());
            Assert.Subset(declared, answer.OutputNames.ToHashSet());
            written.UnionWith(answer.OutputNames);
        }
        Assert.Equal(declared.Order(), written.Order());
    }

    [Theory]
    [MemberData(nameof(EnvelopeFunctions))]
    public async Task Every_input_binding_is_read_and_the_host_sends_no_other(string function)
    {
        var definition = App.Find(function)!;
        var inputs = definition.Inputs.Select(b => b.Name).ToHashSet();
        var read = new HashSet<string> { definition.Trigger!.Name };
        foreach (var scenario in Scenarios[function])
        {
            var envelope = scenario();
            Assert.Equal(inputs.Order(), envelope["Data"]!.AsObject().Select(d => d.Key).Order());
            var answer = (await handler.InvokeAsync(function, envelope)).Raw;
            // An input is read when the answer depends on it: the same invocation with that input missing answers otherwise.
            foreach (var input in inputs.Except(read).ToList())
            {
                var without = scenario();
                without["Data"]![input] = HostEnvelopes.Missing;
                if ((await handler.InvokeAsync(function, without)).Raw != answer) read.Add(input);
            }
        }
        Assert.Equal(inputs.Order(), read.Order());
    }

    [Theory]
    [MemberData(nameof(EnvelopeFunctions))]
    public void Storage_bindings_are_shaped_as_design_section_7_fixes_them(string function)
    {
        // A timer trigger names no storage: the host keeps its schedule status itself.
        foreach (var binding in App.Find(function)!.Bindings.Where(b => b.Type is not (BindingTypes.HttpTrigger or BindingTypes.Http or BindingTypes.TimerTrigger)))
        {
            var where = $"{function}.{binding.Name}";
            if (binding.Type == BindingTypes.SendGrid)
            {
                // Not storage: its key comes from the setting the binding names (a Key Vault reference in the infrastructure).
                Assert.True(binding.Raw["apiKey"]?.GetValue<string>() == "AzureWebJobsSendGridApiKey", $"{where}: apiKey AzureWebJobsSendGridApiKey");
                Assert.Equal(BindingDirection.Out, binding.Direction);
                continue;
            }
            Assert.True(binding.Raw["connection"]?.GetValue<string>() == "AzureWebJobsStorage", $"{where}: connection AzureWebJobsStorage");
            if (binding.Type is BindingTypes.Blob or BindingTypes.BlobTrigger)
            {
                // Inputs arrive as base64 bytes only with dataType binary; an output with dataType binary would be stored
                // as the base64 text itself (HttpScriptInvocationResultExtensions.GetBindingValue).
                Assert.True(binding.Direction == BindingDirection.In ? binding.DataType == "binary" : binding.DataType is null, $"{where}: dataType");
                Assert.False(string.IsNullOrEmpty(binding.Path), $"{where}: path");
            }
            if (binding.Type == BindingTypes.Table && binding.Name == AuditLog.Binding)
                Assert.Equal(AuditLog.Table, binding.Raw["tableName"]!.GetValue<string>());
            if (binding.Type == BindingTypes.Table && binding.Raw["tableName"]!.GetValue<string>() == AuditLog.Table)
                Assert.Equal(AuditLog.Binding, binding.Name);
        }
    }

    public static TheoryData<string, string[], string> OrgRoutes => new()
    {
        { "Profile", ["get", "put"], "api/orgs/{org:regex(^[a-z0-9-]+$):length(3,63)}/profile" },
        { "Treatments", ["get", "put"], "api/orgs/{org:regex(^[a-z0-9-]+$):length(3,63)}/treatments" },
        { "Subscription", ["get", "put"], "api/orgs/{org:regex(^[a-z0-9-]+$):length(3,63)}/subscription" },
        { "SubmitRoster", ["post"], "api/orgs/{org:regex(^[a-z0-9-]+$):length(3,63)}/rosters" },
        { "ListAssessments", ["get"], "api/orgs/{org:regex(^[a-z0-9-]+$):length(3,63)}/assessments" },
        { "GetAssessment", ["get"], "api/orgs/{org:regex(^[a-z0-9-]+$):length(3,63)}/assessments/{name:regex(^[A-Za-z0-9-]+$)}" },
        { "GetRegister", ["get"], "api/orgs/{org:regex(^[a-z0-9-]+$):length(3,63)}/assessments/{name:regex(^[A-Za-z0-9-]+$)}/register" },
        { "DeleteOrganization", ["delete"], "api/orgs/{org:regex(^[a-z0-9-]+$):length(3,63)}" },
    };

    [Theory]
    [MemberData(nameof(OrgRoutes))]
    public void Each_org_route_has_the_method_and_route_of_design_section_7_and_gets_the_envelope(string function, string[] methods, string route)
    {
        var definition = App.Find(function)!;
        Assert.False(definition.IsHttpInAndOut);
        Assert.Equal(methods, definition.HttpTrigger!.Methods);
        Assert.Equal(route, definition.RouteTemplate(App.Host));
        Assert.StartsWith(OrgInvocation.OrgRoute, route);
    }

    /// <summary>
    /// On Azure a browser may send the App Service sign-in cookie with a cross-site request, and a page on another site may
    /// POST a form (urlencoded, multipart or plain text) without a CORS preflight, which the app never approves. So every
    /// HTTP function that stores anything must be reached by PUT or DELETE (always preflighted) or, if by POST, refuse
    /// the types a form can send: SubmitRoster takes only application/octet-stream (OrgFunctionsContractTests).
    /// </summary>
    [Fact]
    public void The_only_HTTP_function_that_stores_anything_on_a_POST_is_SubmitRoster()
    {
        var storingOnPost = App.Functions
            .Where(f => f.HttpTrigger is { } trigger && trigger.Methods.Contains("post"))
            .Where(f => f.Outputs.Any(b => !b.Type.Equals(BindingTypes.Http, StringComparison.OrdinalIgnoreCase)))
            .Select(f => f.Name);
        Assert.Equal(["SubmitRoster"], storingOnPost);
    }

    [Fact]
    public void No_output_can_write_where_a_blob_trigger_listens_except_SubmitRoster_which_only_http_triggers()
    {
        var triggers = App.Functions.Select(f => f.Trigger!).Where(t => t.Type == BindingTypes.BlobTrigger).Select(t => t.Path!).ToList();
        Assert.Contains("rosters/{org}/{name}", triggers);
        var overlapping = App.Functions
            .SelectMany(f => f.Outputs.Where(b => b.Type == BindingTypes.Blob).Select(b => (Function: f, Output: b)))
            .Where(o => triggers.Any(t => Overlap(t, o.Output.Path!)))
            .Select(o => $"{o.Function.Name}.{o.Output.Name}")
            .ToList();
        Assert.Equal(["SubmitRoster.roster"], overlapping);
        Assert.Equal(BindingTypes.HttpTrigger, App.Find("SubmitRoster")!.Trigger!.Type);
    }

    /// <summary>
    /// Whether a path an output pattern makes can match a trigger pattern: their fixed starts must agree (one a prefix
    /// of the other), and a path made from the output with sample values must match the trigger (BindingPaths.Match).
    /// The prefix test alone is conservative; the match confirms a real overlap.
    /// </summary>
    private static bool Overlap(string trigger, string output)
    {
        static string Fixed(string pattern) => pattern[..(pattern.IndexOf('{') is var i and >= 0 ? i : pattern.Length)];
        var (a, b) = (Fixed(trigger), Fixed(output));
        if (!a.StartsWith(b, StringComparison.Ordinal) && !b.StartsWith(a, StringComparison.Ordinal)) return false;
        var sample = System.Text.RegularExpressions.Regex.Replace(output, @"\{[^{}]+\}", "x1");
        Assert.NotNull(BindingPaths.Match(trigger, sample)); // sharing a fixed start but never matching would need a closer look
        return true;
    }

    [Fact]
    public async Task The_openapi_document_describes_every_org_route_with_the_methods_its_function_json_declares()
    {
        var document = JsonNode.Parse(await handler.Client.GetStringAsync("/api/openapi.json", TestContext.Current.CancellationToken))!;
        foreach (var function in App.Functions.Where(f => f.HttpTrigger is not null && f.RouteTemplate(App.Host)!.StartsWith("api/orgs/", StringComparison.Ordinal)))
        {
            // The route without its constraints is the OpenAPI path: {org:regex(…):length(3,63)} → {org}.
            var path = "/" + System.Text.RegularExpressions.Regex.Replace(function.RouteTemplate(App.Host)!, @"\{(\w+):[^/]*\}", "{$1}");
            var item = document["paths"]![path];
            Assert.True(item is not null, $"{function.Name}: {path} is not in the OpenAPI document");
            foreach (var method in function.HttpTrigger!.Methods)
            {
                var responses = item![method]?["responses"]?.AsObject();
                Assert.True(responses is not null, $"{function.Name}: {method} {path} is not in the OpenAPI document");
                Assert.Contains("401", responses!.Select(r => r.Key));
                Assert.Contains(responses!.Select(r => r.Key), status => status.StartsWith('2'));
            }
        }
    }
}
