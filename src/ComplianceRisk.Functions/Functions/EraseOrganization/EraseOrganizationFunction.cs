using System.Globalization;
using System.Text.Json.Nodes;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;
using ComplianceRisk.Functions.Handler.Authorization;
using ComplianceRisk.Functions.Handler.Storage;

namespace ComplianceRisk.Functions;

/// <summary>
/// Queue trigger <c>erasure-requests</c> (envelope), one message <c>{org, requestedAt, requestedBy}</c> per
/// DeleteOrganization: erases the organization's data from the app's storage account, and records in the audit log what
/// was erased and which records retention holds, until when. Bindings cannot delete, so this is the one function that
/// works on the account itself (<see cref="IStorageAccount"/>). Generic on purpose, knowing no other function: every blob
/// <c>{container}/{org}.json</c> or under <c>{container}/{org}/</c> with its earlier versions (but not in the host's own
/// containers, <see cref="HostContainerPrefix"/>), and in every table but <see cref="AuditLog"/> (which keeps the record of
/// the deletion) the partition <c>{org}</c> (but not its rows whose <see cref="OrganizationProperty"/> names another
/// organization: an organization may be called <c>subscriptions</c>, the key of every organization's subscription
/// versions) and the rows whose <see cref="OrganizationProperty"/> is the organization (rows of a shared partition, such
/// as subscription versions). Deleting what is already gone changes nothing, so a retried
/// message finishes the work. A message that names no organization, or an app with no storage account to work on, fails
/// the invocation: the host retries it and then keeps it in the poison queue, so no request is lost unread.
/// <para>
/// Work that read the organization's data before the erasure began (a ProcessRoster in flight) is written by the host
/// after its answer, which may be after the erasure went by. So the erasure marks itself pending first
/// (<see cref="ErasureState"/>: SubmitRoster refuses rosters and ProcessRoster writes nothing meanwhile), erases, waits
/// <see cref="HandlerSettings.ErasureSettle"/> for such work to land, erases again, and only then marks itself done.
/// The state blob, in <see cref="ErasureState.Container"/>, is kept like the audit log.
/// </para>
/// </summary>
public static class EraseOrganizationFunction
{
    public const string Name = "EraseOrganization";
    public const string Request = "request";
    public const string Queue = DeleteOrganizationFunction.Queue;

    /// <summary>The property by which a row outside the organization's partition says whose it is.</summary>
    public const string OrganizationProperty = "Organization";
    /// <summary>The host's own state (timer status, blob receipts), which no organization owns.</summary>
    public const string HostContainer = "azure-webjobs-hosts";
    /// <summary>
    /// How every container of the host's own is named (<see cref="HostContainer"/>, and <c>azure-webjobs-secrets</c>, whose
    /// keys live under <c>{host id}/</c>: the app's name, which is also a valid organization id).
    /// </summary>
    public const string HostContainerPrefix = "azure-webjobs-";
    /// <summary>Who the audit row names: the app itself, working through the queue.</summary>
    public const string Actor = "system:" + Name;
    /// <summary>Who a request names that did not come through DeleteOrganization and names no one (<c>requestedBy</c>).</summary>
    public const string UnnamedRequester = "operator";
    /// <summary>The subject of the deletion-request row of such a request: the queue, and that no route was called.</summary>
    public const string UnrecordedSubject = Queue + " (not through DELETE api/orgs/{org})";
    /// <summary>Held records named in the audit row, at most (the row says how many more there are).</summary>
    public const int HeldNamed = 50;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapEnvelope(Name, (request, cancellationToken) => InvokeAsync(request, app.ServiceProvider.GetRequiredService<HandlerSettings>(), cancellationToken));

    public static async Task<InvocationResponse> InvokeAsync(InvocationRequest request, HandlerSettings settings, CancellationToken cancellationToken)
    {
        var message = request.Json(Request) as JsonObject;
        string? Text(string name) => message?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        var org = Text("org");
        if (!OrgAccessPolicy.IsOrgId(org))
            throw new InvalidOperationException("The erasure request names no organization id ({\"org\": \"a-z0-9-, 3 to 63\"} expected); it is left for the poison queue");
        var account = settings.Storage
            ?? throw new InvalidOperationException($"No storage account to erase {org} from: set {AzureStorageAccount.Connection} (or its identity-based settings); the request is retried, then kept in the poison queue");
        var started = settings.Clock.GetUtcNow();
        // DeleteOrganization recorded its request (deletion-request) and says when and by whom; a request that does not
        // (the admin endpoint, a message put on the queue by hand) is recorded here, so every erasure has its request row.
        var recorded = Text("requestedAt") is not null && Text("requestedBy") is not null;
        var pending = new ErasureState(org!, Text("requestedAt") ?? AuditLog.Timestamp(started), Text("requestedBy") ?? UnnamedRequester, null);
        await account.WriteBlobAsync(ErasureState.Container, $"{org}.json", pending.ToBytes(), cancellationToken);
        var erased = await EraseAsync(account, org!, cancellationToken, settings.Outbox);
        await Task.Delay(settings.ErasureSettle, settings.Clock, cancellationToken);
        erased += await EraseAsync(account, org!, cancellationToken, settings.Outbox);
        var now = settings.Clock.GetUtcNow();
        var row = AuditLog.Row(org!, AuditLog.Erasure, now, Actor, erased.Summary, null, settings.NewGuid());
        if (erased.Held.Count > 0) row["Held"] = erased.HeldText;
        JsonNode rows = recorded ? row : new JsonArray(
            AuditLog.Row(org!, AuditLog.DeletionRequest, started, pending.RequestedBy, UnrecordedSubject,
                AuditLog.Sha256(System.Text.Encoding.UTF8.GetBytes(message!.ToJsonString())), settings.NewGuid()),
            row);
        return new InvocationOutputs()
            .Blob(ErasureState.Binding, (pending with { ErasedAt = AuditLog.Timestamp(now) }).ToBytes())
            .Json(AuditLog.Binding, rows)
            .Log($"erased {org}: {erased.Summary}")
            .ToResponse();
    }

    /// <summary>One pass: the organization's blobs and rows, and its mail still in <paramref name="outbox"/> (serve's).</summary>
    public static async Task<Erased> EraseAsync(IStorageAccount account, string org, CancellationToken cancellationToken, IMailOutbox? outbox = null)
    {
        var blobs = 0;
        var held = new List<(string Path, DateTimeOffset Until)>();
        foreach (var container in await account.ContainersAsync(cancellationToken))
        {
            if (container.StartsWith(HostContainerPrefix, StringComparison.Ordinal) || container == ErasureState.Container) continue;
            foreach (var name in await account.BlobNamesAsync(container, org, cancellationToken))
            {
                if (name != $"{org}.json" && !name.StartsWith($"{org}/", StringComparison.Ordinal)) continue;
                var erasure = await account.DeleteBlobAsync(container, name, cancellationToken);
                if (erasure.HeldUntil is { } until) held.Add(($"{container}/{name}", until));
                else if (erasure.Deleted) blobs++;
            }
        }
        var rows = 0;
        foreach (var table in await account.TablesAsync(cancellationToken))
        {
            if (table == AuditLog.Table) continue;
            rows += await account.DeletePartitionAsync(table, org, OrganizationProperty, cancellationToken);
            rows += await account.DeleteRowsWhereAsync(table, OrganizationProperty, org, cancellationToken);
        }
        var mail = outbox is null ? 0 : await outbox.EraseAsync(org, cancellationToken);
        return new Erased(blobs, rows, held, mail);
    }

    /// <summary>What an erasure did: blobs and table rows deleted, and records retention holds (path, end of retention).</summary>
    public sealed record Erased(int Blobs, int Rows, IReadOnlyList<(string Path, DateTimeOffset Until)> Held, int Mail = 0)
    {
        /// <summary>Both passes of one erasure: a record held in the first is held again in the second, and named once.</summary>
        public static Erased operator +(Erased first, Erased second) =>
            new(first.Blobs + second.Blobs, first.Rows + second.Rows, [.. second.Held.UnionBy(first.Held, h => h.Path)], first.Mail + second.Mail);

        public string Summary => $"{Count(Blobs, "blob")} and {Count(Rows, "table row")} erased ({AuditLog.Table} kept)"
            + (Mail > 0 ? $"; {Count(Mail, "sent message")} erased from serve's outbox" : "")
            + (Held.Count > 0 ? $"; {Count(Held.Count, "record")} held by retention, the last until {Day(Held.Max(h => h.Until))}" : "");

        private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

        /// <summary>The held records, each with the day its retention ends; the first <see cref="HeldNamed"/> by path.</summary>
        public string HeldText
        {
            get
            {
                var named = Held.OrderBy(h => h.Path, StringComparer.Ordinal).Take(HeldNamed).Select(h => $"{h.Path} until {Day(h.Until)}");
                return string.Join("; ", named) + (Held.Count > HeldNamed ? $"; and {Held.Count - HeldNamed} more" : "");
            }
        }

        private static string Day(DateTimeOffset at) => at == DateTimeOffset.MaxValue
            ? "a legal hold is lifted"
            : at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
