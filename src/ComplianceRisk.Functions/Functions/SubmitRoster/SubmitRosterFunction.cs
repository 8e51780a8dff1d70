using System.Text.Json.Nodes;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;

namespace ComplianceRisk.Functions;

/// <summary>
/// <c>POST api/orgs/{org}/rosters</c> (envelope): keeps the roster exactly as sent, as a new blob under
/// <c>rosters/{org}/</c>, which triggers ProcessRoster. The body must be <c>application/octet-stream</c>: only then does
/// the host carry it as bytes (base64) rather than as text, which would corrupt an XLSX. While the organization's data
/// is being erased (<see cref="ErasureState"/>) a roster is refused, 409, and nothing is kept: accepted, it would be
/// erased or left behind depending on when it landed, neither of which its sender could tell.
/// </summary>
public static class SubmitRosterFunction
{
    public const string Name = "SubmitRoster";
    public const string Output = "roster";
    public const string OctetStream = "application/octet-stream";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapEnvelope(Name, (request, _) => Task.FromResult(Invoke(request, app.ServiceProvider.GetRequiredService<HandlerSettings>())));

    public static InvocationResponse Invoke(InvocationRequest request, HandlerSettings settings)
    {
        if (OrgInvocation.From(request) is not { } call) return OrgInvocation.NotAnOrgRequest();
        var outputs = new InvocationOutputs();
        var roster = call.Http.BodyBytes();
        // The length before the type: a request without a body arrives without its content type too.
        if (RequestBody.LengthRequired(roster.Length, "roster") is { } noBody) return outputs.Http(OrgInvocation.Response, EnvelopeHttp.Problem(noBody)).ToResponse();
        if (call.MediaType != OctetStream)
            return outputs.Http(OrgInvocation.Response, EnvelopeHttp.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send the roster file (CSV or XLSX) as {OctetStream} (got {RequestBody.Sent(call.MediaType)}): " +
                "Azure Functions passes any other type to this function as text, which would damage a workbook.")).ToResponse();
        if (roster.Length > settings.MaxUploadBytes) return outputs.Http(OrgInvocation.Response, EnvelopeHttp.TooLarge("roster", roster.Length, settings.MaxUploadBytes, RequestBody.LargeRosterAdvice)).ToResponse();
        if (ErasureState.Read(request.Bytes(ErasureState.Binding)) is { IsPending: true } erasure)
            return outputs.Http(OrgInvocation.Response, EnvelopeHttp.Problem(StatusCodes.Status409Conflict, "Organization being erased",
                    $"The erasure of {call.Org}'s data requested at {erasure.RequestedAt} is in progress, and this roster was not kept. " +
                    $"Submit it again once the erasure is done (GET api/orgs/{call.Org}/assessments then lists nothing), as the organization's first roster after it."))
                .Log($"roster for {call.Org} refused: its erasure is in progress").ToResponse();

        var now = settings.Clock.GetUtcNow();
        var sha = AuditLog.Sha256(roster);
        // The blob's name ({DateTime}-{rand-guid}) is made by the host's binding when it writes the output, after this
        // answer: the handler never learns it. The sha256 finds the submission in api/orgs/{org}/assessments.
        var list = $"/api/orgs/{call.Org}/assessments";
        var body = new JsonObject
        {
            ["organization"] = call.Org,
            ["status"] = "submitted",
            ["receivedAt"] = AuditLog.Timestamp(now),
            ["bytes"] = roster.Length,
            ["rosterSha256"] = sha,
            ["assessments"] = list,
        };
        var accepted = EnvelopeHttp.Json(StatusCodes.Status202Accepted, body);
        accepted.Headers["Location"] = list;
        return outputs
            .Blob(Output, roster)
            .Json(AuditLog.Binding, AuditLog.Row(call.Org, AuditLog.Submission, now, call.Who, $"rosters/{call.Org}/", sha, settings.NewGuid()))
            .Http(OrgInvocation.Response, accepted)
            .Log($"roster for {call.Org} kept ({roster.Length} bytes, sha256 {sha})")
            .ToResponse();
    }
}
