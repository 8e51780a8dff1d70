using System.Text.Json.Nodes;
using ComplianceRisk.Engine;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Functions.Contract;

namespace ComplianceRisk.Functions.Handler;

/// <summary>
/// A JSON document an organization keeps and replaces as a whole (its profile, its treatments): GET answers the stored
/// blob, PUT checks the body as the CLI checks the same file and answers the blob output and an audit row.
/// Mutable state lives in a blob because the table output only inserts (DESIGN §7); a document whose changes are also
/// kept as facts (the subscription) names a <see cref="VersionTable{T}"/> and each PUT inserts a row there too.
/// </summary>
/// <remarks>
/// <paramref name="Check"/> reads the body into <typeparamref name="T"/>; a version row is made from that value, so the
/// body is read once.
/// </remarks>
public sealed record OrgDocument<T>(
    string What,
    string AuditAction,
    int MaxBytes,
    Func<byte[], string, Catalog, ParseResult<T>> Check,
    string? WhenMissing,
    VersionTable<T>? Versions = null) where T : class
{
    /// <summary>The blob input (the stored document) and the blob output (the new one) of the function.json.</summary>
    public const string Current = "current";

    public void Map(IEndpointRouteBuilder app, string functionName, string outputBinding, string path) =>
        app.MapEnvelope(functionName, (request, _) => Task.FromResult(Invoke(request, outputBinding, path, app.ServiceProvider)));

    public InvocationResponse Invoke(InvocationRequest request, string outputBinding, string path, IServiceProvider services)
    {
        var settings = services.GetRequiredService<HandlerSettings>();
        if (OrgInvocation.From(request) is not { } call) return OrgInvocation.NotAnOrgRequest();
        var outputs = new InvocationOutputs();
        var stored = request.Bytes(Current);
        if (call.Is("GET"))
        {
            if (stored is not null) return outputs.Http(OrgInvocation.Response, EnvelopeHttp.JsonText(StatusCodes.Status200OK, stored)).ToResponse();
            return outputs.Http(OrgInvocation.Response, WhenMissing is null
                ? EnvelopeHttp.Problem(StatusCodes.Status404NotFound, $"No {What}", $"Organization {call.Org} has no {What} yet; PUT one to api/orgs/{call.Org}/{What}.")
                : HttpOutput.Create(StatusCodes.Status200OK, WhenMissing)).ToResponse();
        }

        var body = call.Http.BodyBytes();
        // The length before the type: a request without a body arrives without its content type too.
        if (RequestBody.LengthRequired(body.Length, What) is { } noBody) return outputs.Http(OrgInvocation.Response, EnvelopeHttp.Problem(noBody)).ToResponse();
        if (call.MediaType is not "application/json")
            return outputs.Http(OrgInvocation.Response, EnvelopeHttp.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send the {What} as application/json (got {RequestBody.Sent(call.MediaType)}).")).ToResponse();
        // "The treatments document is …": the documents' names are not all singular nouns. A document this large is most
        // likely another file sent by mistake, which is what to check.
        if (body.Length > MaxBytes)
            return outputs.Http(OrgInvocation.Response, EnvelopeHttp.TooLarge($"{What} document", body.Length, MaxBytes,
                $"Check that the body is the {What} document (schemas/{What}.schema.json) and nothing else: one this large is most likely another file.")).ToResponse();
        var read = Check(body, call.Org, services.GetRequiredService<Catalog>());
        if (!read.Success)
        {
            var list = new JsonArray([.. read.Errors.Select(e => (JsonNode)e.ToString())]);
            return outputs.Http(OrgInvocation.Response, EnvelopeHttp.Problem(StatusCodes.Status400BadRequest, $"Invalid {What}",
                string.Join("; ", read.Errors.Take(5)), new JsonObject { ["errors"] = list })).ToResponse();
        }

        var now = settings.Clock.GetUtcNow();
        var sha = AuditLog.Sha256(body);
        if (Versions is not null)
            outputs.Json(Versions.Binding, Versions.Row(new DocumentChange(call.Org, body, now, call.Who, sha, settings.NewGuid()), read.Value));
        return outputs
            .Blob(outputBinding, body)
            .Json(AuditLog.Binding, AuditLog.Row(call.Org, AuditAction, now, call.Who, path.Replace("{org}", call.Org, StringComparison.Ordinal), sha, settings.NewGuid()))
            .Http(OrgInvocation.Response, EnvelopeHttp.JsonText(StatusCodes.Status200OK, body))
            .Log($"{What} of {call.Org} replaced (sha256 {sha})")
            .ToResponse();
    }
}

/// <summary>A document accepted by PUT, as a version row records it.</summary>
public sealed record DocumentChange(string Org, byte[] Body, DateTimeOffset At, string By, string ContentSha256, Guid Unique);

/// <summary>The table output (binding name) that receives one row per accepted change, and how the row is made from the document as read.</summary>
public sealed record VersionTable<T>(string Binding, Func<DocumentChange, T, JsonObject> Row) where T : class;
