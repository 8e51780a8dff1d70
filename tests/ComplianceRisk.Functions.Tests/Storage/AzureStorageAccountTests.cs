using System.Net;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ComplianceRisk.Functions.Handler;
using ComplianceRisk.Functions.Handler.Storage;
using ComplianceRisk.Functions.Tests.Envelope;

namespace ComplianceRisk.Functions.Tests.Storage;

/// <summary>
/// EraseOrganization in Azure: the Azure Storage SDK on the account <c>AzureWebJobsStorage</c> names, here Azurite over
/// HTTP. The organization's blobs and rows go, those of an organization whose id merely starts the same way stay, and so
/// do its audit rows and the host's own container.
/// </summary>
public sealed class AzureStorageAccountTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private AzureStorageAccount Account() =>
        AzureStorageAccount.FromEnvironment(name => name == AzureStorageAccount.Connection ? azurite.ConnectionString : null)!;

    /// <summary>The same data as serve's erasure test (RuntimeTests), written through the SDK, in containers and tables of a run of its own.</summary>
    private async Task<(BlobServiceClient Blobs, TableServiceClient Tables, string Org)> SeedAsync()
    {
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        var tables = new TableServiceClient(azurite.ConnectionString);
        // Each test its own organization: the emulator is shared by the class.
        var org = "acme-" + Guid.NewGuid().ToString("N")[..8];
        foreach (var (container, name) in new[]
        {
            ("profiles", $"{org}.json"), ("profiles", $"{org}-2.json"), ("rosters", $"{org}/r1"), ("rosters", $"{org}-2/r1"),
            ("registers", $"{org}/r1.xlsx"), (EraseOrganizationFunction.HostContainer, $"{org}/timer-status"),
        })
        {
            var client = blobs.GetBlobContainerClient(container);
            await client.CreateIfNotExistsAsync(cancellationToken: Cancel);
            await client.UploadBlobAsync(name, BinaryData.FromString("x"), Cancel);
        }
        async Task Row(string table, string partition, string row, params (string Name, object Value)[] properties)
        {
            var client = tables.GetTableClient(table);
            await client.CreateIfNotExistsAsync(Cancel);
            var entity = new TableEntity(partition, row);
            foreach (var (name, value) in properties) entity[name] = value;
            await client.AddEntityAsync(entity, Cancel);
        }
        await Row("Assessments", org, "r1");
        await Row("Assessments", org + "-2", "r1");
        await Row("AuditLog", org, "submit-1", ("Organization", org));
        await Row("Subscriptions", "subscriptions", org + "-v1", ("Organization", org), ("Hour", 8));
        await Row("Subscriptions", "subscriptions", org + "-v2", ("Organization", org + "-2"), ("Hour", 8));
        await Row("Subscriptions", "subscriptions", org + "-v4", ("organization", org), ("Note", org));
        return (blobs, tables, org);
    }

    private static async Task<List<string>> Names(BlobServiceClient blobs, string container, string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in blobs.GetBlobContainerClient(container).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, Cancel))
            names.Add(blob.Name);
        return names;
    }

    private static async Task<List<string>> RowKeys(TableServiceClient tables, string table, string filter)
    {
        var keys = new List<string>();
        await foreach (var row in tables.GetTableClient(table).QueryAsync<TableEntity>(filter, cancellationToken: Cancel)) keys.Add(row.RowKey);
        return keys;
    }

    [Fact]
    public async Task Erasure_deletes_the_organizations_blobs_and_rows_and_nothing_else()
    {
        var (blobs, tables, org) = await SeedAsync();

        var erased = await EraseOrganizationFunction.EraseAsync(Account(), org, Cancel);

        // profiles/{org}.json, rosters/{org}/r1, registers/{org}/r1.xlsx; Assessments {org}/r1, Subscriptions v1.
        Assert.Equal((3, 2), (erased.Blobs, erased.Rows));
        Assert.Empty(erased.Held);
        Assert.Equal([$"{org}-2.json"], await Names(blobs, "profiles", org));
        Assert.Equal([$"{org}-2/r1"], await Names(blobs, "rosters", org));
        Assert.Empty(await Names(blobs, "registers", org));
        Assert.Equal([$"{org}/timer-status"], await Names(blobs, EraseOrganizationFunction.HostContainer, org));
        Assert.Empty(await RowKeys(tables, "Assessments", $"PartitionKey eq '{org}'"));
        Assert.Equal(["r1"], await RowKeys(tables, "Assessments", $"PartitionKey eq '{org}-2'"));
        Assert.Equal(["submit-1"], await RowKeys(tables, "AuditLog", $"PartitionKey eq '{org}'"));
        // Only the exact property: another organization's version, and a row that names the organization under another property, stay.
        Assert.Equal([$"{org}-v2", $"{org}-v4"], (await RowKeys(tables, "Subscriptions", "PartitionKey eq 'subscriptions'")).Where(k => k.StartsWith(org, StringComparison.Ordinal)).Order());

        // A retried message finds nothing more to do.
        var again = await EraseOrganizationFunction.EraseAsync(Account(), org, Cancel);
        Assert.Equal((0, 0), (again.Blobs, again.Rows));
    }

    [Fact]
    public async Task The_function_erases_through_the_account_the_settings_name_and_audits_it()
    {
        var (blobs, _, org) = await SeedAsync();
        var settings = new HandlerSettings { Clock = Serve.Clock, NewGuid = () => new Guid("00000000-0000-0000-0000-0000000000e1"), Storage = Account() };

        var answer = await EraseOrganizationFunction.InvokeAsync(
            System.Text.Json.JsonSerializer.Deserialize<Contract.InvocationRequest>(HostEnvelopes.ErasureRequest(HostEnvelopes.ErasureMessage(org)).ToJsonString())!,
            settings, Cancel);

        Assert.Empty(await Names(blobs, "rosters", org + "/"));
        var audit = JsonNode.Parse(answer.Outputs[AuditLog.Binding].GetRawText())!.AsObject();
        Assert.Equal(org, (string?)audit["PartitionKey"]);
        Assert.Equal(AuditLog.Erasure, (string?)audit["Action"]);
        Assert.Equal("3 blobs and 2 table rows erased (AuditLog kept)", (string?)audit["Subject"]);
        Assert.Null(audit["Held"]);
    }

    /// <summary>
    /// A record blob under the time-based retention infra/ sets (version-level immutability) cannot be deleted before the
    /// period ends: the service answers 409 BlobImmutableDueToPolicy, which Azurite cannot, so the service's answers are
    /// given here at the HTTP level, as the SDK receives them.
    /// </summary>
    [Fact]
    public async Task A_record_under_retention_is_held_with_the_day_its_retention_ends()
    {
        var until = new DateTimeOffset(2032, 11, 22, 9, 0, 0, TimeSpan.Zero);
        var service = new RetainingService(until);
        var options = new BlobClientOptions { Transport = new HttpClientTransport(new HttpClient(service)), Retry = { MaxRetries = 0 } };
        var account = new AzureStorageAccount(
            new BlobServiceClient(new Uri("https://pecan.blob.core.windows.net"), new Azure.AzureSasCredential("sv=x"), options),
            new TableServiceClient(new Uri("https://pecan.table.core.windows.net"), new Azure.AzureSasCredential("sv=x")));

        var erasure = await account.DeleteBlobAsync("rosters", "acme/r1", Cancel);

        Assert.True(erasure.IsHeld);
        Assert.False(erasure.Deleted);
        Assert.Equal(until, erasure.HeldUntil);
        Assert.Equal(["GET", "DELETE", "HEAD"], service.Methods);
    }

    /// <summary>An account whose one blob, rosters/acme/r1, is under retention: no earlier versions, a refused delete, its properties.</summary>
    private sealed class RetainingService(DateTimeOffset until) : HttpMessageHandler
    {
        public List<string> Methods { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Methods.Add(request.Method.Method);
            var response = request.Method.Method switch
            {
                "GET" => new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = new StringContent("""<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="https://pecan.blob.core.windows.net/" ContainerName="rosters"><Prefix>acme/r1</Prefix><Blobs /><NextMarker /></EnumerationResults>""",
                        System.Text.Encoding.UTF8, "application/xml"),
                },
                "DELETE" => new HttpResponseMessage(HttpStatusCode.Conflict)
                {
                    Content = new StringContent("""<?xml version="1.0" encoding="utf-8"?><Error><Code>BlobImmutableDueToPolicy</Code><Message>This operation is not permitted as the blob is immutable due to a policy.</Message></Error>""",
                        System.Text.Encoding.UTF8, "application/xml"),
                    Headers = { { "x-ms-error-code", "BlobImmutableDueToPolicy" } },
                },
                _ => new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Headers = { { "x-ms-immutability-policy-until-date", until.ToString("R") }, { "x-ms-immutability-policy-mode", "unlocked" }, { "x-ms-blob-type", "BlockBlob" } },
                    Content = new ByteArrayContent([]),
                },
            };
            response.Headers.Add("x-ms-request-id", Guid.NewGuid().ToString());
            response.Headers.Add("x-ms-version", "2025-01-05");
            return Task.FromResult(response);
        }
    }
}
