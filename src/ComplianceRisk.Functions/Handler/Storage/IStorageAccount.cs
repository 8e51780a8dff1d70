namespace ComplianceRisk.Functions.Handler.Storage;

/// <summary>
/// The storage account behind the app's bindings (the <c>AzureWebJobsStorage</c> connection), for the one thing bindings
/// cannot do: delete (and mark an erasure pending before the function's outputs are written). In Azure it is the account itself, reached with the Azure Storage SDK and the app's identity
/// (<see cref="AzureStorageAccount"/>); in serve, serve's own storage, which plays the account there.
/// </summary>
public interface IStorageAccount
{
    Task<IReadOnlyList<string>> ContainersAsync(CancellationToken cancellationToken);

    /// <summary>The names of the container's blobs that start with <paramref name="prefix"/>.</summary>
    Task<IReadOnlyList<string>> BlobNamesAsync(string container, string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes a blob with its snapshots and earlier versions, unless a retention policy holds it.</summary>
    Task<BlobErasure> DeleteBlobAsync(string container, string name, CancellationToken cancellationToken);

    /// <summary>Writes a blob now, replacing it: for the one write that cannot wait for the function's answer.</summary>
    Task WriteBlobAsync(string container, string name, byte[] content, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> TablesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the rows of a partition, but not those whose string property <paramref name="ownerProperty"/> names someone
    /// other than <paramref name="partitionKey"/>: a shared partition (the <c>subscriptions</c> one of every organization's
    /// subscription versions) may have the key an organization also has as its id.
    /// </summary>
    /// <returns>How many rows were deleted.</returns>
    Task<int> DeletePartitionAsync(string table, string partitionKey, string ownerProperty, CancellationToken cancellationToken);

    /// <summary>Deletes the rows whose string property <paramref name="property"/> is <paramref name="value"/>, in any partition.</summary>
    /// <returns>How many rows were deleted.</returns>
    Task<int> DeleteRowsWhereAsync(string table, string property, string value, CancellationToken cancellationToken);
}

/// <summary>What deleting one blob came to: deleted (false when it was already gone), or held by retention until a time.</summary>
public readonly record struct BlobErasure(bool Deleted, DateTimeOffset? HeldUntil = null)
{
    public static BlobErasure Gone => new(true);
    public static BlobErasure Missing => new(false);
    public static BlobErasure Held(DateTimeOffset? until) => new(false, until ?? DateTimeOffset.MaxValue);

    public bool IsHeld => HeldUntil is not null;
}
