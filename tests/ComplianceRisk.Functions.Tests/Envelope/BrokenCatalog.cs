using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceRisk.Functions.Tests.Envelope;

/// <summary>
/// A function's own code (ProcessRoster's, ComposeReport's), answering the envelope under another function name, with
/// the default catalog changed so that every obligation names a role it does not have: the engine then throws
/// (Catalog.GetRole) on any roster, as a defect met while assessing one would. The handler offers no way to swap its
/// catalog, so the function is mapped again here, beside the real one, with services of its own.
/// </summary>
internal static class BrokenCatalog
{
    public const string ProcessRoster = "ProcessRosterOnABrokenCatalog";
    public const string ComposeReport = "ComposeReportOnABrokenCatalog";

    /// <summary>What the engine's exception says; it may stand for roster text, so it must reach neither the log nor the officer's record.</summary>
    public const string MissingRole = "no-such-role";

    public static HandlerFunction ProcessRosterFunction(HandlerSettings settings) =>
        Function(ProcessRoster, Functions.ProcessRosterFunction.Invoke, settings);

    public static HandlerFunction ComposeReportFunction(HandlerSettings settings) =>
        Function(ComposeReport, Functions.ComposeReportFunction.Invoke, settings);

    /// <summary>
    /// An app failure's traces: the log says where it failed (the exception's type and a frame of the engine), and neither
    /// the log nor the readable record says what the exception said, as that may quote the roster.
    /// </summary>
    public static void AssertTheLogSaysWhereNotWhat(Answer answer)
    {
        Assert.Contains(answer.Response.Logs, line => line.Contains(typeof(KeyNotFoundException).FullName!, StringComparison.Ordinal) && line.Contains("at ComplianceRisk.Engine.", StringComparison.Ordinal));
        Assert.DoesNotContain(answer.Response.Logs, line => line.Contains(MissingRole, StringComparison.Ordinal));
        Assert.DoesNotContain(MissingRole, Encoding.UTF8.GetString(answer.Blob("rejected")));
    }

    private static HandlerFunction Function(string name, Func<InvocationRequest, IServiceProvider, InvocationResponse> invoke, HandlerSettings settings)
    {
        var catalog = DefaultCatalog.Load();
        var broken = catalog with { Obligations = [.. catalog.Obligations.Select(o => o with { AccountableRoles = [MissingRole] })] };
        var services = new ServiceCollection().AddSingleton(settings).AddSingleton(broken).BuildServiceProvider();
        return new(name, app => app.MapEnvelope(name, (request, _) => Task.FromResult(invoke(request, services))));
    }
}

/// <summary>
/// The handler with one function on the broken catalog, on real Kestrel over loopback, its clock and GUIDs fixed; an
/// envelope is posted as the host posts it, and the answer is returned whatever its status (a 500 is what some tests want).
/// </summary>
internal sealed class BrokenHandler : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _client;
    private readonly string _function;

    private BrokenHandler(WebApplication app, string function) =>
        (_app, _client, _function) = (app, new HttpClient { BaseAddress = new Uri(app.Urls.Single()) }, function);

    public static async Task<BrokenHandler> StartAsync(string function, Func<HandlerSettings, HandlerFunction> onTheBrokenCatalog)
    {
        var settings = new HandlerSettings { Port = 0, Clock = Serve.Clock, NewGuid = () => new Guid("00000000-0000-0000-0000-0000000000a1") };
        var app = HandlerApp.Build(settings, [onTheBrokenCatalog(settings)]);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new BrokenHandler(app, function);
    }

    public async Task<(int Status, string Text)> InvokeAsync(JsonObject envelope)
    {
        using var response = await _client.PostAsync("/" + _function, JsonContent.Create(envelope), TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>The answer of a 200, read as the host reads it.</summary>
    public static Answer Read(string text) => new(JsonSerializer.Deserialize<InvocationResponse>(text)!, text);

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync(TestContext.Current.CancellationToken);
        await _app.DisposeAsync();
    }
}
