using System.Collections.Immutable;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ComplianceRisk.Functions.Contract;

namespace ComplianceRisk.Functions.Tests.Infrastructure;

/// <summary>
/// What a function app needs from its infrastructure, read from host.json and every function.json: the app settings
/// its bindings resolve, and the containers, tables and queues they name. Each need says which binding asked for it,
/// so a failure points at the function.json to look at.
/// </summary>
internal sealed record BindingNeeds(
    ImmutableArray<Need> Settings,
    ImmutableArray<Need> Containers,
    ImmutableArray<Need> Tables,
    ImmutableArray<Need> Queues,
    ImmutableArray<string> Problems)
{
    /// <summary>The connection the host itself uses for its leases, timers and blob trigger bookkeeping.</summary>
    public const string HostConnection = "AzureWebJobsStorage";

    /// <summary>The SendGrid binding's setting for its key when function.json names none (SendGridOptions.ApiKey in Azure/azure-webjobs-sdk-extensions).</summary>
    public const string DefaultSendGridKeySetting = "AzureWebJobsSendGridApiKey";

    /// <summary>Where the host moves a blob trigger's message once its retries are spent (HostQueueNames.BlobTriggerPoisonQueue in Azure/azure-webjobs-sdk).</summary>
    public const string BlobTriggerPoisonQueue = "webjobs-blobtrigger-poison";

    private static readonly Regex SettingExpression = new("%(?<name>[^%]+)%", RegexOptions.CultureInvariant);

    public static BindingNeeds From(FunctionApp app)
    {
        var settings = ImmutableArray.CreateBuilder<Need>();
        var containers = ImmutableArray.CreateBuilder<Need>();
        var tables = ImmutableArray.CreateBuilder<Need>();
        var queues = ImmutableArray.CreateBuilder<Need>();
        var problems = ImmutableArray.CreateBuilder<string>();

        // The host reaches its own storage through AzureWebJobsStorage whatever the functions declare: blob leases and
        // receipts, queues for blob trigger retries.
        AddIdentityConnection(settings, HostConnection, "host.json", StorageService.Blob, StorageService.Queue);

        foreach (var function in app.Functions)
        {
            foreach (var binding in function.Bindings)
            {
                var where = $"{function.Name}/function.json binding '{binding.Name}' ({binding.Type})";
                foreach (var text in Strings(binding.Raw))
                    foreach (Match match in SettingExpression.Matches(text))
                        settings.Add(new Need(match.Groups["name"].Value, where));

                var type = binding.Type.ToLowerInvariant();
                switch (type)
                {
                    case "blobtrigger" or "blob":
                        AddIdentityConnection(settings, Connection(binding), where, StorageService.Blob);
                        if (FirstSegment(binding.Path) is { } container) containers.Add(new Need(container, where));
                        else problems.Add($"{where}: the container in path '{binding.Path}' is not a literal name, so the infrastructure cannot be checked to create it");
                        if (type == "blobtrigger")
                        {
                            // Flex Consumption runs blob triggers from Event Grid only, and their retries go through a queue.
                            if (!string.Equals(binding.Raw["source"]?.GetValue<string>(), "EventGrid", StringComparison.Ordinal))
                                problems.Add($"{where}: a blob trigger on Flex Consumption needs \"source\": \"EventGrid\"");
                            AddIdentityConnection(settings, Connection(binding), where, StorageService.Queue);
                            queues.Add(new Need(BlobTriggerPoisonQueue, where));
                        }
                        break;
                    case "table":
                        AddIdentityConnection(settings, Connection(binding), where, StorageService.Table);
                        if (Literal(binding.Raw["tableName"]) is { } table) tables.Add(new Need(table, where));
                        else problems.Add($"{where}: \"tableName\" is missing or not a literal name");
                        break;
                    case "queuetrigger" or "queue":
                        AddIdentityConnection(settings, Connection(binding), where, StorageService.Queue);
                        if (Literal(binding.Raw["queueName"]) is { } queue)
                        {
                            queues.Add(new Need(queue, where));
                            // A message that keeps failing goes to <queue>-poison (QueueProcessor's poison queue in Azure/azure-webjobs-sdk).
                            if (type == "queuetrigger") queues.Add(new Need(queue + "-poison", where));
                        }
                        else problems.Add($"{where}: \"queueName\" is missing or not a literal name");
                        break;
                    case "sendgrid":
                        settings.Add(new Need(binding.Raw["apiKey"]?.GetValue<string>() ?? DefaultSendGridKeySetting, where));
                        break;
                }
            }
        }
        return new BindingNeeds(settings.ToImmutable(), containers.ToImmutable(), tables.ToImmutable(), queues.ToImmutable(), problems.ToImmutable());
    }

    private enum StorageService { Blob, Queue, Table }

    /// <summary>
    /// An identity-based connection: <c>&lt;connection&gt;__credential</c> and the URI of each service it is used for
    /// (Azure Functions docs, "Connecting to host storage with an identity"; <c>__accountName</c> would do for all three,
    /// and is accepted for them in <see cref="InfraConsistency"/>).
    /// </summary>
    private static void AddIdentityConnection(ImmutableArray<Need>.Builder settings, string connection, string where, params StorageService[] services)
    {
        settings.Add(new Need($"{connection}__credential", where));
        foreach (var service in services)
            settings.Add(new Need($"{connection}__{service.ToString().ToLowerInvariant()}ServiceUri", where));
    }

    /// <summary>The connection a storage binding uses; the host falls back to AzureWebJobsStorage when none is named.</summary>
    private static string Connection(BindingDefinition binding) =>
        binding.Raw["connection"]?.GetValue<string>() is { Length: > 0 } connection ? connection : HostConnection;

    private static string? FirstSegment(string? path)
    {
        var first = path?.Split('/', 2)[0];
        return first is { Length: > 0 } && !first.Contains('{') && !first.Contains('%') ? first : null;
    }

    private static string? Literal(JsonNode? node) =>
        node?.GetValue<string>() is { Length: > 0 } text && !text.Contains('{') && !text.Contains('%') ? text : null;

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Strings(p.Value)),
        JsonArray array => array.SelectMany(Strings),
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        _ => [],
    };
}

/// <summary>A name the infrastructure must provide, and the binding (or file) that needs it.</summary>
internal sealed record Need(string Name, string NeededBy);
