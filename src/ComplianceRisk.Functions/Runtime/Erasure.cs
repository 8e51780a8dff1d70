using System.Text.Json;
using ComplianceRisk.Functions.Handler.Authorization;
using ComplianceRisk.Functions.Runtime.Storage;

namespace ComplianceRisk.Functions.Runtime;

/// <summary>
/// Consumes <see cref="QueueName"/> in serve: erasing an organization is a storage operation on a tenant key, which in
/// Azure the platform carries out (DeleteOrganization only records the request). Generic on purpose, knowing no
/// function: every blob <c>{container}/{org}.json</c> or under <c>{container}/{org}/</c>, and in every table but
/// <see cref="AuditTable"/> (which keeps the record of the deletion) the partition <c>{org}</c> and the rows whose
/// <see cref="OrganizationProperty"/> is the organization (rows of a shared partition, such as subscription versions).
/// </summary>
public sealed class Erasure(LocalStorage storage, ILogger logger)
{
    public const string QueueName = "erasure-requests";
    public const string AuditTable = "AuditLog";
    /// <summary>The property by which a row outside the organization's partition says whose it is.</summary>
    public const string OrganizationProperty = "Organization";
    /// <summary>The runtime's own state (timer status), which no organization owns.</summary>
    public const string HostContainer = "azure-webjobs-hosts";

    /// <summary>False (retry, then poison) for a message that names no valid organization.</summary>
    public Task<bool> HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        string? org = null;
        try
        {
            using var json = JsonDocument.Parse(message.Body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("org", out var value) && value.ValueKind == JsonValueKind.String)
                org = value.GetString();
        }
        catch (JsonException)
        {
        }
        if (org is null || !OrgAccessPolicy.IsOrgId(org))
        {
            logger.LogError("Erasure request {Id} names no organization id ({{\"org\": \"a-z0-9-, 3 to 63\"}} expected)", message.Id);
            return Task.FromResult(false);
        }
        var blobs = 0;
        foreach (var container in storage.Blobs.Containers().Where(c => c != HostContainer))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (storage.Blobs.Delete($"{container}/{org}.json")) blobs++;
            blobs += storage.Blobs.DeletePrefix($"{container}/{org}/");
        }
        var rows = storage.Tables.DeletePartitionEverywhere(org, [AuditTable])
            + storage.Tables.DeleteWherePropertyEverywhere(OrganizationProperty, org, [AuditTable]);
        logger.LogInformation("Erased organization {Org}: {Blobs} blobs, {Rows} table rows ({Audit} kept)", org, blobs, rows, AuditTable);
        return Task.FromResult(true);
    }
}
