namespace ComplianceRisk.Functions.Handler;

/// <summary>How the handler runs: where it listens, its request limits, and its clock (passed in so tests can fix "today").</summary>
public sealed record HandlerSettings
{
    /// <summary>Loopback port to listen on; 0 picks a free one (serve and tests).</summary>
    public int Port { get; init; }

    /// <summary>Largest roster or assessment accepted in a request body (default 32 MiB, about 300k CSV rows).</summary>
    public long MaxUploadBytes { get; init; } = 32L * 1024 * 1024;

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Where unique ids (audit row keys) come from; passed in so tests get the same answer twice.</summary>
    public Func<Guid> NewGuid { get; init; } = Guid.NewGuid;

    public LogLevel LogLevel { get; init; } = LogLevel.Warning;

    /// <summary>The address reports are mailed from (app setting <c>ComplianceRisk__Reports__FromAddress</c>).</summary>
    public string ReportSender { get; init; } = DefaultReportSender;

    public const string DefaultReportSender = "compliance-reports@localhost";

    /// <summary>
    /// The secret pseudonymized registers are keyed with (app setting <c>ComplianceRisk__PseudonymKey</c>); without it they
    /// are keyed by the organization id alone, which anyone can recompute (RegisterOptions.PseudonymKey).
    /// </summary>
    public byte[]? PseudonymKey { get; init; }

    /// <summary>
    /// The storage account EraseOrganization deletes from: in Azure the one <c>AzureWebJobsStorage</c> names
    /// (<see cref="Storage.AzureStorageAccount.FromEnvironment"/>), in serve serve's own; none, and erasure requests wait
    /// in the poison queue.
    /// </summary>
    public Storage.IStorageAccount? Storage { get; init; }

    /// <summary>
    /// How long an erasure waits between its two passes (app setting <c>ComplianceRisk__ErasureSettleSeconds</c>, 120 by
    /// default): longer than any ProcessRoster or ComposeReport that read the organization's data before the erasure began
    /// may still take to write its answer (the largest roster the upload limit lets in takes well under a minute), which
    /// the host writes after the first pass, and the second then erases. The whole erasure must finish inside the time an
    /// invocation is given: serve gives the handler 5 minutes, a retried erasure starts over.
    /// </summary>
    public TimeSpan ErasureSettle { get; init; } = DefaultErasureSettle;

    public static readonly TimeSpan DefaultErasureSettle = TimeSpan.FromMinutes(2);
    public const string ErasureSettleSetting = "ComplianceRisk__ErasureSettleSeconds";

    /// <summary>The erasure's wait from <c>ComplianceRisk__ErasureSettleSeconds</c> (the default when not set); serve reads it too.</summary>
    public static TimeSpan ReadErasureSettle(Func<string, string?> variable) => variable(ErasureSettleSetting) switch
    {
        null or "" => DefaultErasureSettle,
        var text when int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) => TimeSpan.FromSeconds(seconds),
        var text => throw new InvalidOperationException($"{ErasureSettleSetting} is '{text}', not a whole number of seconds"),
    };

    /// <summary>Mail kept after it was sent, which erasure erases too: serve's outbox; none on Azure.</summary>
    public IMailOutbox? Outbox { get; init; }

    /// <summary>Who may reach an organization's data (docs/functions.md, "Authorization"); by default nobody.</summary>
    public Authorization.AuthorizationSettings Authorization { get; init; } = Handler.Authorization.AuthorizationSettings.None;

    /// <summary>
    /// Reads the settings the Functions host and the app settings provide: the port from
    /// <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>, the upload limit from <c>ComplianceRisk__MaxUploadBytes</c>, authorization
    /// from <c>WEBSITE_AUTH_ENABLED</c> and <c>ComplianceRisk__Authorization__Mappings</c>, the reports' sender from
    /// <c>ComplianceRisk__Reports__FromAddress</c>, the pseudonym key from <c>ComplianceRisk__PseudonymKey</c>, the storage
    /// account from <c>AzureWebJobsStorage</c> and its identity-based settings.
    /// </summary>
    public static HandlerSettings FromEnvironment(Func<string, string?> variable)
    {
        var port = variable(Contract.HostHeaders.PortVariable);
        if (!int.TryParse(port, out var number) || number is < 1 or > 65535)
            throw new InvalidOperationException(
                $"{Contract.HostHeaders.PortVariable} is {(port is null ? "not set" : $"'{port}', not a port")}: this program is started by the Azure Functions host. " +
                "To run the app on this machine, use `complianceRisk serve`.");
        var settings = new HandlerSettings { Port = number, LogLevel = LogLevel.Information, Authorization = Handler.Authorization.AuthorizationSettings.FromEnvironment(variable) };
        if (variable("ComplianceRisk__MaxUploadBytes") is { } limit)
            settings = settings with { MaxUploadBytes = long.TryParse(limit, out var bytes) && bytes > 0 ? bytes : throw new InvalidOperationException($"ComplianceRisk__MaxUploadBytes is '{limit}', not a positive number of bytes") };
        return settings with { ErasureSettle = ReadErasureSettle(variable), ReportSender = ReadReportSender(variable), PseudonymKey = ReadPseudonymKey(variable), Storage = Handler.Storage.AzureStorageAccount.FromEnvironment(variable) };
    }

    /// <summary>
    /// The pseudonym key from <c>ComplianceRisk__PseudonymKey</c> (its UTF-8 bytes; null when it is not set). An error
    /// naming the setting when it is shorter than 16 characters, or is a Key Vault reference App Service could not
    /// resolve (it then passes the reference text itself, which is no secret). serve and the CLI read it too.
    /// </summary>
    public static byte[]? ReadPseudonymKey(Func<string, string?> variable) => variable(PseudonymKeySetting) switch
    {
        null or "" => null,
        var text when text.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) =>
            throw new InvalidOperationException($"{PseudonymKeySetting} is an unresolved Key Vault reference ({text}): set the secret it names, or give the app access to the vault (infra/README.md)"),
        { Length: < MinPseudonymKeyLength } => throw new InvalidOperationException($"{PseudonymKeySetting} is shorter than {MinPseudonymKeyLength} characters: use a long random secret (e.g. `openssl rand -base64 32`)"),
        var text => System.Text.Encoding.UTF8.GetBytes(text),
    };

    public const string PseudonymKeySetting = "ComplianceRisk__PseudonymKey";
    private const int MinPseudonymKeyLength = 16;

    /// <summary>
    /// The reports' sender from the app setting <c>ComplianceRisk__Reports__FromAddress</c> (the default when it is not
    /// set); an error naming the setting when it is not a plain a@b address. serve reads it from its environment too.
    /// </summary>
    public static string ReadReportSender(Func<string, string?> variable) =>
        variable(ReportSenderSetting) is not { Length: > 0 } sender ? DefaultReportSender
        : Engine.Reports.ReportSubscription.IsPlainAddress(sender.Trim()) ? sender.Trim()
        : throw new InvalidOperationException($"{ReportSenderSetting} is '{sender}', not a plain mail address (a@b, no display name)");

    public const string ReportSenderSetting = "ComplianceRisk__Reports__FromAddress";
}
