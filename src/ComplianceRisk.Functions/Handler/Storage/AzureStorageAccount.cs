using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ComplianceRisk.Functions.Handler.Storage;

/// <summary>
/// The app's storage account in Azure, reached with the Azure Storage SDK under the same <c>AzureWebJobsStorage</c>
/// connection the host's bindings use: a connection string, or (as infra/ deploys it) the identity-based settings
/// <c>AzureWebJobsStorage__blobServiceUri</c> and <c>__tableServiceUri</c> (or <c>__accountName</c>) with
/// <c>__credential</c> <c>managedidentity</c> and, for a user-assigned identity, <c>__clientId</c>.
/// </summary>
/// <remarks>
/// The SDK's clients are made on first use, not when the handler starts: only erasure needs them, and making them runs
/// code (pipelines, credentials) a cold start would otherwise pay for on every request's first.
/// </remarks>
public sealed class AzureStorageAccount : IStorageAccount
{
    public const string Connection = "AzureWebJobsStorage";

    private readonly Lazy<BlobServiceClient> _blobs;
    private readonly Lazy<TableServiceClient> _tables;

    public AzureStorageAccount(BlobServiceClient blobs, TableServiceClient tables) : this(() => blobs, () => tables)
    {
    }

    private AzureStorageAccount(Func<BlobServiceClient> blobs, Func<TableServiceClient> tables) => (_blobs, _tables) = (new(blobs), new(tables));

    private BlobServiceClient Blobs => _blobs.Value;
    private TableServiceClient Tables => _tables.Value;

    public Uri BlobServiceUri => Blobs.Uri;
    public Uri TableServiceUri => Tables.Uri;

    /// <summary>The account the settings name; null when they name none (the handler then cannot erase, and says so).</summary>
    /// <exception cref="InvalidOperationException">Settings that name an account incompletely, with the setting to fix.</exception>
    public static AzureStorageAccount? FromEnvironment(Func<string, string?> variable)
    {
        string? Setting(string name) => variable(name) is { Length: > 0 } value ? value.Trim() : null;
        if (Setting(Connection) is { } connectionString)
            return new(() => new BlobServiceClient(connectionString), () => new TableServiceClient(connectionString));
        var account = Setting(Connection + "__accountName");
        var blobUri = Setting(Connection + "__blobServiceUri") ?? (account is null ? null : $"https://{account}.blob.core.windows.net");
        var tableUri = Setting(Connection + "__tableServiceUri") ?? (account is null ? null : $"https://{account}.table.core.windows.net");
        if (blobUri is null && tableUri is null) return null;
        if (blobUri is null || tableUri is null)
            throw new InvalidOperationException($"{Connection} names its {(blobUri is null ? "table" : "blob")} service only: set {Connection}__{(blobUri is null ? "blobServiceUri" : "tableServiceUri")} too (or {Connection}__accountName), so that erasure can delete an organization's blobs and table rows");
        if (!Uri.TryCreate(blobUri, UriKind.Absolute, out var blob) || !Uri.TryCreate(tableUri, UriKind.Absolute, out var table))
            throw new InvalidOperationException($"{Connection}__blobServiceUri and __tableServiceUri must be absolute URIs (got '{blobUri}' and '{tableUri}')");
        var managed = string.Equals(Setting(Connection + "__credential"), "managedidentity", StringComparison.OrdinalIgnoreCase);
        var clientId = Setting(Connection + "__clientId");
        var credential = new Lazy<TokenCredential>(() => Credential(managed, clientId));
        return new(() => new BlobServiceClient(blob, credential.Value), () => new TableServiceClient(table, credential.Value));
    }

    /// <summary>The app's managed identity (system-assigned, or the user-assigned one the client id names), or Azure's default chain.</summary>
    private static TokenCredential Credential(bool managedIdentity, string? clientId) => managedIdentity
        ? new ManagedIdentityCredential(clientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
        : new DefaultAzureCredential();

    public async Task<IReadOnlyList<string>> ContainersAsync(CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var container in Blobs.GetBlobContainersAsync(cancellationToken: cancellationToken)) names.Add(container.Name);
        return names;
    }

    public async Task<IReadOnlyList<string>> BlobNamesAsync(string container, string prefix, CancellationToken cancellationToken)
    {
        // Every version, not only the current blobs: a blob whose current version is gone (deleted by an erasure that then
        // failed, or by hand) keeps its earlier versions under versioning (infra/), and only such a listing names it.
        var names = new List<string>();
        await foreach (var blob in Blobs.GetBlobContainerClient(container).GetBlobsAsync(BlobTraits.None, BlobStates.Version, prefix, cancellationToken))
            if (names.Count == 0 || names[^1] != blob.Name) names.Add(blob.Name);
        return names;
    }

    public async Task<BlobErasure> DeleteBlobAsync(string container, string name, CancellationToken cancellationToken)
    {
        var client = Blobs.GetBlobContainerClient(container);
        var target = client.GetBlobClient(name);
        try
        {
            // The blob first, with its snapshots: with versioning on (infra/), that turns its current version into a
            // previous one, which is then deleted with the others. A retried erasure finds the versions a failed one left.
            var deleted = (await target.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken)).Value;
            var versions = new List<string>();
            await foreach (var item in client.GetBlobsAsync(BlobTraits.None, BlobStates.Version, name, cancellationToken))
                if (item.Name == name && item.VersionId is { } version) versions.Add(version);
            foreach (var version in versions)
            {
                target = client.GetBlobClient(name).WithVersion(version);
                deleted |= (await target.DeleteIfExistsAsync(cancellationToken: cancellationToken)).Value;
            }
            return deleted ? BlobErasure.Gone : BlobErasure.Missing;
        }
        catch (RequestFailedException e) when (IsHeld(e))
        {
            // A record under time-based retention or a legal hold (infra/: record containers) cannot be deleted before it
            // ends; the blob or version refused says until when.
            var properties = await target.GetPropertiesAsync(cancellationToken: cancellationToken);
            return BlobErasure.Held(properties.Value.ImmutabilityPolicy?.ExpiresOn);
        }
    }

    /// <summary>The service's refusal to delete an immutable blob (BlobImmutableDueToPolicy, BlobImmutableDueToLegalHold, …).</summary>
    internal static bool IsHeld(RequestFailedException e) =>
        e.Status == 409 && e.ErrorCode?.StartsWith("BlobImmutable", StringComparison.Ordinal) == true;

    public async Task WriteBlobAsync(string container, string name, byte[] content, CancellationToken cancellationToken)
    {
        var client = Blobs.GetBlobContainerClient(container);
        // infra/ makes the container; an account deployed before it was added gets it here (the app's identity owns the data).
        await client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await client.GetBlobClient(name).UploadAsync(new BinaryData(content), overwrite: true, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> TablesAsync(CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var table in Tables.QueryAsync(cancellationToken: cancellationToken)) names.Add(table.Name);
        return names;
    }

    public Task<int> DeletePartitionAsync(string table, string partitionKey, string ownerProperty, CancellationToken cancellationToken) =>
        // Told apart here rather than in the filter: a filter cannot ask for a property that a row lacks.
        DeleteRowsAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}"), cancellationToken,
            PropertyName(ownerProperty), row => !row.TryGetValue(ownerProperty, out var owner) || owner is null || Equals(owner, partitionKey));

    public Task<int> DeleteRowsWhereAsync(string table, string property, string value, CancellationToken cancellationToken) =>
        DeleteRowsAsync(table, TableClient.CreateQueryFilter(FormattableStringFactory.Create(PropertyName(property) + " eq {0}", value)), cancellationToken);

    /// <summary>A property name is an identifier in a filter or a select, not a value: only names that cannot change their meaning.</summary>
    private static string PropertyName(string property) =>
        property.Length > 0 && property.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && char.IsAsciiLetter(property[0])
            ? property
            : throw new ArgumentException($"'{property}' is not a table property name", nameof(property));

    private async Task<int> DeleteRowsAsync(string table, string filter, CancellationToken cancellationToken, string? alsoSelect = null, Func<TableEntity, bool>? only = null)
    {
        var client = Tables.GetTableClient(table);
        var keys = new List<(string PartitionKey, string RowKey)>();
        string[] select = alsoSelect is null ? ["PartitionKey", "RowKey"] : ["PartitionKey", "RowKey", alsoSelect];
        await foreach (var row in client.QueryAsync<TableEntity>(filter, select: select, cancellationToken: cancellationToken))
            if (only is null || only(row)) keys.Add((row.PartitionKey, row.RowKey));
        var deleted = 0;
        foreach (var (partitionKey, rowKey) in keys)
        {
            // ETag.All: whatever the row holds now, it goes. A row already gone (a retried erasure) answers 404.
            var response = await client.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
            if (response.Status != 404) deleted++;
        }
        return deleted;
    }
}
