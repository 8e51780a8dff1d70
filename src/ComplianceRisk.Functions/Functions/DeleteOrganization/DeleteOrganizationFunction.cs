using System.Text.Json.Nodes;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;

namespace ComplianceRisk.Functions;

/// <summary>
/// <c>DELETE api/orgs/{org}</c> (envelope): asks for the organization's data to be erased. The request is a message on
/// the <c>erasure-requests</c> queue (the erasure itself runs from there) and a deletion-request audit row; 202. It also
/// marks the erasure pending (<see cref="ErasureState"/>) at once, so that a roster submitted after this answer, while
/// the request waits on the queue, is refused rather than erased unseen or left behind.
/// </summary>
public static class DeleteOrganizationFunction
{
    public const string Name = "DeleteOrganization";
    public const string Output = "erasure";
    public const string Queue = "erasure-requests";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapEnvelope(Name, (request, _) => Task.FromResult(Invoke(request, app.ServiceProvider.GetRequiredService<HandlerSettings>())));

    public static InvocationResponse Invoke(InvocationRequest request, HandlerSettings settings)
    {
        if (OrgInvocation.From(request) is not { } call) return OrgInvocation.NotAnOrgRequest();
        var now = settings.Clock.GetUtcNow();
        var message = new JsonObject
        {
            ["org"] = call.Org,
            ["requestedAt"] = AuditLog.Timestamp(now),
            ["requestedBy"] = call.Who,
        };
        var body = new JsonObject
        {
            ["organization"] = call.Org,
            ["status"] = "erasure requested",
            ["requestedAt"] = AuditLog.Timestamp(now),
        };
        return new InvocationOutputs()
            .Json(Output, message)
            .Blob(ErasureState.Binding, new ErasureState(call.Org, AuditLog.Timestamp(now), call.Who, null).ToBytes())
            .Json(AuditLog.Binding, AuditLog.Row(call.Org, AuditLog.DeletionRequest, now, call.Who, Queue, AuditLog.Sha256(System.Text.Encoding.UTF8.GetBytes(message.ToJsonString())), settings.NewGuid()))
            .Http(OrgInvocation.Response, EnvelopeHttp.Json(StatusCodes.Status202Accepted, body))
            .Log($"erasure of {call.Org} requested")
            .ToResponse();
    }
}
