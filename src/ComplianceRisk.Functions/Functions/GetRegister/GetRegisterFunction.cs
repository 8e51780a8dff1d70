using System.Text.Json.Nodes;
using ComplianceRisk.Documents.Assessments;
using ComplianceRisk.Documents.Registers;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;

namespace ComplianceRisk.Functions;

/// <summary>
/// <c>GET api/orgs/{org}/assessments/{name}/register</c> (envelope): the register workbook ProcessRoster stored, as
/// JSON <c>{fileName, contentType, contentBase64}</c>: the host writes an envelope's HTTP body as a string, so a
/// binary body cannot pass through it. With <c>pseudonymize=true</c> (which authorization sets for the Board) the
/// register is made again from the stored assessment with every name replaced by its stable pseudonym.
/// </summary>
public static class GetRegisterFunction
{
    public const string Name = "GetRegister";
    public const string Input = "register";
    public const string AssessmentInput = "assessment";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapEnvelope(Name, (request, _) => Task.FromResult(Invoke(request, app.ServiceProvider.GetRequiredService<Catalog>(), app.ServiceProvider.GetRequiredService<HandlerSettings>())));

    public static InvocationResponse Invoke(InvocationRequest request, Catalog catalog, HandlerSettings settings)
    {
        if (OrgInvocation.From(request) is not { } call) return OrgInvocation.NotAnOrgRequest();
        var (pseudonymize, bad) = PseudonymizeParameter.Read(call.Http.Query.FirstOrDefault(q => q.Key.Equals(PseudonymizeParameter.Name, StringComparison.OrdinalIgnoreCase)).Value);
        if (bad is not null) return Answer(EnvelopeHttp.Problem(StatusCodes.Status400BadRequest, bad.Title, bad.Detail));

        byte[]? workbook;
        if (pseudonymize)
        {
            if (request.Bytes(AssessmentInput) is not { } json) return Answer(GetAssessmentFunction.NotFound(call, "register"));
            var read = AssessmentJson.Read(json);
            // The stored assessment was written by ProcessRoster; one that cannot be read is a fault, not the caller's error.
            var assessment = read.Success ? read.Value : throw new InvalidOperationException($"assessments/{call.Org}/{call.Param("name")}.json cannot be read: {string.Join("; ", read.Errors.Take(3))}");
            using var buffer = new MemoryStream();
            RegisterWorkbook.Write(buffer, assessment, catalog, new RegisterOptions { Pseudonymize = true, PseudonymKey = settings.PseudonymKey });
            workbook = buffer.ToArray();
        }
        else workbook = request.Bytes(Input);
        if (workbook is null) return Answer(GetAssessmentFunction.NotFound(call, "register"));

        var body = new JsonObject
        {
            ["fileName"] = $"register-{call.Org}-{call.Param("name")}{(pseudonymize ? "-pseudonymized" : "")}.xlsx",
            ["contentType"] = Downloads.XlsxMediaType,
            ["contentBase64"] = Convert.ToBase64String(workbook),
        };
        return Answer(EnvelopeHttp.Json(StatusCodes.Status200OK, body));
    }

    private static InvocationResponse Answer(HttpOutput output) => new InvocationOutputs().Http(OrgInvocation.Response, output).ToResponse();
}
