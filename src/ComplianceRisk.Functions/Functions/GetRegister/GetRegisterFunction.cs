using System.Text.Json.Nodes;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;

namespace ComplianceRisk.Functions;

/// <summary>
/// <c>GET api/orgs/{org}/assessments/{name}/register</c> (envelope): the register workbook ProcessRoster stored, as
/// JSON <c>{fileName, contentType, contentBase64}</c>: the host writes an envelope's HTTP body as a string, so a
/// binary body cannot pass through it.
/// </summary>
public static class GetRegisterFunction
{
    public const string Name = "GetRegister";
    public const string Input = "register";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapEnvelope(Name, (request, _) => Task.FromResult(Invoke(request)));

    public static InvocationResponse Invoke(InvocationRequest request)
    {
        if (OrgInvocation.From(request) is not { } call) return OrgInvocation.NotAnOrgRequest();
        if (request.Bytes(Input) is not { } workbook)
            return new InvocationOutputs().Http(OrgInvocation.Response, GetAssessmentFunction.NotFound(call, "register")).ToResponse();
        var body = new JsonObject
        {
            ["fileName"] = $"register-{call.Org}-{call.Param("name")}.xlsx",
            ["contentType"] = Downloads.XlsxMediaType,
            ["contentBase64"] = Convert.ToBase64String(workbook),
        };
        return new InvocationOutputs().Http(OrgInvocation.Response, EnvelopeHttp.Json(StatusCodes.Status200OK, body)).ToResponse();
    }
}
