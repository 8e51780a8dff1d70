using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceRisk.Functions.Contract;

namespace ComplianceRisk.Functions.Handler;

/// <summary>
/// An HTTP invocation of an organization route (<c>api/orgs/{org}/…</c>) as the envelope carries it: the trigger
/// <c>req</c>, the answer <c>res</c>, the organization from the route and who asked.
/// </summary>
public sealed record OrgInvocation(string Org, HttpTriggerData Http, string Who)
{
    public const string Trigger = "req";
    public const string Response = "res";

    /// <summary>The route's constraint on <c>{org}</c> (DESIGN §7), as every org function.json writes it.</summary>
    public const string OrgRoute = "api/orgs/{org:regex(^[a-z0-9-]+$):length(3,63)}";

    /// <summary>Null when the envelope has no HTTP trigger or no org (only a caller that is not the host sends that).</summary>
    public static OrgInvocation? From(InvocationRequest request)
    {
        if (request.HttpTrigger(Trigger) is not { } http) return null;
        var org = http.Params?.FirstOrDefault(p => p.Key.Equals("org", StringComparison.OrdinalIgnoreCase)).Value ?? request.MetadataText("org");
        return org is null ? null : new OrgInvocation(org, http, Principal.Who(http));
    }

    /// <summary>A route parameter other than org (<c>name</c>); the host gives it in Params and in the metadata.</summary>
    public string? Param(string name) =>
        Http.Params?.FirstOrDefault(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public bool Is(string method) => Http.Method.Equals(method, StringComparison.OrdinalIgnoreCase);

    /// <summary>The media type of the request body, lower case, without parameters.</summary>
    public string? MediaType => RequestBody.MediaType(Http.Header("Content-Type"));

    /// <summary>The envelope for a request that is not an org invocation: a 400 inside <c>res</c>, since a non-2xx answer would only fail the invocation.</summary>
    public static InvocationResponse NotAnOrgRequest() =>
        new InvocationOutputs().Http(Response, EnvelopeHttp.Problem(StatusCodes.Status400BadRequest, "Not an organization request",
            "The invocation carries no HTTP trigger 'req' with an org route parameter.")).ToResponse();
}

/// <summary>HTTP answers inside the envelope (<c>Outputs.res</c>): JSON documents and RFC 9457 problem details.</summary>
public static class EnvelopeHttp
{
    public const string ProblemMediaType = "application/problem+json; charset=utf-8";

    public static HttpOutput Json(int status, JsonNode body) => HttpOutput.Create(status, body.ToJsonString(Indented));

    public static HttpOutput JsonText(int status, byte[] utf8Json) => HttpOutput.Create(status, Encoding.UTF8.GetString(utf8Json));

    public static HttpOutput Problem(int status, string title, string detail, JsonObject? extensions = null)
    {
        var body = new JsonObject
        {
            ["type"] = "about:blank",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
        };
        foreach (var (key, value) in extensions ?? []) body[key] = value?.DeepClone();
        return HttpOutput.Create(status, body.ToJsonString(Indented), ProblemMediaType);
    }

    public static HttpOutput Problem(RequestProblem problem) => Problem(problem.Status, problem.Title, problem.Detail);

    /// <summary>The body too large for a function's limit: 413 saying what the limit is (<see cref="RequestBody.TooLarge"/>).</summary>
    public static HttpOutput TooLarge(string what, long length, long limit, string? whatToDo = null) =>
        Problem(RequestBody.TooLarge(what, length, limit, whatToDo));

    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}

/// <summary>Who made a request, for audit rows and erasure requests.</summary>
public static class Principal
{
    public const string Anonymous = "anonymous";

    /// <summary>
    /// The sign-in name of the App Service principal (<c>x-ms-client-principal</c>), else "anonymous". That is a sign-in
    /// id such as a UPN, never a roster name; MapEnvelope has already refused org routes to callers without one.
    /// </summary>
    public static string Who(HttpTriggerData http) =>
        Authorization.ClientPrincipal.Parse(http.Header(Authorization.ClientPrincipal.Header))?.Name is { Length: > 0 } name ? name : Anonymous;
}

/// <summary>
/// The <c>AuditLog</c> table (DESIGN §8): one row per submission, assessment, rejection, profile, treatment or subscription change,
/// deletion request and erasure; PartitionKey the organization, RowKey time-ordered and unique, and the content hash of what was stored.
/// </summary>
public static class AuditLog
{
    public const string Binding = "audit";
    public const string Table = "AuditLog";

    public const string Submission = "submission";
    public const string Assessment = "assessment";
    public const string Rejection = "rejection";
    public const string ProfileChange = "profile-change";
    public const string TreatmentChange = "treatment-change";
    public const string SubscriptionChange = "subscription-change";
    public const string DeletionRequest = "deletion-request";
    public const string Erasure = "erasure";
    public const string Report = "report";

    /// <summary>A row to insert, keyed by <see cref="TimeOrderedKey"/>.</summary>
    public static JsonObject Row(string org, string action, DateTimeOffset at, string who, string subject, string? contentSha256, Guid unique)
    {
        var row = new JsonObject
        {
            ["PartitionKey"] = org,
            ["RowKey"] = TimeOrderedKey(at, unique),
            ["Action"] = action,
            ["At"] = Timestamp(at),
            ["Who"] = who,
            ["Subject"] = subject,
        };
        if (contentSha256 is not null) row["ContentSha256"] = contentSha256;
        return row;
    }

    /// <summary>
    /// The RowKey of a fact recorded at a time (audit rows, subscription versions): the time in ticks (fixed width, so
    /// keys sort in time order) and a new GUID, so two facts in the same tick, or a rerun after a crash, never collide
    /// with an existing row (the table output only inserts).
    /// </summary>
    public static string TimeOrderedKey(DateTimeOffset at, Guid unique) => $"{at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}-{unique:N}";

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static string Sha256(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
