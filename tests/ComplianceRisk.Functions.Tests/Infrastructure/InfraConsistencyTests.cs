using System.Text.Json.Nodes;
using ComplianceRisk.Functions.Contract;

namespace ComplianceRisk.Functions.Tests.Infrastructure;

/// <summary>
/// Issue 9's consistency checks: what host.json and every function.json need is created or set by infra/ (compiled
/// with the Bicep CLI, as azd deploys it), and nothing in infra/ lets a key or an anonymous reader into storage.
/// </summary>
public sealed class InfraConsistencyTests
{
    private const string HostJson = """{ "version": "2.0" }""";

    [Fact]
    public void Every_setting_container_table_and_queue_the_bindings_name_is_created_or_set_by_infra()
    {
        // The build output is the function app (every function.json under Functions/ is copied beside the program),
        // so a new function is checked as soon as its folder exists.
        var app = FunctionApp.LoadBesideProgram();
        Assert.NotEmpty(app.Functions);

        var missing = InfraConsistency.Missing(BindingNeeds.From(app), InfraTemplate.Repository);

        Assert.True(missing.Count == 0, "infra/ does not provide what the bindings need:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void A_function_naming_an_unknown_container_table_queue_or_setting_is_reported_with_its_binding()
    {
        var root = Repo.TempApp(HostJson, ("Stray", """
            {
              "bindings": [
                { "type": "queueTrigger", "direction": "in", "name": "message", "queueName": "stray-requests", "connection": "AzureWebJobsStorage" },
                { "type": "blob", "direction": "out", "name": "copy", "path": "strays/{org}.json", "connection": "AzureWebJobsStorage" },
                { "type": "table", "direction": "out", "name": "row", "tableName": "Strays", "connection": "AzureWebJobsStorage" },
                { "type": "blob", "direction": "in", "name": "elsewhere", "path": "profiles/{org}.json", "connection": "OtherStorage" },
                { "type": "sendGrid", "direction": "out", "name": "mail", "from": "%StrayFromAddress%" }
              ]
            }
            """));

        var missing = InfraConsistency.Missing(BindingNeeds.From(FunctionApp.Load(root)), InfraTemplate.Repository);

        Assert.Contains(missing, m => m.StartsWith("queue 'stray-requests' (needed by Stray/function.json binding 'message'", StringComparison.Ordinal));
        Assert.Contains(missing, m => m.StartsWith("queue 'stray-requests-poison'", StringComparison.Ordinal));
        Assert.Contains(missing, m => m.StartsWith("container 'strays' (needed by Stray/function.json binding 'copy'", StringComparison.Ordinal));
        Assert.Contains(missing, m => m.StartsWith("table 'Strays'", StringComparison.Ordinal));
        Assert.Contains(missing, m => m.StartsWith("app setting 'OtherStorage__blobServiceUri'", StringComparison.Ordinal));
        Assert.Contains(missing, m => m.StartsWith("app setting 'OtherStorage__credential'", StringComparison.Ordinal));
        Assert.Contains(missing, m => m.StartsWith("app setting 'StrayFromAddress'", StringComparison.Ordinal));
        // What infra/ does provide is not reported: the profiles container, the SendGrid key setting, AzureWebJobsStorage.
        Assert.DoesNotContain(missing, m => m.Contains("'profiles'") || m.Contains("SendGridApiKey") || m.Contains("'AzureWebJobsStorage__"));
        Assert.Equal(7, missing.Count);
    }

    [Fact]
    public void A_blob_trigger_without_the_event_grid_source_or_with_a_computed_container_is_reported()
    {
        var root = Repo.TempApp(HostJson,
            ("Polled", """{ "bindings": [ { "type": "blobTrigger", "direction": "in", "name": "roster", "path": "rosters/{org}/{name}", "dataType": "binary" } ] }"""),
            ("Computed", """{ "bindings": [ { "type": "blobTrigger", "direction": "in", "name": "roster", "path": "{container}/{name}", "source": "EventGrid" } ] }"""));

        var missing = InfraConsistency.Missing(BindingNeeds.From(FunctionApp.Load(root)), InfraTemplate.Repository);

        Assert.Contains(missing, m => m.StartsWith("Polled/function.json binding 'roster' (blobTrigger): a blob trigger on Flex Consumption needs \"source\": \"EventGrid\"", StringComparison.Ordinal));
        Assert.Contains(missing, m => m.StartsWith("Computed/function.json binding 'roster' (blobTrigger): the container in path '{container}/{name}' is not a literal name", StringComparison.Ordinal));
        Assert.Equal(2, missing.Count);
    }

    [Fact]
    public void A_name_listed_in_main_bicep_counts_only_when_a_resource_creates_it()
    {
        var compiled = (JsonObject)InfraTemplate.Repository.Compiled.DeepClone();
        var storage = Modules(compiled).Single(m => m["name"]!.GetValue<string>() == "storage");
        var resources = (JsonArray)storage["properties"]!["template"]!["resources"]!;
        resources.Remove(resources.Single(r => r!["type"]!.GetValue<string>() == InfraTemplate.QueueType));

        var withoutQueues = InfraTemplate.Read(compiled);

        Assert.Empty(withoutQueues.Queues);
        Assert.Contains("erasure-requests", InfraTemplate.Repository.Queues);
        Assert.Equal(InfraTemplate.Repository.Containers, withoutQueues.Containers);
    }

    [Fact]
    public void Infra_creates_the_host_settings_and_the_deployment_container_as_well()
    {
        var infra = InfraTemplate.Repository;
        Assert.Contains("AzureWebJobsStorage__credential", infra.AppSettings);
        Assert.Contains("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", infra.AppSettings);
        Assert.Contains("app-package", infra.Containers);
        // Flex Consumption takes the runtime from functionAppConfig; these settings are refused there.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", infra.AppSettings);
        Assert.DoesNotContain("AzureWebJobsStorage", infra.AppSettings);
        // The platform injects it when sign-in is on; set by hand, it would make the handler trust a forged principal.
        Assert.DoesNotContain("WEBSITE_AUTH_ENABLED", infra.AppSettings);
    }

    [Fact]
    public void Nothing_in_infra_enables_shared_keys_or_public_blob_access()
    {
        var files = InfraFiles().ToList();
        Assert.Contains(files, f => f.Path == Path.Combine("infra", "app", "storage.bicep"));

        var problems = InfraConsistency.Unsafe(files, InfraTemplate.Repository);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Shared_keys_public_containers_and_account_keys_are_found_in_text_and_in_the_template()
    {
        var text = """
            allowSharedKeyAccess: true
            allowBlobPublicAccess: true
            publicAccess: 'Container'
            value: storage.listKeys().keys[0].value
            AzureWebJobsStorage: 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${key}'
            allowSharedKeyAccess: false
            """;
        var compiled = (JsonObject)InfraTemplate.Repository.Compiled.DeepClone();
        var account = Modules(compiled).SelectMany(m => (JsonArray)m["properties"]!["template"]!["resources"]!)
            .Single(r => r!["type"]!.GetValue<string>() == "Microsoft.Storage/storageAccounts")!;
        ((JsonObject)account["properties"]!).Remove("allowSharedKeyAccess");

        var problems = InfraConsistency.Unsafe([("bad.bicep", text)], InfraTemplate.Read(compiled));

        Assert.Equal(
            [
                "bad.bicep:1 enables shared-key access to storage: allowSharedKeyAccess: true",
                "bad.bicep:2 allows public blob access: allowBlobPublicAccess: true",
                "bad.bicep:3 makes a container public: publicAccess: 'Container'",
                "bad.bicep:4 reads account keys or makes a SAS from them: value: storage.listKeys().keys[0].value",
                "bad.bicep:5 writes a connection string with an account key: AzureWebJobsStorage: 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${key}'",
                "storage account [parameters('name')]: allowSharedKeyAccess must be set to false",
            ],
            problems);
    }

    [Fact]
    public void The_app_requires_sign_in_runs_as_a_custom_handler_with_its_own_identity_and_keeps_records_six_years()
    {
        var resources = InfraTemplate.Repository.Resources.Select(r => r.Resource).ToList();
        JsonObject Single(string type, string nameEnd = "") =>
            resources.Single(r => r["type"]!.GetValue<string>() == type && r["name"]!.GetValue<string>().EndsWith(nameEnd, StringComparison.Ordinal));

        var auth = Single("Microsoft.Web/sites/config", "'authsettingsV2')]")["properties"]!;
        Assert.True(auth["platform"]!["enabled"]!.GetValue<bool>());
        Assert.True(auth["globalValidation"]!["requireAuthentication"]!.GetValue<bool>());
        Assert.Equal("RedirectToLoginPage", auth["globalValidation"]!["unauthenticatedClientAction"]!.GetValue<string>());
        // Only the blobs extension's webhook is reachable without sign-in (Event Grid calls it with the extension's key).
        Assert.Equal(["/runtime/webhooks/blobs"], auth["globalValidation"]!["excludedPaths"]!.AsArray().Select(p => p!.GetValue<string>()));

        var site = Single("Microsoft.Web/sites");
        Assert.Equal("SystemAssigned", site["identity"]!["type"]!.GetValue<string>());
        Assert.Equal("custom", site["properties"]!["functionAppConfig"]!["runtime"]!["name"]!.GetValue<string>());
        Assert.Equal("SystemAssignedIdentity", site["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["authentication"]!["type"]!.GetValue<string>());
        Assert.True(site["properties"]!["httpsOnly"]!.GetValue<bool>());

        // Six years (HIPAA 45 CFR 164.316(b)(2)) by default, for every record container.
        var retention = InfraTemplate.Repository.Compiled["parameters"]!["recordRetentionDays"]!["defaultValue"]!.GetValue<int>();
        Assert.True(retention >= 6 * 365, $"records are kept {retention} days");
        var policy = Single(InfraTemplate.ContainerType + "/immutabilityPolicies");
        Assert.Equal("[length(parameters('recordContainers'))]", policy["copy"]!["count"]!.GetValue<string>());
        Assert.Equal("[parameters('recordRetentionDays')]", policy["properties"]!["immutabilityPeriodSinceCreationInDays"]!.GetValue<string>());
        Assert.Superset(new HashSet<string> { "rosters", "assessments", "registers", "reports" },
            InfraTemplate.Repository.Compiled["variables"]!["storageResources"]!["recordContainers"]!.AsArray().Select(c => c!.GetValue<string>()).ToHashSet());
    }

    private static IEnumerable<JsonObject> Modules(JsonObject compiled) =>
        ((JsonArray)compiled["resources"]!).OfType<JsonObject>().Where(r => r["type"]!.GetValue<string>() == "Microsoft.Resources/deployments");

    /// <summary>What azd reads and runs (infra/README.md explains the forbidden settings by name, so prose is left out).</summary>
    private static IEnumerable<(string Path, string Text)> InfraFiles() =>
        Directory.EnumerateFiles(Repo.File("infra"), "*", SearchOption.AllDirectories).Where(path => !path.EndsWith(".md", StringComparison.Ordinal)).Append(Repo.File("azure.yaml"))
            .Select(path => (Path.GetRelativePath(Repo.Root, path), File.ReadAllText(path)));
}
