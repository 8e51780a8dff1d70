using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;

namespace ComplianceRisk.Functions;

/// <summary><c>GET api/orgs/{org}/assessments/{name}</c> (envelope): the assessment JSON ProcessRoster stored, as stored.</summary>
public static class GetAssessmentFunction
{
    public const string Name = "GetAssessment";
    public const string Input = "assessment";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapEnvelope(Name, (request, _) => Task.FromResult(Invoke(request)));

    public static InvocationResponse Invoke(InvocationRequest request)
    {
        if (OrgInvocation.From(request) is not { } call) return OrgInvocation.NotAnOrgRequest();
        var stored = request.Bytes(Input);
        return new InvocationOutputs().Http(OrgInvocation.Response, stored is null
            ? NotFound(call, "assessment")
            : EnvelopeHttp.JsonText(StatusCodes.Status200OK, stored)).ToResponse();
    }

    /// <summary>No such document: not submitted, still being processed, or rejected; the list says which.</summary>
    public static HttpOutput NotFound(OrgInvocation call, string what) =>
        EnvelopeHttp.Problem(StatusCodes.Status404NotFound, $"No such {what}",
            $"Organization {call.Org} has no {what} named '{call.Param("name")}'. GET /api/orgs/{call.Org}/assessments lists the submissions: a rejected one has no {what}, and a new one has none until it is processed.");
}
