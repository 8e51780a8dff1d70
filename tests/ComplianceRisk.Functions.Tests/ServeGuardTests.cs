using System.Net;
using System.Text.Json;
using ComplianceRisk.Functions.Runtime;

namespace ComplianceRisk.Functions.Tests;

/// <summary>
/// What keeps a web page in the same browser from using serve (DESIGN §7): loopback is reachable by any page's
/// requests and by a DNS name rebound to 127.0.0.1, so serve answers only its own Host names and sends no CORS headers.
/// </summary>
public sealed class ServeGuardTests(ServeFixture serve) : IClassFixture<ServeFixture>
{
    [Theory]
    [InlineData("evil.example")]
    [InlineData("rebound.attacker.test:7071")]
    public async Task A_request_naming_another_host_is_refused_with_a_problem_that_does_not_repeat_the_host(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/catalog");
        request.Headers.Host = host;

        using var response = await serve.Client.SendAsync(request, TestContext.Current.CancellationToken);

        await ServeHttpTests.AssertProblem(response, HttpStatusCode.BadRequest, "Host header");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        // The names serve does answer, which come from its own --urls, tell the caller what to use instead.
        Assert.Contains("localhost, 127.0.0.1, [::1]", problem.GetProperty("detail").GetString());
        // The host is the attacker's text: the answer does not carry it back.
        Assert.DoesNotContain(host.Split(':')[0], await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task Loopback_names_are_answered(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/catalog");
        request.Headers.Host = $"{host}:{serve.App.Host.Addresses[0].Port}";

        using var response = await serve.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task No_cors_headers_are_sent_to_another_origin()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/assess");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/catalog");
        get.Headers.Add("Origin", "https://evil.example");

        using var preflightResponse = await serve.Client.SendAsync(preflight, TestContext.Current.CancellationToken);
        using var getResponse = await serve.Client.SendAsync(get, TestContext.Current.CancellationToken);

        // Without Access-Control-Allow-Origin the browser keeps the answer from the other page, and refuses to send the POST.
        Assert.DoesNotContain(preflightResponse.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(getResponse.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, getResponse.StatusCode);
    }

    [Theory]
    [InlineData("http://127.0.0.1:7071", "localhost,127.0.0.1,[::1]")]
    [InlineData("http://localhost:0", "localhost,127.0.0.1,[::1]")]
    [InlineData("http://[::1]:7071", "localhost,127.0.0.1,[::1]")]
    [InlineData("http://compliance.lan:8080", "compliance.lan")]
    [InlineData("http://0.0.0.0:7071", "*")]
    [InlineData("http://[::]:7071", "*")]
    [InlineData("http://+:7071", "*")]
    [InlineData("https://compliance.lan:8443/", "compliance.lan")]
    public void Allowed_hosts_follow_the_addresses_serve_listens_on(string url, string hosts)
    {
        Assert.Equal(hosts.Split(','), LocalHost.AllowedHosts([url]));
    }
}
