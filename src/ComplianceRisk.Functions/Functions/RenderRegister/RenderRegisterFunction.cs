using ComplianceRisk.Documents.Assessments;
using ComplianceRisk.Documents.Registers;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Functions.Handler;
using Microsoft.AspNetCore.Mvc;

namespace ComplianceRisk.Functions;

/// <summary><c>POST api/registers</c> (forwarded): an assessment (JSON, as <c>api/assess</c> or the CLI wrote it) in, its register out.</summary>
public static class RenderRegisterFunction
{
    public const string Name = "RenderRegister";
    public const string Route = "/api/registers";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost(Route, Handle)
            .WithName(Name)
            .WithSummary("Render the risk register of an assessment")
            .WithDescription("Send an assessment JSON document (schemas/assessment.schema.json) as the body; answers with the register workbook (format=xlsx, the default) or the register as NIST IR 8286 JSON (format=nist-8286-json). pseudonymize=true replaces names by stable pseudonyms for board packs.")
            .WithMetadata(new RequestBodyDescription("An assessment document (schemas/assessment.schema.json).", "application/json"))
            .Produces(StatusCodes.Status200OK, null, Downloads.XlsxMediaType, "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            // serve's answer (ServeGuard), not the function's: a POST without its request header.
            .ProducesProblem(StatusCodes.Status403Forbidden)
            // serve's answer (HttpRoutes), not the function's: the body stopped arriving before its Content-Length.
            .ProducesProblem(StatusCodes.Status408RequestTimeout)
            .ProducesProblem(StatusCodes.Status411LengthRequired)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    internal static async Task<IResult> Handle(
        HttpRequest request,
        Catalog catalog,
        HandlerSettings settings,
        [FromQuery] string? format,
        [FromQuery] string? pseudonymize,
        CancellationToken cancellationToken)
    {
        var kind = (format ?? "xlsx").Trim().ToLowerInvariant();
        if (!Downloads.RegisterFormats.Contains(kind))
            return Problems.BadQuery("format", $"'{format}' is not a register format; use one of {string.Join(", ", Downloads.RegisterFormats)}.");
        var pseudonymized = PseudonymizeParameter.Read(pseudonymize);
        if (pseudonymized.Problem is { } badPseudonymize) return Problems.BadQuery(badPseudonymize);
        // As in api/assess, whose roster types include none: a request without a body is told to send one (411) before its type is judged.
        if (RequestBody.LengthRequired(request, "assessment") is { } noBody) return noBody;
        var media = RequestBody.MediaType(request);
        if (media is not "application/json")
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send the assessment as application/json (got {RequestBody.Sent(media)}).");

        var (body, problem) = await RequestBody.ReadAsync(request, Math.Min(settings.MaxUploadBytes, AssessmentJson.MaxBytes), "assessment", null, cancellationToken);
        if (problem is not null) return problem;

        var read = AssessmentJson.Read(body);
        if (!read.Success)
        {
            var errors = read.Errors.Select(e => e.ToString()).ToArray();
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "The assessment cannot be read", string.Join("; ", errors.Take(5)),
                new Dictionary<string, object?> { ["errors"] = errors });
        }
        return Downloads.Register(kind, read.Value, catalog, new RegisterOptions { Pseudonymize = pseudonymized.Value, PseudonymKey = settings.PseudonymKey });
    }
}
