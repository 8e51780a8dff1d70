using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ComplianceRisk.Functions.Tests.Infrastructure;

/// <summary>
/// infra/main.bicep compiled by the Bicep CLI into the ARM template Azure deploys, and what it provides: the app
/// settings of the function app and the names of the containers, tables and queues it creates. Names are read from the
/// resources themselves (a loop's name resolved through the module parameter to the literal list in main.bicep), so a
/// list that no resource loops over provides nothing.
/// </summary>
internal sealed record InfraTemplate(
    JsonObject Compiled,
    ImmutableHashSet<string> AppSettings,
    ImmutableHashSet<string> Containers,
    ImmutableHashSet<string> Tables,
    ImmutableHashSet<string> Queues)
{
    public const string ContainerType = "Microsoft.Storage/storageAccounts/blobServices/containers";
    public const string TableType = "Microsoft.Storage/storageAccounts/tableServices/tables";
    public const string QueueType = "Microsoft.Storage/storageAccounts/queueServices/queues";

    private static readonly Lazy<InfraTemplate> Main = new(() => Read(Compile(Repo.File("infra", "main.bicep"))));

    /// <summary>The repository's infra/main.bicep, compiled once per test run.</summary>
    public static InfraTemplate Repository => Main.Value;

    /// <summary>Every resource of the template and of the modules it deploys, with the deployment that holds it.</summary>
    public IEnumerable<(JsonObject Resource, Deployment Scope)> Resources => Walk(new Deployment(Compiled, null, null));

    public static JsonObject Compile(string bicepFile)
    {
        var bicep = typeof(InfraTemplate).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;
        var start = new ProcessStartInfo(bicep, ["build", bicepFile, "--stdout"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        // Bicep writes its diagnostics to standard error; a warning is as much a defect here as in C#.
        if (process.ExitCode != 0 || stderr.Result.Trim().Length > 0)
            throw new InvalidOperationException($"bicep build {bicepFile} (exit {process.ExitCode}):\n{stderr.Result}");
        return (JsonObject)JsonNode.Parse(stdout.Result)!;
    }

    public static InfraTemplate Read(JsonObject compiled)
    {
        var template = new InfraTemplate(compiled, [], [], [], []);
        var settings = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var containers = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var tables = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var queues = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var (resource, scope) in template.Resources)
        {
            var type = resource["type"]?.GetValue<string>();
            var name = resource["name"]?.GetValue<string>() ?? "";
            if (type == "Microsoft.Web/sites/config" && name.EndsWith("'appsettings')]", StringComparison.Ordinal) && resource["properties"] is JsonObject values)
                settings.UnionWith(values.Select(p => p.Key));
            var names = type switch { ContainerType => containers, TableType => tables, QueueType => queues, _ => null };
            names?.UnionWith(scope.ResolveLastNameSegment(name));
        }
        return template with { AppSettings = settings.ToImmutable(), Containers = containers.ToImmutable(), Tables = tables.ToImmutable(), Queues = queues.ToImmutable() };
    }

    private static IEnumerable<(JsonObject, Deployment)> Walk(Deployment scope)
    {
        foreach (var resource in (scope.Template["resources"] as JsonArray ?? []).OfType<JsonObject>())
        {
            yield return (resource, scope);
            if (resource["type"]?.GetValue<string>() == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject inner)
                foreach (var nested in Walk(new Deployment(inner, resource["properties"]?["parameters"] as JsonObject, scope)))
                    yield return nested;
        }
    }

    /// <summary>A template and the parameter values its parent passed it: enough to resolve the names bicep writes for child resources.</summary>
    internal sealed record Deployment(JsonObject Template, JsonObject? Arguments, Deployment? Parent)
    {
        // Bicep names a child resource format('{0}/{1}/{2}', parameters('name'), 'default', <last segment>).
        private static readonly Regex LastArgument = new(@",\s*(?<last>'[^']*'|parameters\('[^']+'\)(\[copyIndex\(\)\])?|variables\('[^']+'\)(\[copyIndex\(\)\])?)\)\]$", RegexOptions.CultureInvariant);
        private static readonly Regex Reference = new(@"^(?<kind>parameters|variables)\('(?<name>[^']+)'\)(?<path>(\.[A-Za-z0-9_]+)*)(?<each>\[copyIndex\(\)\])?$", RegexOptions.CultureInvariant);

        /// <summary>The literal names a child resource's last name segment takes: one, or one per loop iteration.</summary>
        public IEnumerable<string> ResolveLastNameSegment(string nameExpression)
        {
            var match = LastArgument.Match(nameExpression);
            if (!match.Success) return [];
            var last = match.Groups["last"].Value;
            if (last.StartsWith('\'')) return [last.Trim('\'')];
            return Resolve(last) switch
            {
                JsonArray list when last.EndsWith("[copyIndex()]", StringComparison.Ordinal) => list.Select(n => n!.GetValue<string>()),
                JsonValue value when value.TryGetValue<string>(out var text) => [text],
                _ => [],
            };
        }

        /// <summary>The literal value of parameters('x'), variables('x') or a property path under one, or null when it is computed.</summary>
        private JsonNode? Resolve(string expression)
        {
            var match = Reference.Match(expression.Trim());
            if (!match.Success) return null;
            var name = match.Groups["name"].Value;
            JsonNode? node;
            if (match.Groups["kind"].Value == "variables")
                node = Template["variables"]?[name];
            else if (Arguments?[name]?["value"] is { } passed)
                node = passed is JsonValue v && v.TryGetValue<string>(out var text) && text.StartsWith('[') && text.EndsWith(']') ? Parent?.Resolve(text[1..^1]) : passed;
            else
                node = Template["parameters"]?[name]?["defaultValue"];
            foreach (var property in match.Groups["path"].Value.Split('.', StringSplitOptions.RemoveEmptyEntries))
                node = node?[property];
            return node;
        }
    }
}
