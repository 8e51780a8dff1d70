using System.Text.Json;

namespace ComplianceRisk.Cli.Tests;

/// <summary>
/// The runtime settings the CLI is built with (src/ComplianceRisk.Cli/RuntimeSettings.props says why each was chosen, by
/// measurement); README's performance figures were measured with them, so losing one in a project edit would quietly
/// change the product's speed.
/// </summary>
public sealed class RuntimeSettingsTests
{
    /// <summary>Asserts the runtimeconfig.json file sets the runtime setting to the value (as JSON text).</summary>
    internal static void AssertSets(string runtimeConfig, string name, string value)
    {
        using var file = JsonDocument.Parse(File.ReadAllBytes(runtimeConfig));
        var properties = file.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.True(properties.TryGetProperty(name, out var actual), $"{name} is not in {runtimeConfig}");
        Assert.Equal(value, actual.GetRawText());
    }

    /// <summary>The settings README's figures were measured with (src/ComplianceRisk.Cli/RuntimeSettings.props), as written in runtimeconfig.json.</summary>
    public static TheoryData<string, string> MeasuredSettings { get; } = new()
    {
        { "System.GC.Server", "true" },
        { "System.GC.Concurrent", "false" },
        { "System.Runtime.TieredPGO", "false" },
        { "System.Runtime.TieredCompilation.CallCountingDelayMs", "5" },
        { "System.GC.LOHThreshold", "16777216" },
    };

    [Theory]
    [MemberData(nameof(MeasuredSettings))]
    public void The_CLI_runs_with_the_measured_runtime_setting(string name, string value) =>
        // The CLI's runtimeconfig.json is copied next to the tests with the CLI's assembly.
        AssertSets(Path.Combine(AppContext.BaseDirectory, "complianceRisk.runtimeconfig.json"), name, value);
}
