using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ComplianceRisk.Functions.Contract;

/// <summary>
/// A function app as the Functions host sees it: <c>host.json</c> at the root and one folder per function holding its
/// <c>function.json</c>. <c>serve</c> reads exactly these files, so what runs locally is what Azure runs.
/// </summary>
public sealed record FunctionApp(string Root, HostSettings Host, ImmutableArray<FunctionDefinition> Functions)
{
    public const string HostFileName = "host.json";
    public const string FunctionFileName = "function.json";

    /// <summary>The app laid out beside the running program (the build output and the published package both are).</summary>
    public static FunctionApp LoadBesideProgram() => Load(AppContext.BaseDirectory);

    /// <summary>Reads an app root; a missing or malformed file is an error naming it, never a partly loaded app.</summary>
    public static FunctionApp Load(string root)
    {
        var hostFile = Path.Combine(root, HostFileName);
        if (!File.Exists(hostFile)) throw new FunctionAppException($"{hostFile} not found: this is not a function app folder");
        var host = HostSettings.Parse(ReadObject(hostFile));

        var functions = ImmutableArray.CreateBuilder<FunctionDefinition>();
        foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(folder, FunctionFileName);
            if (!File.Exists(file)) continue; // the host skips folders without a function.json too
            functions.Add(FunctionDefinition.Parse(Path.GetFileName(folder), ReadObject(file), file));
        }
        return new FunctionApp(root, host, functions.ToImmutable());
    }

    public FunctionDefinition? Find(string name) =>
        Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    private static JsonObject ReadObject(string file)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllBytes(file), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new FunctionAppException($"{file}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new FunctionAppException($"{file}: {e.Message}");
        }
    }
}

/// <summary>The parts of <c>host.json</c> that decide how the host calls the handler.</summary>
public sealed record HostSettings(string RoutePrefix, bool EnableForwardingHttpRequest, string? DefaultExecutablePath)
{
    /// <summary>The host's route prefix when host.json does not set one.</summary>
    public const string DefaultRoutePrefix = "api";

    public static HostSettings Parse(JsonObject host)
    {
        var prefix = host["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() ?? DefaultRoutePrefix;
        var handler = host["customHandler"] as JsonObject;
        return new HostSettings(
            prefix.Trim('/'),
            handler?["enableForwardingHttpRequest"]?.GetValue<bool>() ?? false,
            handler?["description"]?["defaultExecutablePath"]?.GetValue<string>());
    }
}

/// <summary>One function: its folder name and its bindings, as written in its function.json.</summary>
public sealed record FunctionDefinition(string Name, ImmutableArray<BindingDefinition> Bindings)
{
    public IEnumerable<BindingDefinition> Inputs => Bindings.Where(b => b.Direction == BindingDirection.In);
    public IEnumerable<BindingDefinition> Outputs => Bindings.Where(b => b.Direction == BindingDirection.Out);
    public BindingDefinition? Trigger => Bindings.FirstOrDefault(b => b.IsTrigger);
    public BindingDefinition? HttpTrigger => Bindings.FirstOrDefault(b => b.Type.Equals(BindingTypes.HttpTrigger, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Exactly one input, an HTTP trigger, and exactly one output, HTTP: only such a function may be forwarded
    /// (FunctionMetadataExtensions.IsHttpInAndOutFunction in Azure/azure-functions-host).
    /// </summary>
    public bool IsHttpInAndOut =>
        Inputs.Count() == 1 && Outputs.Count() == 1
        && Inputs.Single().Type.Equals(BindingTypes.HttpTrigger, StringComparison.OrdinalIgnoreCase)
        && Outputs.Single().Type.Equals(BindingTypes.Http, StringComparison.OrdinalIgnoreCase);

    /// <summary>The route template the host registers: the route prefix, then the route or else the function's name.</summary>
    public string? RouteTemplate(HostSettings host)
    {
        if (HttpTrigger is not { } trigger) return null;
        var route = trigger.Route ?? Name;
        return host.RoutePrefix.Length == 0 ? route.TrimStart('/') : $"{host.RoutePrefix}/{route.TrimStart('/')}";
    }

    public static FunctionDefinition Parse(string name, JsonObject json, string file)
    {
        if (json["bindings"] is not JsonArray bindings || bindings.Count == 0)
            throw new FunctionAppException($"{file}: a function needs a \"bindings\" array");
        var parsed = bindings.Select((b, i) => BindingDefinition.Parse(b as JsonObject ?? throw new FunctionAppException($"{file}: bindings[{i}] is not an object"), $"{file}: bindings[{i}]")).ToImmutableArray();
        if (parsed.Count(b => b.IsTrigger) != 1)
            throw new FunctionAppException($"{file}: a function has exactly one trigger binding");
        return new FunctionDefinition(name, parsed);
    }
}

public enum BindingDirection { In, Out, InOut }

/// <summary>The binding type names the host knows (function.json <c>type</c>).</summary>
public static class BindingTypes
{
    public const string HttpTrigger = "httpTrigger";
    public const string Http = "http";
    public const string BlobTrigger = "blobTrigger";
    public const string Blob = "blob";
    public const string Table = "table";
    public const string QueueTrigger = "queueTrigger";
    public const string Queue = "queue";
    public const string TimerTrigger = "timerTrigger";
    public const string SendGrid = "sendGrid";
}

/// <summary>One binding of a function.json; <see cref="Raw"/> keeps every property for the binding runtimes.</summary>
public sealed record BindingDefinition(string Type, BindingDirection Direction, string Name, string? DataType, JsonObject Raw)
{
    public bool IsTrigger => Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase);
    public string? Route => Raw["route"]?.GetValue<string>();
    public string? Path => Raw["path"]?.GetValue<string>();

    /// <summary>HTTP methods in lower case; all of them when function.json lists none.</summary>
    public ImmutableArray<string> Methods =>
        Raw["methods"] is JsonArray methods && methods.Count > 0
            ? [.. methods.Select(m => m!.GetValue<string>().ToLowerInvariant())]
            : ["get", "post", "put", "delete", "patch", "head", "options"];

    public static BindingDefinition Parse(JsonObject json, string where)
    {
        string Text(string key) => json[key]?.GetValue<string>() is { Length: > 0 } value ? value : throw new FunctionAppException($"{where}: \"{key}\" is required");
        var direction = Text("direction").ToLowerInvariant() switch
        {
            "in" => BindingDirection.In,
            "out" => BindingDirection.Out,
            "inout" => BindingDirection.InOut,
            var other => throw new FunctionAppException($"{where}: direction '{other}' is not in, out or inout"),
        };
        return new BindingDefinition(Text("type"), direction, Text("name"), json["dataType"]?.GetValue<string>(), json);
    }
}

public sealed class FunctionAppException(string message) : Exception(message);
