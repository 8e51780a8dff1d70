using Microsoft.AspNetCore.Builder;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;
using ComplianceRisk.Functions.Handler.Authorization;
using ComplianceRisk.Functions.Runtime.Storage;

namespace ComplianceRisk.Functions.Tests.Envelope;

/// <summary>
/// The handler alone, on real Kestrel over loopback, called as the host calls it: <c>POST /{FunctionName}</c> with an
/// envelope. The clock and the GUIDs are fixed, so the same envelope always gets the same answer.
/// </summary>
public sealed class HandlerFixture : IAsyncLifetime
{
    /// <summary>Small enough that a 413 needs no large request.</summary>
    public const long UploadLimit = 256 * 1024;

    private WebApplication _app = null!;
    private LocalStorage _storage = null!;
    public HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // Signed-in callers only (as behind App Service authentication): the officers' group is the compliance officer of
        // the test organizations, the board's group their board.
        string[] orgs = ["pecan-creek-community", "pecan-creek"];
        var mappings = orgs.SelectMany(org => new[] { new AccessMapping("officers", null, org, OrgRole.ComplianceOfficer), new AccessMapping("board", null, org, OrgRole.Board) });
        var settings = new HandlerSettings
        {
            Port = 0,
            Clock = Serve.Clock,
            NewGuid = () => new Guid("00000000-0000-0000-0000-0000000000a1"),
            MaxUploadBytes = UploadLimit,
            // Nothing else writes to the fixture's storage, so the erasure has nothing to wait for between its passes.
            ErasureSettle = TimeSpan.Zero,
            Authorization = new AuthorizationSettings(true, [.. mappings]),
            // EraseOrganization's account: serve's storage kind, in a folder of the fixture's own.
            Storage = new LocalStorageAccount(_storage = LocalStorage.Open(Directory.CreateTempSubdirectory("handler-fixture-").FullName, Serve.Clock, Guid.NewGuid)),
        };
        // Beside the real functions, ComposeReport on a catalog the engine throws on, for the outputs only a failure in the app writes.
        _app = HandlerApp.Build(settings, [BrokenCatalog.ComposeReportFunction(settings)]);
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()), Timeout = TimeSpan.FromMinutes(2) };
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _storage.Dispose();
        Directory.Delete(_storage.Root, recursive: true);
    }

    /// <summary>Sends the envelope; the handler must answer 2xx (anything else fails the invocation on the host).</summary>
    public async Task<Answer> InvokeAsync(string function, JsonObject envelope)
    {
        using var response = await Client.PostAsync("/" + function, JsonContent.Create(envelope), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{function} answered {(int)response.StatusCode}: {text}");
        return new Answer(JsonSerializer.Deserialize<InvocationResponse>(text)!, text);
    }
}

/// <summary>An invocation's answer, read the way the host applies it (HttpScriptInvocationResultExtensions.GetOutputValue).</summary>
public sealed record Answer(InvocationResponse Response, string Raw)
{
    public IReadOnlyCollection<string> OutputNames => Response.Outputs.Keys;

    /// <summary>A blob output: a base64 string the host decodes (its binding has no dataType).</summary>
    public byte[] Blob(string binding)
    {
        var value = Response.Outputs[binding];
        Assert.Equal(JsonValueKind.String, value.ValueKind);
        return Convert.FromBase64String(value.GetString()!);
    }

    /// <summary>A table or queue output: a JSON object, never a string the host could mistake for base64.</summary>
    public JsonObject Object(string binding)
    {
        var value = Response.Outputs[binding];
        Assert.Equal(JsonValueKind.Object, value.ValueKind);
        return JsonNode.Parse(value.GetRawText())!.AsObject();
    }

    public HttpOutput Http => Response.Outputs["res"].Deserialize<HttpOutput>()!;
    public int Status => int.Parse(Http.StatusCode, System.Globalization.CultureInfo.InvariantCulture);
    public JsonNode Body => JsonNode.Parse(Http.Body)!;
}
