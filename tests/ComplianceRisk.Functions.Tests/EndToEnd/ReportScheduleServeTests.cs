using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace ComplianceRisk.Functions.Tests.EndToEnd;

/// <summary>
/// Issue 8's scheduling half through serve over loopback HTTP: subscriptions set with PUT api/orgs/{org}/subscription,
/// then ScheduleReports run through the admin endpoint at serve's clock (2026-11-22 09:00 UTC). The app served holds
/// only the real Subscription and ScheduleReports function.json files, so the report-requests messages stay on the
/// queue to be read here rather than being taken by ComposeReport.
/// </summary>
public sealed class ReportScheduleServeTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string App() => Repo.TempApp(File.ReadAllText(Repo.File("host.json")),
        ("Subscription", File.ReadAllText(Repo.File("src", "ComplianceRisk.Functions", "Functions", "Subscription", "function.json"))),
        ("ScheduleReports", File.ReadAllText(Repo.File("src", "ComplianceRisk.Functions", "Functions", "ScheduleReports", "function.json"))));

    /// <summary>serve with a compliance officer's key for each of <paramref name="orgs"/>, which <see cref="TestKeys.OfficerClient"/> sends.</summary>
    private static Task<Serve> StartAsync(string[] orgs, TimeProvider? clock = null) =>
        Serve.StartAsync(App(), clock: clock, keysFile: TestKeys.File(orgs));

    private static async Task<HttpStatusCode> PutAsync(HttpClient client, string org, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return (await client.PutAsync($"/api/orgs/{org}/subscription", content, Cancel)).StatusCode;
    }

    private static async Task RunScheduleAsync(HttpClient client) =>
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsOperatorAsync("/admin/functions/ScheduleReports", new { input = "" }, Cancel)).StatusCode);

    /// <summary>
    /// The report-requests messages once there are <paramref name="count"/> of them, as "org period". One run's messages
    /// are enqueued in organization order, so an organization that must not be scheduled is given an id sorting before
    /// the ones that must: once these are seen, its message could no longer come.
    /// </summary>
    private static async Task<string[]> RequestsAsync(Serve serve, int count)
    {
        var messages = await Eventually.Get(() =>
        {
            var peeked = serve.Host.Storage.Queues.Peek("report-requests");
            return peeked.Count >= count ? peeked : null;
        }, $"{count} report requests");
        return [.. messages.Select(m => JsonNode.Parse(m)!).Select(m => $"{m["org"]} {m["period"]}")];
    }

    [Fact]
    public async Task Subscriptions_set_over_http_are_scheduled_in_their_own_time_zones_one_message_per_due_organization()
    {
        await using var serve = await StartAsync(["pecan-creek", "rural-clinic", "lakeside-payer"]);
        using var client = TestKeys.OfficerClient(serve);
        // 04:00 in New York (EST) and 09:00 UTC are now; 08:00 in London was an hour ago (GMT), outside the admin run's hour.
        Assert.Equal(HttpStatusCode.OK, await PutAsync(client, "pecan-creek",
            """{ "cadence": "weekly", "day": "sunday", "hour": 4, "timeZone": "America/New_York", "recipients": ["cio@pecan.example"] }"""));
        Assert.Equal(HttpStatusCode.OK, await PutAsync(client, "rural-clinic",
            """{ "cadence": "daily", "hour": 9, "timeZone": "UTC", "recipients": ["cio@clinic.example", "board@clinic.example"] }"""));
        Assert.Equal(HttpStatusCode.OK, await PutAsync(client, "lakeside-payer",
            """{ "cadence": "daily", "hour": 8, "timeZone": "Europe/London", "recipients": ["cio@payer.example"] }"""));
        // A refused document changes nothing: the clinic keeps its first subscription.
        Assert.Equal(HttpStatusCode.BadRequest, await PutAsync(client, "rural-clinic",
            """{ "cadence": "daily", "hour": 9, "timeZone": "Eastern Standard Time", "recipients": ["cio@clinic.example"] }"""));

        var stored = await client.GetFromJsonAsync<JsonObject>("/api/orgs/rural-clinic/subscription", Cancel);
        Assert.Equal(2, stored!["recipients"]!.AsArray().Count);
        var versions = serve.Host.Storage.Tables.Partition("Subscriptions", "subscriptions");
        Assert.Equal(["lakeside-payer", "pecan-creek", "rural-clinic"], versions.Select(v => v.Properties["Organization"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(versions, v => Assert.DoesNotContain("@", v.Properties["Recipients"]!.ToJsonString()));

        await RunScheduleAsync(client);
        Assert.Equal(["pecan-creek 2026-W47", "rural-clinic 2026-11-22"], await RequestsAsync(serve, 2));
    }

    [Fact]
    public async Task The_newest_version_of_each_subscription_decides_so_a_paused_one_is_not_scheduled()
    {
        // Each change a minute after the one before (version rows are ordered by the time of the change).
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Serve.Clock.GetUtcNow());
        await using var serve = await StartAsync(["pecan-creek", "rural-clinic"], clock);
        using var client = TestKeys.OfficerClient(serve);
        const string Active = """{ "cadence": "daily", "hour": 9, "timeZone": "UTC", "recipients": ["cio@example.org"] }""";
        const string Paused = """{ "cadence": "daily", "hour": 9, "timeZone": "UTC", "recipients": ["cio@example.org"], "paused": true }""";
        foreach (var (org, json) in new[] { ("pecan-creek", Active), ("pecan-creek", Paused), ("rural-clinic", Paused), ("rural-clinic", Active) })
        {
            Assert.Equal(HttpStatusCode.OK, await PutAsync(client, org, json));
            clock.Advance(TimeSpan.FromMinutes(1));
        }
        Assert.Equal(4, serve.Host.Storage.Tables.Partition("Subscriptions", "subscriptions").Count);

        await RunScheduleAsync(client);
        Assert.Equal(["rural-clinic 2026-11-22"], await RequestsAsync(serve, 1));
    }
}
