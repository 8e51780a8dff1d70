using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;
using ComplianceRisk.Functions.Runtime.Storage;
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
    private readonly LocalStorage _storage;
    private readonly CancellationTokenSource _stopping;
    private readonly AdminEndpoint _admin;
    private readonly List<Task> _workers = [];

    private LocalHost(FunctionApp app, WebApplication handler, WebApplication front, HttpClient client, LocalStorage storage, CancellationTokenSource stopping, AdminEndpoint admin, string outbox)
    {
        Outbox = outbox;
        App = app;
        _handler = handler;
        _front = front;
        _client = client;
        _storage = storage;
        _stopping = stopping;
        _admin = admin;
    }

    public FunctionApp App { get; }

    /// <summary>The addresses serve listens on (with the real port when 0 was asked for).</summary>
    public IReadOnlyList<Uri> Addresses => [.. _front.Urls.Select(a => new Uri(a))];

    /// <summary>The blobs, tables and queues the app's bindings use (tests look at them directly).</summary>
    public LocalStorage Storage => _storage;

    /// <summary>The folder mail lands in as .eml files (<see cref="ServeOptions.OutboxDirectory"/>).</summary>
    public string Outbox { get; }

    /// <summary>Completes when the functions started through the admin endpoint so far have finished.</summary>
    public Task AdminRunsAsync() => _admin.DrainAsync();

    private static string OutboxFolder(ServeOptions options, LocalStorage storage) => options.OutboxDirectory ?? Path.Combine(storage.Root, "outbox");

    public static async Task<LocalHost> StartAsync(ServeOptions options, HandlerSettings handlerSettings, IEnumerable<HandlerFunction>? moreFunctions = null, CancellationToken cancellationToken = default)
    {
        var app = FunctionApp.Load(options.AppRoot);
        CheckSupported(app);
        // serve plays App Service authentication's part when it has keys: the handler then trusts the principal serve sets.
        var keys = options.KeysFile is { } keysFile ? ServeKeys.Load(keysFile) : null;
        if (keys is not null) handlerSettings = handlerSettings with { Authorization = keys.Authorization };
        // Without keys the handler trusts nobody, and its 401 should say what serve lacks rather than App Service's sign-in.
        else if (!handlerSettings.Authorization.PlatformAuthenticationEnabled)
            handlerSettings = handlerSettings with { Authorization = handlerSettings.Authorization with { SignInHint = ServeKeys.NoKeysHint } };
        var storage = LocalStorage.Open(options.DataDirectory, options.Clock, options.NewInvocationId);
        // This process owns the data folder now: whatever a killed serve was handling is taken back at once.
        storage.Queues.ReleaseAll();

        WebApplication handler;
        try
        {
            // serve's storage plays the app's storage account for the handler, as it plays it for the bindings.
            // ...and its outbox holds the mail the app sent, which an erasure deletes with the rest of the organization's data.
            handler = HandlerApp.Build(handlerSettings with { Port = 0, Storage = new LocalStorageAccount(storage), Outbox = new OrganizationMail(OutboxFolder(options, storage)) }, moreFunctions);
            await handler.StartAsync(cancellationToken);
        }
        catch
        {
            storage.Dispose();
            throw;
        }
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
        // The generic host logs a start or stop that fails, with the exception's whole stack, and then throws it: serve's
        // caller says it once, as one line (a port already in use is "cannot listen on …"), so the host keeps quiet.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.Services.Configure<RouteOptions>(o => o.SetParameterPolicy<RegexInlineRouteConstraint>("regex"));
        // Any web page can make a browser call loopback, and a DNS name rebound to 127.0.0.1 makes that call same-origin:
        // only requests that name serve's own address are answered (400 otherwise). No CORS headers are ever sent.
        var allowedHosts = AllowedHosts(options.Urls);
        builder.Services.AddHostFiltering(filter =>
        {
            filter.AllowedHosts = [.. allowedHosts];
            filter.AllowEmptyHosts = false;
            // HostCheck says the refusal as a problem instead of the filter's HTML page.
            filter.IncludeFailureMessage = false;
        });
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IStartupFilter>(new HostCheck(allowedHosts)));
        var front = builder.Build();
        ServeGuard.Use(front, keys);

        var logger = front.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ComplianceRisk.Serve");
        var events = new StorageEvents();
        var outbox = new SendGridOutbox(OutboxFolder(options, storage), options.Clock, logger);
        var bindings = new StorageBindings(storage, new BindingPaths(options.Clock, Guid.NewGuid), options.Clock, events, outbox);
        var forwarder = new RequestForwarder(client, options);
        var envelopes = new EnvelopeInvoker(client, options, bindings, logger);
        var blobTriggers = new BlobTriggers(app, storage, envelopes, logger);
        var queueTriggers = new QueueTriggers(envelopes, options);
        var stopping = new CancellationTokenSource();
        var timerTriggers = new TimerTriggers(app, storage, envelopes, options, logger);
        var admin = new AdminEndpoint(app, blobTriggers, queueTriggers, timerTriggers, storage, logger);
        admin.Map(front, stopping.Token);
        HttpRoutes.Map(front, app, options, forwarder, envelopes, logger);

        var host = new LocalHost(app, handler, front, client, storage, stopping, admin, outbox.Folder);
        try
        {
            await front.StartAsync(cancellationToken);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        host.StartWorkers(options, events, blobTriggers, queueTriggers, logger);
        foreach (var function in timerTriggers.Functions)
            host._workers.Add(Task.Run(() => timerTriggers.RunAsync(function, stopping.Token)));
        return host;
    }

    /// <summary>
    /// The triggers' workers (timers are started beside them): one per queue-triggered function, one for the blob trigger queue
    /// and the blob scan.
    /// </summary>
    private void StartWorkers(ServeOptions options, StorageEvents events, BlobTriggers blobTriggers, QueueTriggers queueTriggers, ILogger logger)
    {
        var workers = new List<QueueWorker>();
        foreach (var function in App.Functions.Where(f => StorageBindings.Is(f.Trigger!.Type, BindingTypes.QueueTrigger)))
            workers.Add(new QueueWorker(_storage.Queues, StorageBindings.Text(function.Trigger!, "queueName")!, null,
                (message, ct) => queueTriggers.HandleAsync(function, message, ct), options, logger));
        if (blobTriggers.Any)
        {
            var blobWorker = new QueueWorker(_storage.Queues, BlobTriggers.QueueName, BlobTriggers.PoisonQueue, blobTriggers.HandleAsync, options, logger);
            workers.Add(blobWorker);
            blobTriggers.Queued += blobWorker.Wake;
            events.BlobWritten += blobTriggers.Notice;
            _workers.Add(Task.Run(() => ScanAsync(blobTriggers, options, logger, _stopping.Token)));
        }
        events.MessageQueued += queue =>
        {
            foreach (var worker in workers.Where(w => w.Queue == queue)) worker.Wake();
        };
        foreach (var worker in workers) _workers.Add(Task.Run(() => worker.RunAsync(_stopping.Token)));
    }

    /// <summary>Blobs put in the folder by hand (or written while serve was down) are found by scanning it.</summary>
    private static async Task ScanAsync(BlobTriggers blobTriggers, ServeOptions options, ILogger logger, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.PollInterval, options.Clock);
        do
        {
            try
            {
                blobTriggers.Scan();
            }
            catch (Exception e) when (e is IOException or Microsoft.Data.Sqlite.SqliteException or UnauthorizedAccessException)
            {
                logger.LogWarning("Blob scan failed, trying again ({Message})", e.Message);
            }
        }
        while (await WaitAsync(timer, stopping));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stopping)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
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
        // Workers first: an invocation cut short leaves its message taken, and the next start takes it back.
        await _stopping.CancelAsync();
        await Task.WhenAll(_workers);
        await _admin.DrainAsync();
        await _front.StopAsync();
        await _front.DisposeAsync();
        await _handler.StopAsync();
        await _handler.DisposeAsync();
        _client.Dispose();
        _storage.Dispose();
        _stopping.Dispose();
    }

    /// <summary>
    /// The Host header values serve answers: each address it listens on, and for loopback the other names of loopback.
    /// An address on every interface (0.0.0.0, [::], *, +) cannot be told from a rebound name, so it allows any.
    /// </summary>
    internal static IReadOnlyList<string> AllowedHosts(IEnumerable<string> urls)
    {
        string[] loopback = ["localhost", "127.0.0.1", "[::1]"];
        var allowed = new List<string>();
        foreach (var url in urls)
        {
            // Parsed as Kestrel parses the addresses it listens on (--urls); an IPv6 host keeps its brackets.
            var host = BindingAddress.Parse(url).Host;
            if (host is "0.0.0.0" or "[::]" or "*" or "+") return ["*"];
            allowed.AddRange(loopback.Contains(host, StringComparer.OrdinalIgnoreCase) ? loopback : [host]);
        }
        return [.. allowed.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Every binding serve cannot carry out, named with its function, refused at start rather than at the first call.</summary>
    private static void CheckSupported(FunctionApp app)
    {
        var missing = app.Functions.SelectMany(StorageBindings.Unsupported).ToList();
        if (missing.Count > 0)
            throw new FunctionAppException($"serve cannot run these bindings: {string.Join("; ", missing)}");
    }
}
