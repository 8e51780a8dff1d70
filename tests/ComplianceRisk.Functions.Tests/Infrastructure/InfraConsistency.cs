using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ComplianceRisk.Functions.Tests.Infrastructure;

/// <summary>
/// The checks of issue 9: everything the bindings need is created or set by infra/, and nothing in infra/ opens storage
/// to shared keys or anonymous readers. Each returns one message per problem, empty when there is none, so that a test
/// can show every problem at once and a negative control can show that a problem is found.
/// </summary>
internal static class InfraConsistency
{
    /// <summary>What the bindings need and the template does not provide.</summary>
    public static IReadOnlyList<string> Missing(BindingNeeds needs, InfraTemplate infra)
    {
        var missing = new List<string>(needs.Problems);
        foreach (var setting in needs.Settings.DistinctBy(n => n.Name))
            if (!IsSet(setting.Name, infra))
                missing.Add($"app setting '{setting.Name}' (needed by {setting.NeededBy}) is not set by the function app's appsettings in infra/");
        Report(missing, "container", needs.Containers, infra.Containers);
        Report(missing, "table", needs.Tables, infra.Tables);
        Report(missing, "queue", needs.Queues, infra.Queues);
        return missing;
    }

    private static bool IsSet(string setting, InfraTemplate infra)
    {
        if (infra.AppSettings.Contains(setting)) return true;
        // <connection>__accountName stands for every service URI of an identity-based connection.
        var serviceUri = Regex.Match(setting, "^(?<connection>.+)__(blob|queue|table)ServiceUri$");
        return serviceUri.Success && infra.AppSettings.Contains(serviceUri.Groups["connection"].Value + "__accountName");
    }

    private static void Report(List<string> missing, string kind, IEnumerable<Need> needed, IReadOnlySet<string> created)
    {
        foreach (var need in needed.DistinctBy(n => n.Name))
            if (!created.Contains(need.Name))
                missing.Add($"{kind} '{need.Name}' (needed by {need.NeededBy}) is not created by infra/");
    }

    // Text that would let a key, a SAS made from one, or an anonymous reader in (case-insensitive).
    private static readonly (Regex Pattern, string Why)[] Forbidden =
    [
        (new(@"allowSharedKeyAccess\s*:\s*true", RegexOptions.IgnoreCase), "enables shared-key access to storage"),
        (new(@"allowBlobPublicAccess\s*:\s*true", RegexOptions.IgnoreCase), "allows public blob access"),
        (new(@"publicAccess\s*:\s*'(Blob|Container)'", RegexOptions.IgnoreCase), "makes a container public"),
        (new(@"\blist(Keys|AccountSas|ServiceSas)\s*\(", RegexOptions.IgnoreCase), "reads account keys or makes a SAS from them"),
        (new(@"AccountKey\s*=", RegexOptions.IgnoreCase), "writes a connection string with an account key"),
    ];

    /// <summary>Lines of infra/ (and azure.yaml) that would weaken storage access, and storage accounts that do not close it explicitly.</summary>
    public static IReadOnlyList<string> Unsafe(IEnumerable<(string Path, string Text)> files, InfraTemplate infra)
    {
        var problems = new List<string>();
        foreach (var (path, text) in files)
        {
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
                foreach (var (pattern, why) in Forbidden)
                    if (pattern.IsMatch(lines[i]))
                        problems.Add($"{path}:{i + 1} {why}: {lines[i].Trim()}");
        }

        foreach (var (resource, _) in infra.Resources)
        {
            var type = resource["type"]?.GetValue<string>();
            var properties = resource["properties"] as JsonObject;
            // Both default to allowed when left out, so each account must say false.
            if (type == "Microsoft.Storage/storageAccounts")
                foreach (var setting in new[] { "allowSharedKeyAccess", "allowBlobPublicAccess" })
                    if (properties?[setting] is not JsonValue value || !value.TryGetValue<bool>(out var allowed) || allowed)
                        problems.Add($"storage account {resource["name"]}: {setting} must be set to false");
            if (type == InfraTemplate.ContainerType && properties?["publicAccess"]?.GetValue<string>() is { } access && access != "None")
                problems.Add($"container {resource["name"]}: publicAccess is {access}");
        }
        return problems;
    }
}
