using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ComplianceRisk.Functions.Tests.Envelope;

/// <summary>
/// Envelopes shaped as the Functions host builds them for a custom handler, each rule from Azure/azure-functions-host:
/// <list type="bullet">
/// <item>src/WebJobs.Script/Workers/ScriptInvocationContextExtensions.cs (ToHttpScriptInvocationContext): Data holds
/// each input under its binding name; Metadata holds the trigger's binding data except the HTTP request and any key
/// ending in "trigger" (so a blob trigger's <c>BlobTrigger</c> path is not sent); GetHttpScriptInvocationContextValue
/// sends a byte[] as base64, an object as a JSON object, and anything else as its JSON text, so a string arrives
/// quoted (<c>"\"acme\""</c>), an array as a string holding the array, and a missing value as the string <c>"null"</c>.</item>
/// <item>src/WebJobs.Script/Extensions/HttpRequestExtensions.cs (GetRequestAsJObject): Url, Method, Query, Headers
/// (each a list of values), Params (route data), Identities, and Body only when there is a Content-Length: base64
/// for application/octet-stream and multipart/*, text otherwise.</item>
/// </list>
/// </summary>
public static class HostEnvelopes
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// App Service principals (<c>x-ms-client-principal</c>, base64 JSON) the handler fixture maps: the compliance officer
    /// of the test organizations (group "officers") and their board member (group "board").
    /// </summary>
    public static readonly string Officer = PrincipalHeader("officer-17@pecan.example", "officers");
    public static readonly string BoardMember = PrincipalHeader("board-3@pecan.example", "board");

    private static string PrincipalHeader(string name, string group) => Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject
    {
        ["auth_typ"] = "aad",
        ["name_typ"] = "name",
        ["role_typ"] = "roles",
        ["claims"] = new JsonArray(new JsonObject { ["typ"] = "name", ["val"] = name }, new JsonObject { ["typ"] = "groups", ["val"] = group }),
    }.ToJsonString()));

    /// <summary>A value that is not an object, as GetHttpScriptInvocationContextValue writes it: its JSON text.</summary>
    public static JsonNode Quoted(object? value) => JsonValue.Create(JsonSerializer.Serialize(value))!;

    /// <summary>A missing blob or table row (a null input value).</summary>
    public static JsonNode Missing => Quoted(null);

    /// <summary>A blob input or trigger declared dataType binary.</summary>
    public static JsonNode Binary(byte[] content) => JsonValue.Create(Convert.ToBase64String(content))!;

    /// <summary>A table input of a whole partition (a JArray), written as the JSON text of the array.</summary>
    public static JsonNode Rows(params JsonObject[] rows) => Quoted(new JsonArray([.. rows]).ToJsonString());

    private static JsonObject Sys(string function) => new()
    {
        ["MethodName"] = function,
        ["UtcNow"] = Now.UtcDateTime.ToString("O"),
        ["RandGuid"] = "7b0e8a5e-3c7f-4f8e-9a55-0d6d2f6a1c11",
    };

    /// <summary>An HTTP-triggered function that is not forwarded (binding <c>req</c>), with its other inputs.</summary>
    public static JsonObject Http(string function, string method, string path, IReadOnlyDictionary<string, string> routeParams,
        byte[]? body = null, string? contentType = null, IReadOnlyDictionary<string, string>? headers = null, IReadOnlyDictionary<string, JsonNode>? inputs = null,
        IReadOnlyDictionary<string, string>? query = null)
    {
        var headerValues = new JsonObject { ["Host"] = new JsonArray("compliancerisk.azurewebsites.net") };
        if (body is not null) headerValues["Content-Length"] = new JsonArray(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (contentType is not null) headerValues["Content-Type"] = new JsonArray(contentType);
        // Signed in as the officer unless the test says otherwise (an empty value: no principal at all).
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) if (value.Length > 0) headerValues[name] = new JsonArray(value);
        if (headers?.ContainsKey("x-ms-client-principal") != true) headerValues["x-ms-client-principal"] = new JsonArray(Officer);

        var request = new JsonObject
        {
            ["Url"] = "https://compliancerisk.azurewebsites.net" + path + (query is null ? "" : "?" + string.Join("&", query.Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value)}"))),
            ["Method"] = method.ToUpperInvariant(),
            ["Query"] = QueryObject(query),
            ["Headers"] = headerValues,
            ["Params"] = new JsonObject([.. routeParams.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
            ["Identities"] = new JsonArray(new JsonObject { ["AuthenticationType"] = null, ["IsAuthenticated"] = false, ["Claims"] = new JsonArray() }),
        };
        if (body is { Length: > 0 })
            request["Body"] = Contract.HttpBodies.IsOctetOrMultipart(contentType) ? Convert.ToBase64String(body) : Encoding.UTF8.GetString(body);

        var data = new JsonObject { ["req"] = request };
        foreach (var (name, value) in inputs ?? new Dictionary<string, JsonNode>()) data[name] = value.DeepClone();
        var metadata = new JsonObject();
        foreach (var (key, value) in routeParams) metadata[key] = Quoted(value);
        foreach (var (key, value) in query ?? new Dictionary<string, string>()) metadata[key] = Quoted(value);
        metadata["Query"] = QueryObject(query);
        metadata["Headers"] = new JsonObject([.. headerValues.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)string.Join(",", h.Value!.AsArray().Select(v => v!.GetValue<string>()))))]);
        metadata["sys"] = Sys(function);
        return new JsonObject { ["Data"] = data, ["Metadata"] = metadata };
    }

    private static JsonObject QueryObject(IReadOnlyDictionary<string, string>? query) =>
        new([.. (query ?? new Dictionary<string, string>()).Select(q => KeyValuePair.Create(q.Key, (JsonNode?)q.Value))]);

    /// <summary>The rows a partition input given as <see cref="Rows"/> holds.</summary>
    private static JsonObject[] RowsOf(JsonNode? history) => history is null ? []
        : [.. (JsonNode.Parse(history.GetValue<string>()) as JsonArray ?? []).OfType<JsonObject>().Select(r => (JsonObject)r.DeepClone())];

    /// <summary>ProcessRoster's blob trigger on <c>rosters/{org}/{name}</c> (binding <c>roster</c>, dataType binary) with its inputs.</summary>
    public static JsonObject RosterBlob(string org, string name, byte[] roster, JsonNode? profile, JsonNode? treatments, JsonNode? done, JsonNode? history = null, JsonNode? erasureState = null)
    {
        var data = new JsonObject
        {
            ["roster"] = Binary(roster),
            ["profile"] = profile?.DeepClone() ?? Missing,
            ["treatments"] = treatments?.DeepClone() ?? Missing,
            // A partition input of a table: the organization's rows, none for its first roster; with this roster's own
            // row (done) when it was processed before.
            ["history"] = done is JsonObject row ? Rows([row, .. RowsOf(history)]) : history?.DeepClone() ?? Rows(),
            // An organization never erased has no erasure state.
            ["erasureState"] = erasureState?.DeepClone() ?? Missing,
        };
        var metadata = new JsonObject
        {
            ["org"] = Quoted(org),
            ["name"] = Quoted(name),
            ["Uri"] = Quoted($"https://stcompliancerisk.blob.core.windows.net/rosters/{org}/{name}"),
            ["Properties"] = new JsonObject
            {
                ["ContentLength"] = roster.Length,
                ["ContentType"] = "application/octet-stream",
                ["LastModified"] = Now.ToString("O"),
                ["ETag"] = "\"0x8DD1234567890AB\"",
                ["BlobType"] = "Block",
            },
            ["Metadata"] = new JsonObject(),
            ["sys"] = Sys("ProcessRoster"),
        };
        return new JsonObject { ["Data"] = data, ["Metadata"] = metadata };
    }

    /// <summary>
    /// ComposeReport's queue trigger on <c>report-requests</c> (binding <c>request</c>) with its inputs, each missing
    /// unless given.
    /// </summary>
    public static JsonObject ReportRequest(string message, IReadOnlyDictionary<string, JsonNode>? inputs = null) =>
        QueueTrigger("ComposeReport", message, ["subscription", "roster", "profile", "treatments", "previous", "done", "history"], inputs);

    /// <summary>EraseOrganization's queue trigger on <c>erasure-requests</c> (binding <c>request</c>); it has no inputs.</summary>
    public static JsonObject ErasureRequest(string message) => QueueTrigger("EraseOrganization", message, [], null);

    /// <summary>
    /// A queue-triggered function (trigger binding <c>request</c>) with its inputs, each missing unless given. The message
    /// is a string to the host, so it arrives as its JSON text; the trigger's binding data (QueueTriggerBindingDataProvider
    /// in the WebJobs storage extension) adds the message's top-level properties (<c>org</c>, <c>period</c>, which fill the
    /// input paths) beside Id, DequeueCount, the times and PopReceipt.
    /// </summary>
    private static JsonObject QueueTrigger(string function, string message, string[] inputNames, IReadOnlyDictionary<string, JsonNode>? inputs)
    {
        var data = new JsonObject { ["request"] = Quoted(message) };
        foreach (var name in inputNames)
            data[name] = inputs?.GetValueOrDefault(name)?.DeepClone() ?? Missing;
        var metadata = new JsonObject();
        try
        {
            if (JsonNode.Parse(message) is JsonObject properties)
                foreach (var (key, value) in properties) metadata[key] = value is JsonValue v && v.TryGetValue<string>(out var text) ? Quoted(text) : value?.DeepClone();
        }
        catch (JsonException)
        {
            // A plain text message has no properties.
        }
        metadata["Id"] = Quoted("6a1f6c3e-0b0e-4e43-9b8e-3f0f3c1e2d4a");
        metadata["DequeueCount"] = 1;
        metadata["InsertionTime"] = Quoted(Now);
        metadata["ExpirationTime"] = Quoted(Now.AddDays(7));
        metadata["NextVisibleTime"] = Quoted(Now.AddMinutes(10));
        metadata["PopReceipt"] = Quoted("AgAAAAMAAAAAAAAA");
        metadata["sys"] = Sys(function);
        return new JsonObject { ["Data"] = data, ["Metadata"] = metadata };
    }

    /// <summary>The message DeleteOrganization sends.</summary>
    /// <summary>The <c>erasureState</c> blob of an organization whose erasure was requested and is not done yet.</summary>
    public static JsonNode PendingErasure(string org) =>
        Binary(new Handler.ErasureState(org, "2026-11-22T08:59:00.0000000Z", "olivia@hospital.example", null).ToBytes());

    public static string ErasureMessage(string org) =>
        new JsonObject { ["org"] = org, ["requestedAt"] = "2026-11-22T09:00:00.0000000Z", ["requestedBy"] = "olivia@hospital.example" }.ToJsonString();

    /// <summary>The message ScheduleReports sends for a due period.</summary>
    public static string ReportMessage(string org, string period) =>
        new JsonObject { ["org"] = org, ["period"] = period, ["scheduledFor"] = Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) }.ToJsonString();

    /// <summary>
    /// A timer-triggered function (binding <c>timer</c>) with its other inputs. The trigger's value is the extension's
    /// TimerInfo serialized as an object (Azure/azure-webjobs-sdk-extensions src/WebJobs.Extensions/Extensions/Timers/TimerInfo.cs:
    /// Schedule, ScheduleStatus, IsPastDue; Scheduling/ScheduleStatus.cs: Last, Next, LastUpdated). ScheduleStatus.Last is
    /// the previous occurrence, DateTime.MinValue when there is none (a first run, or a run started by the admin endpoint);
    /// ScheduleStatus.Next is the occurrence the run stands for (TimerListener passes the status it kept before the run),
    /// <see cref="Now"/> unless given. Metadata holds only sys.
    /// </summary>
    public static JsonObject Timer(string function, DateTimeOffset? last, IReadOnlyDictionary<string, JsonNode> inputs, DateTimeOffset? next = null)
    {
        var data = new JsonObject
        {
            ["timer"] = new JsonObject
            {
                ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
                ["ScheduleStatus"] = new JsonObject
                {
                    ["Last"] = (last?.UtcDateTime ?? DateTime.MinValue).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + (last is null ? "" : "Z"),
                    ["Next"] = (next ?? Now).ToString("O"),
                    ["LastUpdated"] = Now.ToString("O"),
                },
                ["IsPastDue"] = false,
            },
        };
        foreach (var (name, value) in inputs) data[name] = value.DeepClone();
        return new JsonObject { ["Data"] = data, ["Metadata"] = new JsonObject { ["sys"] = Sys(function) } };
    }

    /// <summary>An <c>Assessments</c> entity as the table input gives one (a JObject, so it arrives as an object).</summary>
    public static JsonObject Entity(string partitionKey, string rowKey, string status) => new()
    {
        ["PartitionKey"] = partitionKey,
        ["RowKey"] = rowKey,
        ["Timestamp"] = Now.ToString("O"),
        ["Status"] = status,
    };
}
