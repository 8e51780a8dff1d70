namespace ComplianceRisk.Functions.Runtime;

/// <summary>How <c>serve</c> runs the app: which app folder, where its data lives, which addresses it listens on.</summary>
public sealed record ServeOptions
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>The function app folder (host.json and the function folders); default: beside the program.</summary>
    public string AppRoot { get; init; } = AppContext.BaseDirectory;

    /// <summary>Where the local runtime keeps blobs, tables and queues for the functions that bind to them.</summary>
    public string DataDirectory { get; init; } = Path.GetFullPath("data");

    /// <summary>Where mail from SendGrid output bindings is written as .eml files; default: <c>outbox</c> under <see cref="DataDirectory"/>.</summary>
    public string? OutboxDirectory { get; init; }

    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    /// <summary>
    /// The keys file (<see cref="ServeKeys"/>): with it, serve authenticates callers by API key as App Service
    /// authentication does on Azure; without it, no caller reaches an organization's data.
    /// </summary>
    public string? KeysFile { get; init; }

    /// <summary>
    /// Largest request the host accepts (the Functions host's default, 100 MiB, FUNCTIONS_REQUEST_BODY_SIZE_LIMIT);
    /// each function has its own, smaller, limit.
    /// </summary>
    public long MaxRequestBodyBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>The host version serve reports to the handler in X-Azure-Functions-HostVersion.</summary>
    public string HostVersion { get; init; } = "serve-" + (typeof(ServeOptions).Assembly.GetName().Version?.ToString(3) ?? "0");

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Invocation ids; passed in so tests can predict them.</summary>
    public Func<Guid> NewInvocationId { get; init; } = Guid.NewGuid;

    public LogLevel LogLevel { get; init; } = LogLevel.Warning;

    /// <summary>
    /// How often queues are looked at when nothing signalled a new message, and how often the blob folders are scanned
    /// for files put there by hand (a file is taken once it is unchanged between two scans).
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a message being handled stays hidden. A crash never waits this out: serve owns its data folder
    /// alone, so at start it takes back every message a previous process held.
    /// </summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a failed message waits before its next try (the queue trigger's default visibilityTimeout is zero).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.Zero;
}
