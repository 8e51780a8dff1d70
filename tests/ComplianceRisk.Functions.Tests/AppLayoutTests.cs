using System.Net;
using System.Text.Json.Nodes;
using ComplianceRisk.Cli;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;

namespace ComplianceRisk.Functions.Tests;

/// <summary>host.json, the function.json files and the handler agree with each other and with DESIGN §7.</summary>
public sealed class AppLayoutTests
{
    private static readonly string FunctionsFolder = Repo.File("src", "ComplianceRisk.Functions", "Functions");

    [Fact]
    public void Host_json_names_the_handler_turns_forwarding_on_uses_bundle_v4_and_an_empty_route_prefix()
    {
        var host = (JsonObject)JsonNode.Parse(File.ReadAllText(Repo.File("host.json")))!;
        Assert.Equal("2.0", host["version"]!.GetValue<string>());
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", host["extensionBundle"]!["id"]!.GetValue<string>());
        Assert.StartsWith("[4.", host["extensionBundle"]!["version"]!.GetValue<string>());
        var settings = HostSettings.Parse(host);
        Assert.Equal("", settings.RoutePrefix);
        Assert.True(settings.EnableForwardingHttpRequest);
        Assert.Equal(typeof(HandlerApp).Assembly.GetName().Name, settings.DefaultExecutablePath);
    }

    [Fact]
    public void Every_function_folder_has_a_handler_function_and_every_handler_function_a_folder()
    {
        var folders = Directory.EnumerateDirectories(FunctionsFolder).Where(d => File.Exists(Path.Combine(d, "function.json"))).Select(d => Path.GetFileName(d)!).Order().ToList();
        Assert.Equal(folders, HandlerApp.Functions.Select(f => f.Name).Order().ToList());
        Assert.Superset(new HashSet<string> { "Web", "Assess", "RenderRegister", "RosterTemplate", "Catalog" }, folders.ToHashSet());
    }

    [Fact]
    public void The_build_output_is_the_function_app_layout_serve_reads()
    {
        var app = FunctionApp.LoadBesideProgram();
        Assert.Equal(HandlerApp.Functions.Select(f => f.Name).Order(), app.Functions.Select(f => f.Name).Order());
        foreach (var function in app.Functions)
            Assert.Equal(File.ReadAllText(Path.Combine(FunctionsFolder, function.Name, "function.json")), File.ReadAllText(Path.Combine(AppContext.BaseDirectory, function.Name, "function.json")));
    }

    public static TheoryData<string, string, string> Routes => new()
    {
        { "Web", "get", "{*path}" },
        { "Assess", "post", "api/assess" },
        { "RenderRegister", "post", "api/registers" },
        { "RosterTemplate", "get", "api/template" },
        { "Catalog", "get", "api/catalog" },
        { "OpenApi", "get", "api/openapi.json" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public void Each_stateless_function_is_forwarded_with_the_route_and_method_of_design_section_7(string name, string method, string route)
    {
        var app = FunctionApp.LoadBesideProgram();
        var function = app.Find(name)!;
        Assert.True(function.IsHttpInAndOut);
        Assert.Equal([method], function.HttpTrigger!.Methods);
        Assert.Equal(route, function.RouteTemplate(app.Host));
    }

    [Fact]
    public async Task Serve_command_lists_the_functions_answers_over_http_and_stops_on_cancel()
    {
        var port = FreePort();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var data = TestTemp.Folder("compliancerisk-data-");
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => new CliApp(TextWriter.Synchronized(stdout), stderr, Serve.Clock).RunAsync(["serve", "--urls", $"http://127.0.0.1:{port}", "--data", data], stop.Token), TestContext.Current.CancellationToken);
        // The command exposes no "started" event to a caller in-process; poll until it answers.
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        HttpResponseMessage? catalog = null;
        for (var attempt = 0; attempt < 100 && catalog is null; attempt++)
        {
            try { catalog = await client.GetAsync("/api/catalog", TestContext.Current.CancellationToken); }
            catch (HttpRequestException) { await Task.Delay(100, TestContext.Current.CancellationToken); }
            Assert.False(run.IsCompleted, stderr.ToString());
        }
        Assert.Equal(HttpStatusCode.OK, catalog!.StatusCode);
        Assert.Contains($"http://127.0.0.1:{port}/api/assess", stdout.ToString());
        Assert.Contains("Assess: [POST]", stdout.ToString());
        Assert.True(Directory.Exists(data));

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/api/catalog", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Serve_refuses_an_address_that_is_not_http_and_a_folder_that_is_not_an_app()
    {
        var stderr = new StringWriter();
        Assert.Equal(1, await new CliApp(new StringWriter(), stderr, Serve.Clock).RunAsync(["serve", "--urls", "ftp://127.0.0.1:1"], TestContext.Current.CancellationToken));
        Assert.Contains("--urls", stderr.ToString());

        stderr = new StringWriter();
        var empty = TestTemp.Folder("compliancerisk-notapp-");
        Assert.Equal(2, await new CliApp(new StringWriter(), stderr, Serve.Clock).RunAsync(["serve", "--app", empty, "--urls", $"http://127.0.0.1:{FreePort()}"], TestContext.Current.CancellationToken));
        Assert.Contains("host.json", stderr.ToString());
    }

    [Fact]
    public async Task Serve_refuses_a_pseudonym_key_in_its_environment_that_is_no_secret()
    {
        var stderr = new StringWriter();
        var environment = new Dictionary<string, string> { [HandlerSettings.PseudonymKeySetting] = "short" };
        // A serve that started anyway is stopped after a while, so the test fails instead of waiting for ever.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        stop.CancelAfter(TimeSpan.FromSeconds(30));
        Assert.Equal(ExitCodes.UsageError, await new CliApp(new StringWriter(), stderr, Serve.Clock, environment: name => environment.GetValueOrDefault(name))
            .RunAsync(["serve", "--data", TestTemp.Folder("compliancerisk-data-"), "--urls", $"http://127.0.0.1:{FreePort()}"], stop.Token));
        Assert.Contains("ComplianceRisk__PseudonymKey is shorter than 16 characters", stderr.ToString());
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
