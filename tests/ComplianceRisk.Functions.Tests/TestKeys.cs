using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ComplianceRisk.Functions.Runtime;

namespace ComplianceRisk.Functions.Tests;

/// <summary>
/// Keys for serve under test (<see cref="ServeKeys"/>): the operator's key, the only one serve's admin endpoint takes,
/// and a ComplianceOfficer key for each organization a test works in.
/// </summary>
internal static partial class TestKeys
{
    /// <summary>The operator's key (role Admin, no organization): serve's stand-in for the host's master key.</summary>
    public const string Operator = "0perat0r-0123456789abcdef01234567";

    /// <summary>The name the operator's key has in <see cref="File"/>, which serve's log shows.</summary>
    public const string OperatorName = "ops";

    /// <summary>The ComplianceOfficer key of <paramref name="org"/> in <see cref="File"/>: one of its own for each organization.</summary>
    public static string Officer(string org) => $"officer-{org}-0123456789abcdef01234567";

    /// <summary>A keys file with the operator's key and a ComplianceOfficer key for each of <paramref name="orgs"/>.</summary>
    public static string File(params IEnumerable<string> orgs)
    {
        var entries = new JsonArray(new JsonObject { ["name"] = OperatorName, ["key"] = Operator, ["role"] = ServeKeys.AdminRole });
        foreach (var org in orgs)
            entries.Add(new JsonObject { ["name"] = $"officer-{org}", ["key"] = Officer(org), ["org"] = org, ["role"] = "ComplianceOfficer" });
        var file = Path.Combine(TestTemp.Folder("compliancerisk-keys-"), "keys.json");
        System.IO.File.WriteAllText(file, entries.ToJsonString());
        return file;
    }

    /// <summary>
    /// A client of serve started with <see cref="File"/> that sends each organization route its organization's officer
    /// key, as one person who is the compliance officer of every organization there would: tests of what the app does,
    /// not of who may do it, then read as they would on Azure with one signed-in user.
    /// </summary>
    public static HttpClient OfficerClient(Serve serve)
    {
        var client = new HttpClient(new OfficerKeys { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = serve.Host.Addresses[0],
            Timeout = serve.Client.Timeout,
        };
        client.DefaultRequestHeaders.Add(ServeGuard.RequestHeader, "tests");
        return client;
    }

    /// <summary>POST to serve's admin endpoint with the operator's key, whatever key the client sends otherwise.</summary>
    public static Task<HttpResponseMessage> PostAsOperatorAsync(this HttpClient client, string path, object body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(ServeKeys.Header, Operator);
        return client.SendAsync(request, cancellationToken);
    }

    [GeneratedRegex("^/api/orgs/(?<org>[^/]+)")]
    private static partial Regex OrgRoute();

    private sealed class OfficerKeys : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!request.Headers.Contains(ServeKeys.Header) && OrgRoute().Match(request.RequestUri!.AbsolutePath) is { Success: true } route)
                request.Headers.Add(ServeKeys.Header, Officer(Uri.UnescapeDataString(route.Groups["org"].Value)));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
