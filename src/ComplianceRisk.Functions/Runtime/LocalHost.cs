using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;
using Microsoft.AspNetCore.Routing.Constraints;

namespace ComplianceRisk.Functions.Runtime;

/// <summary>
/// The local stand-in for the Azure Functions host: it starts the handler on a loopback port of its own, as the host
/// does, reads the same host.json and function.json files, and routes each request the way the host would.
/// </summary>
public sealed class LocalHost : IAsyncDisposable
{
    private readonly WebApplication _handler;
    private readonly WebApplication _front;
    private readonly HttpClient _client;

    private LocalHost(FunctionApp app, WebApplication handler, WebApplication front, HttpClient client)
    {
        App = app;
        _handler = handler;
        _front = front;
        _client = client;
    }

    public FunctionApp App { get; }

    /// <summary>The addresses serve listens on (with the real port when 0 was asked for).</summary>
    public IReadOnlyList<Uri> Addresses => [.. _front.Urls.Select(a => new Uri(a))];

    public static async Task<LocalHost> StartAsync(ServeOptions options, HandlerSettings handlerSettings, IEnumerable<HandlerFunction>? moreFunctions = null, CancellationToken cancellationToken = default)
    {
        var app = FunctionApp.Load(options.AppRoot);
        CheckSupported(app);
        Directory.CreateDirectory(options.DataDirectory);

        var handler = HandlerApp.Build(handlerSettings with { Port = 0 }, moreFunctions);
        await handler.StartAsync(cancellationToken);
        var handlerAddress = handler.Urls.Single();
        // The host's own client: no redirects followed, no cookies kept (DefaultHttpProxyService / DefaultHttpWorkerService).
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = System.Net.DecompressionMethods.None })
        {
            BaseAddress = new Uri(handlerAddress),
            Timeout = TimeSpan.FromMinutes(5),
        };

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            k.AddServerHeader = false;
        });
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        // ASP.NET Core's own start-up chatter says nothing the serve command does not already print.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.Configure<RouteOptions>(o => o.SetParameterPolicy<RegexInlineRouteConstraint>("regex"));
        var front = builder.Build();

        var logger = front.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ComplianceRisk.Serve");
        var forwarder = new RequestForwarder(client, options);
        var envelopes = new EnvelopeInvoker(client, options, logger);
        HttpRoutes.Map(front, app, options, forwarder, envelopes, logger);

        var host = new LocalHost(app, handler, front, client);
        try
        {
            await front.StartAsync(cancellationToken);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    /// <summary>Runs until the token is cancelled (Ctrl+C in the CLI).</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _front.StopAsync();
        await _front.DisposeAsync();
        await _handler.StopAsync();
        await _handler.DisposeAsync();
        _client.Dispose();
    }

    /// <summary>The binding types this runtime carries out; a function that needs another is refused at start, by name.</summary>
    private static readonly string[] SupportedBindings = [BindingTypes.HttpTrigger, BindingTypes.Http];

    private static void CheckSupported(FunctionApp app)
    {
        var missing = app.Functions.SelectMany(f => f.Bindings.Where(b => !SupportedBindings.Contains(b.Type, StringComparer.OrdinalIgnoreCase)).Select(b => $"{f.Name} ({b.Type} '{b.Name}')")).ToList();
        if (missing.Count > 0)
            throw new FunctionAppException($"serve cannot run these bindings yet: {string.Join(", ", missing)}");
    }
}
