using ComplianceRisk.Functions.Handler;
using ComplianceRisk.Functions.Handler.Storage;

namespace ComplianceRisk.Functions.Tests;

/// <summary>The app settings the handler reads when the Functions host starts it.</summary>
public sealed class HandlerSettingsTests
{
    private static HandlerSettings Read(string? sender, string? pseudonymKey = null) =>
        HandlerSettings.FromEnvironment(name => name switch
        {
            "FUNCTIONS_CUSTOMHANDLER_PORT" => "7001",
            "ComplianceRisk__Reports__FromAddress" => sender,
            "ComplianceRisk__PseudonymKey" => pseudonymKey,
            _ => null,
        });

    [Fact]
    public void PseudonymKey_IsUnsetByDefault_AndComesFromTheAppSetting()
    {
        Assert.Null(Read(null).PseudonymKey);
        Assert.Null(Read(null, "").PseudonymKey);
        Assert.Equal("k8J2mQ9xV4rT7wZ1pL5s"u8.ToArray(), Read(null, "k8J2mQ9xV4rT7wZ1pL5s").PseudonymKey);
    }

    [Theory]
    [InlineData("short", "shorter than 16 characters")]
    // App Service passes a Key Vault reference it cannot resolve as the reference text, which is no secret.
    [InlineData("@Microsoft.KeyVault(VaultName=kv-pecan;SecretName=pseudonym-key)", "unresolved Key Vault reference")]
    public void PseudonymKey_ThatIsNoSecret_StopsTheStart_NamingTheSetting(string key, string reason)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(null, key));
        Assert.StartsWith("ComplianceRisk__PseudonymKey is", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportSender_DefaultsToALocalAddress_AndComesFromTheAppSetting()
    {
        Assert.Equal("compliance-reports@localhost", Read(null).ReportSender);
        Assert.Equal("reports@pecan.example", Read("reports@pecan.example").ReportSender);
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("Reports <reports@pecan.example>")] // the name is the binding's "ComplianceRisk", not the setting's
    public void ReportSender_ThatIsNotAPlainAddress_StopsTheStart_NamingTheSetting(string sender)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(sender));
        Assert.Contains("ComplianceRisk__Reports__FromAddress", error.Message, StringComparison.Ordinal);
    }

    private static HandlerSettings ReadErasureSettle(string? seconds) =>
        HandlerSettings.FromEnvironment(name => name switch { "FUNCTIONS_CUSTOMHANDLER_PORT" => "7001", "ComplianceRisk__ErasureSettleSeconds" => seconds, _ => null });

    // The erasure's wait between its passes: both passes and the wait must end inside the 5 minutes serve gives an
    // invocation (a timed-out erasure is retried from the start, and the fifth time poisoned).
    [Fact]
    public void ErasureSettle_DefaultsToTwoMinutes_AndComesFromTheAppSetting()
    {
        Assert.Equal(TimeSpan.FromMinutes(2), ReadErasureSettle(null).ErasureSettle);
        Assert.Equal(TimeSpan.FromSeconds(30), ReadErasureSettle("30").ErasureSettle);
        Assert.Equal(TimeSpan.Zero, ReadErasureSettle("0").ErasureSettle);
    }

    [Theory]
    [InlineData("two minutes")]
    [InlineData("-5")]
    [InlineData("1.5")]
    public void ErasureSettle_ThatIsNoNumberOfSeconds_StopsTheStart_NamingTheSetting(string seconds)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ReadErasureSettle(seconds));
        Assert.StartsWith("ComplianceRisk__ErasureSettleSeconds is", error.Message, StringComparison.Ordinal);
    }

    private static HandlerSettings ReadStorage(params (string Name, string Value)[] settings) =>
        HandlerSettings.FromEnvironment(name => name == "FUNCTIONS_CUSTOMHANDLER_PORT" ? "7001" : settings.FirstOrDefault(s => s.Name == name).Value);

    [Fact]
    public void Storage_is_the_account_AzureWebJobsStorage_names_in_any_of_its_forms()
    {
        Assert.Null(ReadStorage().Storage);
        // As infra/ deploys the app: the host's identity-based settings.
        var deployed = Assert.IsType<AzureStorageAccount>(ReadStorage(
            ("AzureWebJobsStorage__credential", "managedidentity"),
            ("AzureWebJobsStorage__blobServiceUri", "https://stpecan.blob.core.windows.net"),
            ("AzureWebJobsStorage__queueServiceUri", "https://stpecan.queue.core.windows.net"),
            ("AzureWebJobsStorage__tableServiceUri", "https://stpecan.table.core.windows.net")).Storage);
        Assert.Equal(("https://stpecan.blob.core.windows.net/", "https://stpecan.table.core.windows.net/"), (deployed.BlobServiceUri.ToString(), deployed.TableServiceUri.ToString()));
        var named = Assert.IsType<AzureStorageAccount>(ReadStorage(("AzureWebJobsStorage__accountName", "stpecan")).Storage);
        Assert.Equal(("https://stpecan.blob.core.windows.net/", "https://stpecan.table.core.windows.net/"), (named.BlobServiceUri.ToString(), named.TableServiceUri.ToString()));
        var local = Assert.IsType<AzureStorageAccount>(ReadStorage(("AzureWebJobsStorage", "UseDevelopmentStorage=true")).Storage);
        Assert.Equal(10000, local.BlobServiceUri.Port);
    }

    // The SDK's clients are made when erasure first needs them, not at the start every cold request waits for: a
    // connection string the SDK cannot read is found then (the invocation fails and the request waits in the poison queue).
    [Fact]
    public void Storage_clients_are_made_on_first_use()
    {
        var account = Assert.IsType<AzureStorageAccount>(ReadStorage(("AzureWebJobsStorage", "not a connection string")).Storage);
        Assert.ThrowsAny<Exception>(() => account.BlobServiceUri);
    }

    [Fact]
    public void Storage_named_by_one_service_only_stops_the_start_naming_the_missing_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ReadStorage(("AzureWebJobsStorage__blobServiceUri", "https://stpecan.blob.core.windows.net")));
        Assert.Contains("AzureWebJobsStorage__tableServiceUri", error.Message, StringComparison.Ordinal);
    }
}
