using ComplianceRisk.Functions.Handler;

namespace ComplianceRisk.Functions.Tests;

/// <summary>The app settings the handler reads when the Functions host starts it.</summary>
public sealed class HandlerSettingsTests
{
    private static HandlerSettings Read(string? sender) =>
        HandlerSettings.FromEnvironment(name => name switch
        {
            "FUNCTIONS_CUSTOMHANDLER_PORT" => "7001",
            "ComplianceRisk__Reports__FromAddress" => sender,
            _ => null,
        });

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
}
