using ComplianceRisk.Functions.Handler.Storage;

namespace ComplianceRisk.Functions.Runtime.Storage;

/// <summary>
/// serve's own storage as the handler's storage account: what the Azure Storage SDK does to the account in Azure. serve
/// keeps no versions and no retention policies, so a blob is deleted or was not there.
/// </summary>
public sealed class LocalStorageAccount(LocalStorage storage) : IStorageAccount
{
    public Task<IReadOnlyList<string>> ContainersAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. storage.Blobs.Containers()]);

    public Task<IReadOnlyList<string>> BlobNamesAsync(string container, string prefix, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. storage.Blobs.List($"{container}/{prefix}").Select(b => b.Path[(container.Length + 1)..])]);

    public Task<BlobErasure> DeleteBlobAsync(string container, string name, CancellationToken cancellationToken) =>
        Task.FromResult(storage.Blobs.Delete($"{container}/{name}") ? BlobErasure.Gone : BlobErasure.Missing);

    public Task WriteBlobAsync(string container, string name, byte[] content, CancellationToken cancellationToken) =>
        storage.Blobs.WriteAsync($"{container}/{name}", content, cancellationToken);

    public Task<IReadOnlyList<string>> TablesAsync(CancellationToken cancellationToken) =>
        Task.FromResult(storage.Tables.TableNames());

    public Task<int> DeletePartitionAsync(string table, string partitionKey, string ownerProperty, CancellationToken cancellationToken) =>
        Task.FromResult(storage.Tables.DeletePartition(table, partitionKey, ownerProperty));

    public Task<int> DeleteRowsWhereAsync(string table, string property, string value, CancellationToken cancellationToken) =>
        Task.FromResult(storage.Tables.DeleteWhereProperty(table, property, value));
}
