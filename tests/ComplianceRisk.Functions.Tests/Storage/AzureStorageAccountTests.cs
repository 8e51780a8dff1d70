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

    /// <summary>
    /// An organization whose id is also the key of a shared partition (<c>subscriptions</c>, where every organization's
    /// subscription versions are kept) is erased without taking the other organizations' rows with it.
    /// </summary>
    [Fact]
    public async Task Erasing_an_organization_named_like_a_shared_partition_leaves_the_other_organizations_rows_in_it()
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        // A table of this run's own, named like the shared one, so that other tests' rows do not meet this one's.
        var name = "Subscriptions" + Guid.NewGuid().ToString("N")[..8];
        var client = tables.GetTableClient(name);
        await client.CreateIfNotExistsAsync(Cancel);
        await client.AddEntityAsync(new TableEntity("subscriptions", "v1") { ["Organization"] = "acme" }, Cancel);
        await client.AddEntityAsync(new TableEntity("subscriptions", "v2") { ["Organization"] = "subscriptions" }, Cancel);
        await client.AddEntityAsync(new TableEntity("subscriptions", "v3") { ["Hour"] = 8 }, Cancel);

        var rows = await Account().DeletePartitionAsync(name, "subscriptions", EraseOrganizationFunction.OrganizationProperty, Cancel);

        Assert.Equal(["v1"], await RowKeys(tables, name, "PartitionKey eq 'subscriptions'"));
        Assert.Equal(2, rows);
    }

    [Fact]
    public async Task The_function_erases_through_the_account_the_settings_name_and_audits_it()
    {
        var (blobs, _, org) = await SeedAsync();
        var settings = new HandlerSettings { Clock = Serve.Clock, NewGuid = () => new Guid("00000000-0000-0000-0000-0000000000e1"), Storage = Account(), ErasureSettle = TimeSpan.Zero };

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

    /// <summary>An account whose blob service answers as <paramref name="answer"/> says, at the HTTP level, as the SDK receives it.</summary>
    private static (AzureStorageAccount Account, BlobService Service) AccountAnswering(Func<HttpRequestMessage, HttpResponseMessage> answer,
        Func<HttpRequestMessage, HttpResponseMessage>? tables = null)
    {
        var service = new BlobService(answer);
        var options = new BlobClientOptions { Transport = new HttpClientTransport(new HttpClient(service)), Retry = { MaxRetries = 0 } };
        var tableOptions = new TableClientOptions { Retry = { MaxRetries = 0 } };
        if (tables is not null) tableOptions.Transport = new HttpClientTransport(new HttpClient(new BlobService(tables)));
        var account = new AzureStorageAccount(
            new BlobServiceClient(new Uri("https://pecan.blob.core.windows.net"), new Azure.AzureSasCredential("sv=x"), options),
            new TableServiceClient(new Uri("https://pecan.table.core.windows.net"), new Azure.AzureSasCredential("sv=x"), tableOptions));
        return (account, service);
    }

    private static HttpResponseMessage Xml(HttpStatusCode status, string xml) =>
        new(status) { Content = new StringContent(xml, System.Text.Encoding.UTF8, "application/xml") };

    /// <summary>
    /// A record blob under the time-based retention infra/ sets (version-level immutability) cannot be deleted before the
    /// period ends: the service answers 409 BlobImmutableDueToPolicy, which Azurite cannot.
    /// </summary>
    [Fact]
    public async Task A_record_under_retention_is_held_with_the_day_its_retention_ends()
    {
        var until = new DateTimeOffset(2032, 11, 22, 9, 0, 0, TimeSpan.Zero);
        var (account, service) = AccountAnswering(request => request.Method.Method switch
        {
            "DELETE" => Xml(HttpStatusCode.Conflict, """<?xml version="1.0" encoding="utf-8"?><Error><Code>BlobImmutableDueToPolicy</Code><Message>This operation is not permitted as the blob is immutable due to a policy.</Message></Error>""")
                .With("x-ms-error-code", "BlobImmutableDueToPolicy"),
            _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) }
                .With("x-ms-immutability-policy-until-date", until.ToString("R")).With("x-ms-immutability-policy-mode", "unlocked").With("x-ms-blob-type", "BlockBlob"),
        });

        var erasure = await account.DeleteBlobAsync("rosters", "acme/r1", Cancel);

        Assert.True(erasure.IsHeld);
        Assert.False(erasure.Deleted);
        Assert.Equal(until, erasure.HeldUntil);
        // The refused delete of the blob itself, then its properties: nothing is listed or deleted after a refusal.
        Assert.Equal(["DELETE /rosters/acme/r1", "HEAD /rosters/acme/r1"], service.Requests);
    }

    /// <summary>
    /// With versioning on (infra/), deleting a blob keeps what it held as a previous version: the blob is deleted first
    /// and then every version of it, the one that deletion made included. Azurite keeps no versions.
    /// </summary>
    [Fact]
    public async Task A_blob_goes_with_every_version_of_it_the_one_its_deletion_made_included()
    {
        var (account, service) = AccountAnswering(request => request.Method.Method switch
        {
            "GET" => Xml(HttpStatusCode.OK, """
                <?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="https://pecan.blob.core.windows.net/" ContainerName="profiles"><Prefix>acme.json</Prefix><Blobs>
                <Blob><Name>acme.json</Name><VersionId>2026-11-01T09:00:00.0000000Z</VersionId><Properties><Last-Modified>Sun, 01 Nov 2026 09:00:00 GMT</Last-Modified><Etag>0x1</Etag><Content-Length>1</Content-Length><BlobType>BlockBlob</BlobType></Properties></Blob>
                <Blob><Name>acme.json</Name><VersionId>2026-11-22T09:00:00.0000000Z</VersionId><Properties><Last-Modified>Sun, 22 Nov 2026 09:00:00 GMT</Last-Modified><Etag>0x2</Etag><Content-Length>1</Content-Length><BlobType>BlockBlob</BlobType></Properties></Blob>
                <Blob><Name>acme.json.bak</Name><VersionId>2026-11-22T09:00:00.0000000Z</VersionId><Properties><Last-Modified>Sun, 22 Nov 2026 09:00:00 GMT</Last-Modified><Etag>0x3</Etag><Content-Length>1</Content-Length><BlobType>BlockBlob</BlobType></Properties></Blob>
                </Blobs><NextMarker /></EnumerationResults>
                """),
            _ => new HttpResponseMessage(HttpStatusCode.Accepted),
        });

        var erasure = await account.DeleteBlobAsync("profiles", "acme.json", Cancel);

        Assert.Equal(BlobErasure.Gone, erasure);
        Assert.Equal(
            [
                "DELETE /profiles/acme.json",
                "GET /profiles?restype=container&comp=list&prefix=acme.json&include=Versions",
                "DELETE /profiles/acme.json?versionid=2026-11-01T09:00:00.0000000Z",
                "DELETE /profiles/acme.json?versionid=2026-11-22T09:00:00.0000000Z",
            ],
            service.Requests);
    }

    /// <summary>
    /// A blob whose current version is already gone (an erasure that failed after deleting it, retried; or a blob deleted
    /// by hand) keeps its earlier versions under versioning: the erasure finds the organization's blobs among every version,
    /// not only the current ones, so a retried message still erases what the failed one left.
    /// </summary>
    [Fact]
    public async Task A_blob_left_only_as_earlier_versions_is_found_and_erased()
    {
        const string Versions = """
            <?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="https://pecan.blob.core.windows.net/" ContainerName="profiles"><Blobs>
            <Blob><Name>acme.json</Name><VersionId>2026-11-01T09:00:00.0000000Z</VersionId><Properties><Last-Modified>Sun, 01 Nov 2026 09:00:00 GMT</Last-Modified><Etag>0x1</Etag><Content-Length>1</Content-Length><BlobType>BlockBlob</BlobType></Properties></Blob>
            <Blob><Name>acme.json</Name><VersionId>2026-11-22T09:00:00.0000000Z</VersionId><Properties><Last-Modified>Sun, 22 Nov 2026 09:00:00 GMT</Last-Modified><Etag>0x2</Etag><Content-Length>1</Content-Length><BlobType>BlockBlob</BlobType></Properties></Blob>
            </Blobs><NextMarker /></EnumerationResults>
            """;
        var (account, service) = AccountAnswering(request =>
        {
            var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query);
            return (request.Method.Method, request.RequestUri.AbsolutePath) switch
            {
                ("GET", "/") => Xml(HttpStatusCode.OK, """
                    <?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="https://pecan.blob.core.windows.net/"><Containers>
                    <Container><Name>profiles</Name><Properties><Last-Modified>Sun, 01 Nov 2026 09:00:00 GMT</Last-Modified><Etag>0x9</Etag></Properties></Container>
                    </Containers><NextMarker /></EnumerationResults>
                    """),
                // The service lists a blob that has no current version only to a listing that asks for versions.
                ("GET", _) => Xml(HttpStatusCode.OK, query["include"]?.Contains("versions", StringComparison.OrdinalIgnoreCase) == true ? Versions
                    : """<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="https://pecan.blob.core.windows.net/" ContainerName="profiles"><Blobs /><NextMarker /></EnumerationResults>"""),
                ("DELETE", _) when query["versionid"] is null => Xml(HttpStatusCode.NotFound,
                    """<?xml version="1.0" encoding="utf-8"?><Error><Code>BlobNotFound</Code><Message>The specified blob does not exist.</Message></Error>""")
                    .With("x-ms-error-code", "BlobNotFound"),
                _ => new HttpResponseMessage(HttpStatusCode.Accepted),
            };
        }, tables: _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"value":[]}""", System.Text.Encoding.UTF8, "application/json") });

        var erased = await EraseOrganizationFunction.EraseAsync(account, "acme", Cancel);

        Assert.Equal(1, erased.Blobs);
        Assert.Contains("DELETE /profiles/acme.json?versionid=2026-11-01T09:00:00.0000000Z", service.Requests);
        Assert.Contains("DELETE /profiles/acme.json?versionid=2026-11-22T09:00:00.0000000Z", service.Requests);
    }

    /// <summary>A blob service that answers each request as told and records it: method, path and the query's meaningful part.</summary>
    private sealed class BlobService(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        private static readonly string[] Meaningful = ["restype", "comp", "prefix", "include", "versionid"];

        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query);
            var kept = Meaningful.Where(k => query[k] is not null).Select(k => $"{k}={query[k]}").ToList();
            Requests.Add($"{request.Method.Method} {request.RequestUri.AbsolutePath}{(kept.Count > 0 ? "?" + string.Join("&", kept) : "")}");
            var response = answer(request);
            response.Headers.Add("x-ms-request-id", Guid.NewGuid().ToString());
            response.Headers.Add("x-ms-version", "2025-01-05");
            return Task.FromResult(response);
        }
    }
}

internal static class ResponseHeaders
{
    public static HttpResponseMessage With(this HttpResponseMessage response, string name, string value)
    {
        if (!response.Headers.TryAddWithoutValidation(name, value)) response.Content.Headers.TryAddWithoutValidation(name, value);
        return response;
    }
}
