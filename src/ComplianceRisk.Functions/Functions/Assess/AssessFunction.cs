using System.Globalization;
using ComplianceRisk.Documents.Registers;
using ComplianceRisk.Documents.Rosters;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Organizations;
using ComplianceRisk.Functions.Handler;
using Microsoft.AspNetCore.Mvc;

namespace ComplianceRisk.Functions;

/// <summary>
/// <c>POST api/assess</c> (forwarded): a roster's bytes in, the assessment out as JSON, the register workbook, or the
/// NIST IR 8286 register JSON. Stateless: nothing is kept.
/// </summary>
public static class AssessFunction
{
    public const string Name = "Assess";
    public const string Route = "/api/assess";

    /// <summary>Content types taken as a roster; the document reader then tells CSV from XLSX by the bytes themselves.</summary>
    public static readonly string[] RosterMediaTypes =
    [
        "text/csv", "application/csv", "text/plain", "application/octet-stream",
        Downloads.XlsxMediaType,
        // What browsers on Windows send for a .csv file; a real legacy .xls is refused by the reader with a reason.
        "application/vnd.ms-excel",
    ];

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost(Route, Handle)
            .WithName(Name)
            .WithSummary("Assess a roster")
            .WithDescription("Send the roster file (CSV or XLSX) as the request body with a Content-Length. Answers with the assessment (JSON, schemas/assessment.schema.json), the risk register workbook, or the register as NIST IR 8286 JSON.")
            .WithMetadata(new RequestBodyDescription("The roster file itself (CSV or XLSX).", RosterMediaTypes))
            .Produces(StatusCodes.Status200OK, null, "application/json", Downloads.XlsxMediaType)
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
        TimeProvider clock,
        [FromQuery] string? format,
        [FromQuery] string? orgType,
        [FromQuery] string? jurisdiction,
        [FromQuery] string? attribute,
        [FromQuery] string? asOf,
        [FromQuery] string? without,
        [FromQuery] string? orgId,
        [FromQuery] string? orgName,
        [FromQuery] string? pseudonymize,
        CancellationToken cancellationToken)
    {
        var kind = (format ?? "json").Trim().ToLowerInvariant();
        if (!OutputFormats.Contains(kind))
            return Problems.BadQuery("format", $"'{format}' is not a format; use one of {string.Join(", ", OutputFormats)}.");

        var pseudonymized = PseudonymizeParameter.Read(pseudonymize);
        if (pseudonymized.Problem is { } badPseudonymize) return Problems.BadQuery(badPseudonymize);

        var media = RequestBody.MediaType(request);
        if (media is not null && !RosterMediaTypes.Contains(media))
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"'{media}' is not a roster. Send the CSV or XLSX file itself as the body, as {string.Join(", ", RosterMediaTypes)} or with no content type.");

        var profile = Profile(orgId, orgName, orgType, jurisdiction, attribute);
        if (profile.Problem is { } badProfile) return badProfile;
        var date = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (asOf is not null && !AssessmentOptions.TryReadAsOf(asOf, out date, out var badDate))
            return Problems.BadQuery("asOf", $"{badDate}.");

        var (body, tooBig) = await RequestBody.ReadAsync(request, settings.MaxUploadBytes, "roster", RequestBody.LargeRosterAdvice, cancellationToken);
        if (tooBig is not null) return tooBig;

        var read = RosterDocument.Read(new MemoryStream(body!, writable: false), catalog, profile.Value!, RosterLimits.Default with { MaxBytes = settings.MaxUploadBytes });
        if (read.Roster is not { } roster)
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "The roster cannot be read", read.Rejection?.ToString() ?? "The file is not a roster.",
                new Dictionary<string, object?> { ["code"] = read.Rejection?.Code, ["row"] = read.Rejection?.Row, ["column"] = read.Rejection?.Column });

        var left = Split(without).Distinct().ToList();
        var unknown = left.Where(id => !roster.People.Any(p => p.Id == id)).ToList();
        if (unknown.Count > 0)
            return Problems.BadQuery("without", $"No person with id {string.Join(", ", unknown)} in the roster.");

        var assessment = new Assessor(catalog).Assess(profile.Value!, roster, new AssessmentOptions { AsOf = date, Without = [.. left] });
        return kind switch
        {
            "json" => Downloads.AssessmentJsonResult(assessment),
            _ => Downloads.Register(kind, assessment, catalog, new RegisterOptions { Roster = roster, Profile = profile.Value, Pseudonymize = pseudonymized.Value, PseudonymKey = settings.PseudonymKey }),
        };
    }

    public static readonly string[] OutputFormats = ["json", .. Downloads.RegisterFormats];

    /// <summary>
    /// The organization from query parameters. The host joins a repeated parameter with commas before forwarding
    /// (HttpRequestExtensions.GetQueryCollectionAsDictionary), so lists are comma-separated either way.
    /// </summary>
    private static (OrganizationProfile? Value, IResult? Problem) Profile(string? orgId, string? orgName, string? orgType, string? jurisdiction, string? attribute)
    {
        var attributes = new Dictionary<string, bool>();
        foreach (var item in Split(attribute))
        {
            var parts = item.Split('=', 2);
            if (parts.Length != 2 || !bool.TryParse(parts[1], out var value))
                return (null, Problems.BadQuery("attribute", $"'{item}' should be name=true or name=false."));
            attributes[parts[0]] = value;
        }
        var result = OrganizationProfile.Create(orgId ?? "organization", orgName,
            orgType is null ? ["hospital"] : Split(orgType), jurisdiction is null ? ["US"] : Split(jurisdiction), attributes);
        if (result.Success) return (result.Value, null);
        // The profile's errors name its properties (orgTypes[0]); the caller wrote query parameters, so they are named instead.
        var problems = result.Errors.Select(ByQueryParameter).ToList();
        var parameters = problems.Select(p => p.Parameter).Distinct().ToList();
        var title = parameters.Count == 1 ? problems[0].Title : $"Invalid query parameters {string.Join(" and ", parameters.Select(p => $"'{p}'"))}";
        var errors = problems.Select(p => p.Detail).ToArray();
        return (null, Problems.Create(StatusCodes.Status400BadRequest, title, string.Join("; ", errors),
            new Dictionary<string, object?> { ["errors"] = errors }));
    }

    /// <summary>An error of the organization made from the query, said of the query parameter it came from.</summary>
    private static QueryProblem ByQueryParameter(Engine.InputError error)
    {
        var (parameter, subject) = error.Path switch
        {
            var p when p.StartsWith("orgTypes", StringComparison.Ordinal) => ("orgType", "orgType"),
            var p when p.StartsWith("jurisdictions", StringComparison.Ordinal) => ("jurisdiction", "jurisdiction"),
            var p when p.StartsWith("attributes.", StringComparison.Ordinal) => ("attribute", $"attribute {p["attributes.".Length..]}"),
            _ => ("orgId", "orgId"),
        };
        return new QueryProblem(parameter, $"{subject}: {error.Message}");
    }

    private static IEnumerable<string> Split(string? text) =>
        (text ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
