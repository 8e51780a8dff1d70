using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ComplianceRisk.Functions.Tests;

/// <summary>
/// One test per rule of DESIGN §7 about how the Functions host calls the handler, each naming the file of
/// Azure/azure-functions-host the rule comes from. They drive serve over loopback with a small test app whose
/// handler echoes what it received, so they show what a real handler would see.
/// </summary>
public sealed class HostFidelityTests
{
    private const string ForwardingHost = """{ "version": "2.0", "customHandler": { "description": { "defaultExecutablePath": "x" }, "enableForwardingHttpRequest": true }, "extensions": { "http": { "routePrefix": "" } } }""";
    private const string EnvelopeHost = """{ "version": "2.0", "customHandler": { "description": { "defaultExecutablePath": "x" } }, "extensions": { "http": { "routePrefix": "" } } }""";
    private const string EchoFunction = """
        { "bindings": [
            { "type": "httpTrigger", "direction": "in", "name": "req", "methods": ["get", "post"], "route": "echo/{*rest}" },
            { "type": "http", "direction": "out", "name": "res" } ] }
        """;

    /// <summary>What the test handler saw of a forwarded request.</summary>
    private static readonly HandlerFunction ForwardedEcho = new("Echo", app =>
        app.MapMethods("/echo/{*rest}", ["GET", "POST"], async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            return Results.Json(new
            {
                path = request.Path.Value,
                query = request.QueryString.Value,
                contentLength = request.ContentLength,
                bodyLength = body.Length,
                contentType = request.ContentType,
                host = request.Host.Value,
                headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            });
        }));

    /// <summary>An envelope function whose answer is chosen by the test: it sees the envelope and says what to reply.</summary>
    private static HandlerFunction EnvelopeEcho(Func<InvocationRequest, HttpContext, IResult> reply) => new("Echo", app =>
        app.MapPost("/Echo", async (HttpContext context) =>
        {
            var invocation = await context.Request.ReadFromJsonAsync<InvocationRequest>();
            return reply(invocation!, context);
        }));

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    // Rule: only a function whose bindings are HTTP in and HTTP out is forwarded (one input, an httpTrigger; one output,
    // http). Source: src/WebJobs.Script/Extensions/FunctionMetadataExtensions.cs (IsHttpInAndOutFunction).
    [Theory]
    [InlineData("""[{"type":"httpTrigger","direction":"in","name":"req"},{"type":"http","direction":"out","name":"res"}]""", true)]
    [InlineData("""[{"type":"HttpTrigger","direction":"in","name":"req"},{"type":"HTTP","direction":"out","name":"$return"}]""", true)]
    [InlineData("""[{"type":"httpTrigger","direction":"in","name":"req"},{"type":"http","direction":"out","name":"res"},{"type":"queue","direction":"out","name":"q","queueName":"x"}]""", false)]
    [InlineData("""[{"type":"httpTrigger","direction":"in","name":"req"},{"type":"blob","direction":"in","name":"profile","path":"profiles/{org}.json"},{"type":"http","direction":"out","name":"res"}]""", false)]
    [InlineData("""[{"type":"queueTrigger","direction":"in","name":"msg","queueName":"x"},{"type":"blob","direction":"out","name":"b","path":"x/y"}]""", false)]
    public void Only_functions_with_http_in_and_http_out_only_are_forwarded(string bindings, bool forwarded)
    {
        var function = FunctionDefinition.Parse("F", (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse($$"""{"bindings":{{bindings}}}""")!, "F/function.json");
        Assert.Equal(forwarded, function.IsHttpInAndOut);
    }

    // Rule: with forwarding on, the handler is called at the request's own path, with its query.
    // Source: src/WebJobs.Script/Workers/Http/DefaultHttpWorkerService.cs (GetPathValue, ProcessHttpInAndOutInvocationRequest).
    [Fact]
    public async Task A_forwarded_function_keeps_its_path_and_query()
    {
        await using var serve = await Serve.StartAsync(Repo.TempApp(ForwardingHost, ("Echo", EchoFunction)), moreFunctions: [ForwardedEcho]);
        var seen = await Json(await serve.Client.GetAsync("/echo/a/b%20c?x=1&y=two", TestContext.Current.CancellationToken));
        Assert.Equal("/echo/a/b c", seen.GetProperty("path").GetString());
        Assert.Equal("?x=1&y=two", seen.GetProperty("query").GetString());
    }

    // Rule: the forwarded query is rebuilt from a dictionary, so a repeated parameter arrives once, its values joined by commas.
    // Source: src/WebJobs.Script/Extensions/HttpRequestExtensions.cs (ToHttpRequestMessage, GetQueryCollectionAsDictionary).
    [Fact]
    public async Task A_repeated_query_parameter_arrives_once_with_its_values_joined_by_commas()
    {
        await using var serve = await Serve.StartAsync(Repo.TempApp(ForwardingHost, ("Echo", EchoFunction)), moreFunctions: [ForwardedEcho]);
        var seen = await Json(await serve.Client.GetAsync("/echo/?jurisdiction=US&jurisdiction=US-TX", TestContext.Current.CancellationToken));
        Assert.Equal("?jurisdiction=US,US-TX", Uri.UnescapeDataString(seen.GetProperty("query").GetString()!));
    }

    // Rule: the body is copied only when the request has a Content-Length; a chunked body arrives empty.
    // Source: src/WebJobs.Script/Extensions/HttpRequestExtensions.cs (ToHttpRequestMessage: "Copy body").
    [Fact]
    public async Task A_body_without_content_length_arrives_empty_and_one_with_it_arrives_whole()
    {
        await using var serve = await Serve.StartAsync(Repo.TempApp(ForwardingHost, ("Echo", EchoFunction)), moreFunctions: [ForwardedEcho]);
        var bytes = Encoding.UTF8.GetBytes("employee_id,role\nE1,ciso\n");

        var withLength = await Json(await serve.Client.PostAsync("/echo/", new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, TestContext.Current.CancellationToken));
        Assert.Equal(bytes.Length, withLength.GetProperty("bodyLength").GetInt32());
        Assert.Equal(bytes.Length, withLength.GetProperty("contentLength").GetInt32());
        Assert.Equal("text/csv", withLength.GetProperty("contentType").GetString());

        var chunked = new HttpRequestMessage(HttpMethod.Post, "/echo/") { Content = new StreamContent(new MemoryStream(bytes)) };
        chunked.Headers.TransferEncodingChunked = true;
        chunked.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var withoutLength = await Json(await serve.Client.SendAsync(chunked, TestContext.Current.CancellationToken));
        Assert.Equal(0, withoutLength.GetProperty("bodyLength").GetInt32());
        // Content headers travel only with a body.
        Assert.Equal(JsonValueKind.Null, withoutLength.GetProperty("contentType").ValueKind);
    }

    // Rule: every call to the handler carries the host's version, the invocation id and the host's user agent; the
    // caller's headers, Host included, are copied. Source: src/WebJobs.Script/Workers/Http/DefaultHttpWorkerService.cs
    // (AddHeaders) and src/WebJobs.Script/Workers/Http/HttpWorkerConstants.cs; HttpRequestExtensions.cs (ToHttpRequestMessage).
    [Fact]
    public async Task The_handler_gets_the_callers_headers_and_the_hosts_own()
    {
        await using var serve = await Serve.StartAsync(Repo.TempApp(ForwardingHost, ("Echo", EchoFunction)), moreFunctions: [ForwardedEcho]);
        var request = new HttpRequestMessage(HttpMethod.Get, "/echo/");
        request.Headers.Add("X-Custom", "kept");
        var seen = await Json(await serve.Client.SendAsync(request, TestContext.Current.CancellationToken));
        var headers = seen.GetProperty("headers");
        Assert.Equal("kept", headers.GetProperty("x-custom").GetString());
        Assert.True(Guid.TryParse(headers.GetProperty("x-azure-functions-invocationid").GetString(), out _));
        Assert.False(string.IsNullOrEmpty(headers.GetProperty("x-azure-functions-hostversion").GetString()));
        Assert.Contains("Azure-Functions-Host/", headers.GetProperty("user-agent").GetString());
        Assert.Equal(serve.Client.BaseAddress!.Authority, seen.GetProperty("host").GetString());
    }

    // Rule: a forwarded function's response goes back as the handler wrote it, error statuses included.
    // Source: src/WebJobs.Script/Workers/Http/DefaultHttpWorkerService.cs (ProcessHttpInAndOutInvocationRequest: the
    // handler's HttpResponseMessage is the function's result; no EnsureSuccessStatusCode on this path).
    [Fact]
    public async Task A_forwarded_error_status_reaches_the_caller_unchanged()
    {
        await using var serve = await Serve.StartAsync();
        var response = await serve.Client.PostAsync("/api/assess", new StringContent("{}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    // Rule: a function that is not forwarded receives {"Data","Metadata"} at POST /{FunctionName}; the HTTP trigger's
    // value sits under its binding name with Url, Method, Query, Headers, Params and Body.
    // Source: src/WebJobs.Script/Workers/MessageExtensions/ScriptInvocationContextExtensions.cs (ToHttpScriptInvocationContext)
    // and src/WebJobs.Script/Extensions/HttpRequestExtensions.cs (GetRequestAsJObject).
    [Fact]
    public async Task A_function_that_is_not_forwarded_gets_the_envelope_at_its_name()
    {
        InvocationRequest? received = null;
        string? path = null;
        var echo = EnvelopeEcho((invocation, context) =>
        {
            received = invocation;
            path = context.Request.Path;
            return Results.Json(EnvelopeEndpoints.HttpAnswer("res", HttpOutput.Create(200, "{\"ok\":true}"), "handled"));
        });
        await using var serve = await Serve.StartAsync(Repo.TempApp(EnvelopeHost, ("Echo", EchoFunction)), moreFunctions: [echo]);
        var response = await serve.Client.PostAsync("/echo/x?org=acme&org=beta", new StringContent("hello", Encoding.UTF8, "text/plain"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"ok\":true}", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("/Echo", path);
        var http = received!.HttpTrigger("req")!;
        Assert.Equal("POST", http.Method);
        Assert.EndsWith("/echo/x?org=acme&org=beta", http.Url);
        Assert.Equal("acme,beta", http.Query["org"]);
        Assert.Equal("x", http.Params!["rest"]);
        Assert.Equal("hello", http.Body);
        Assert.False(http.BodyIsBase64);
        Assert.Equal("text/plain; charset=utf-8", http.Header("content-type"));
        Assert.Equal("x", received!.Metadata["rest"].GetString());
        Assert.True(received!.Metadata.ContainsKey("Query"));
        Assert.True(received!.Metadata.ContainsKey("sys"));
    }

    // Rule: in the envelope an HTTP body is bytes (base64 in JSON) only for application/octet-stream and multipart/*;
    // otherwise it is text. Source: src/WebJobs.Script/Extensions/HttpRequestExtensions.cs (GetRequestAsJObject) and
    // src/WebJobs.Script/Utility.cs (IsMediaTypeOctetOrMultipart).
    [Theory]
    [InlineData("application/octet-stream", true)]
    [InlineData("multipart/form-data; boundary=x", true)]
    [InlineData("text/csv", false)]
    [InlineData("application/json", false)]
    [InlineData("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false)]
    public async Task An_envelope_body_is_base64_only_for_octet_stream_and_multipart(string contentType, bool base64)
    {
        HttpTriggerData? http = null;
        var echo = EnvelopeEcho((invocation, _) =>
        {
            http = invocation.HttpTrigger("req");
            return Results.Json(EnvelopeEndpoints.HttpAnswer("res", HttpOutput.Create(204, "")));
        });
        await using var serve = await Serve.StartAsync(Repo.TempApp(EnvelopeHost, ("Echo", EchoFunction)), moreFunctions: [echo]);
        var bytes = "PK\u0003\u0004 some bytes"u8.ToArray();
        var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var response = await serve.Client.PostAsync("/echo/", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(base64, http!.BodyIsBase64);
        Assert.Equal(base64 ? Convert.ToBase64String(bytes) : Encoding.UTF8.GetString(bytes), http.Body);
        Assert.Equal(bytes, http.BodyBytes());
    }

    // Rule: the HTTP output in Outputs must carry StatusCode, Status, Body and Headers; the body is written as a string.
    // Source: src/WebJobs.Script/Workers/Http/HttpOutputBindingResponse.cs (all four Required.Always) and
    // src/WebJobs.Script/Workers/Http/HttpScriptInvocationResultExtensions.cs (GetHttpOutputBindingResponse).
    [Fact]
    public async Task An_http_output_is_written_as_a_string_and_an_incomplete_one_fails_the_invocation()
    {
        var replies = new Queue<object>([
            new { Outputs = new { res = new { StatusCode = "201", Status = "201", Body = "created", Headers = new Dictionary<string, string> { ["Content-Type"] = "text/plain", ["X-Id"] = "7" } } }, Logs = Array.Empty<string>(), ReturnValue = (object?)null },
            new { Outputs = new { res = new { StatusCode = "200", Body = "no status" } }, Logs = Array.Empty<string>(), ReturnValue = (object?)null },
        ]);
        var echo = EnvelopeEcho((_, _) => Results.Json(replies.Dequeue()));
        await using var serve = await Serve.StartAsync(Repo.TempApp(EnvelopeHost, ("Echo", EchoFunction)), moreFunctions: [echo]);

        var complete = await serve.Client.GetAsync("/echo/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, complete.StatusCode);
        Assert.Equal("created", await complete.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("7", complete.Headers.GetValues("X-Id").Single());

        var incomplete = await serve.Client.GetAsync("/echo/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.InternalServerError, incomplete.StatusCode);
    }

    // Rule: a non-2xx answer from the handler to an envelope fails the invocation: an HTTP caller gets 500, whatever the
    // handler said; an HTTP error must be returned inside Outputs.res with a 2xx envelope answer.
    // Source: src/WebJobs.Script/Workers/Http/DefaultHttpWorkerService.cs (ProcessDefaultInvocationRequest: EnsureSuccessStatusCode).
    [Fact]
    public async Task A_non_2xx_envelope_answer_fails_the_invocation_while_an_error_inside_res_reaches_the_caller()
    {
        var replies = new Queue<IResult>([
            Results.NotFound(),
            Results.Json(EnvelopeEndpoints.HttpAnswer("res", HttpOutput.Create(404, "{\"title\":\"no such organization\"}", "application/problem+json"))),
        ]);
        var echo = EnvelopeEcho((_, _) => replies.Dequeue());
        await using var serve = await Serve.StartAsync(Repo.TempApp(EnvelopeHost, ("Echo", EchoFunction)), moreFunctions: [echo]);

        Assert.Equal(HttpStatusCode.InternalServerError, (await serve.Client.GetAsync("/echo/", TestContext.Current.CancellationToken)).StatusCode);
        var inside = await serve.Client.GetAsync("/echo/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, inside.StatusCode);
        Assert.Equal("application/problem+json", inside.Content.Headers.ContentType?.MediaType);
    }

    // Rule: routes are host.json's routePrefix ("api" when not set) followed by the function's route, or its name when
    // it has none; DESIGN §7 sets the prefix to "" so the page can be at /.
    // Source: the http extension's routePrefix in host.json, read by src/WebJobs.Script/Workers/Http/Configuration/HttpWorkerOptionsSetup.cs's host configuration.
    [Theory]
    [InlineData("""{ "version": "2.0" }""", "Echo", null, "api/Echo")]
    [InlineData("""{ "version": "2.0", "extensions": { "http": { "routePrefix": "" } } }""", "Echo", "echo/{*rest}", "echo/{*rest}")]
    [InlineData("""{ "version": "2.0", "extensions": { "http": { "routePrefix": "v1/" } } }""", "Echo", "/echo", "v1/echo")]
    public void Route_templates_join_the_route_prefix_and_the_route(string host, string name, string? route, string expected)
    {
        var settings = HostSettings.Parse((System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(host)!);
        var trigger = route is null ? """{"type":"httpTrigger","direction":"in","name":"req"}""" : $$"""{"type":"httpTrigger","direction":"in","name":"req","route":"{{route}}"}""";
        var function = FunctionDefinition.Parse(name, (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse($$"""{"bindings":[{{trigger}},{"type":"http","direction":"out","name":"res"}]}""")!, "f");
        Assert.Equal(expected, function.RouteTemplate(settings));
    }

    // Rule: the host tries function routes in the order of function names, not by ASP.NET Core's route precedence
    // (Azure/azure-functions-host issue 9876): the Web function's catch-all must sort after every other function.
    // Source: the route table built by the host for HTTP triggers (see issue 9876); checked here against our own folders.
    [Fact]
    public void The_catch_all_web_function_sorts_after_every_other_function()
    {
        var app = FunctionApp.LoadBesideProgram();
        var ordered = app.Functions.Where(f => f.HttpTrigger is not null).OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).ToList();
        Assert.Equal("Web", ordered[^1].Name);
        Assert.Equal("{*path}", ordered[^1].HttpTrigger!.Route);
        Assert.All(ordered.SkipLast(1), f => Assert.DoesNotContain("{*", f.HttpTrigger!.Route));
    }
}
