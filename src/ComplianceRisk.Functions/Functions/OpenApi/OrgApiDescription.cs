using Microsoft.OpenApi;

namespace ComplianceRisk.Functions;

/// <summary>
/// The organization routes in the OpenAPI document. Their functions answer the host's envelope rather than a routed
/// request, so ASP.NET Core cannot describe them from endpoints; they are written out here, and a test holds every
/// org route of the function.json files to a path of this description.
/// </summary>
internal static class OrgApiDescription
{
    private sealed record Operation(HttpMethod Method, string Path, string Summary, string? Body, int Success, string SuccessType, int[] Errors, bool Pseudonymize = false);

    private const string Json = "application/json";
    private const int Auth401 = 401, Auth403 = 403;
    // Every org operation also answers 404 for an {org} outside the route constraint (docs/functions.md, Authorization).

    private static readonly Operation[] Operations =
    [
        new(HttpMethod.Get, "/api/orgs/{org}/profile", "The organization profile", null, 200, Json, [Auth401, Auth403, 404]),
        new(HttpMethod.Put, "/api/orgs/{org}/profile", "Replace the organization profile (schemas/profile.schema.json; its id is {org})", Json, 200, Json, [400, Auth401, Auth403, 408, 411, 413, 415, 404]),
        new(HttpMethod.Get, "/api/orgs/{org}/treatments", "The organization's risk treatments ({} when there are none)", null, 200, Json, [Auth401, Auth403, 404]),
        new(HttpMethod.Put, "/api/orgs/{org}/treatments", "Replace the risk treatments (schemas/treatments.schema.json)", Json, 200, Json, [400, Auth401, Auth403, 408, 411, 413, 415, 404]),
        new(HttpMethod.Get, "/api/orgs/{org}/subscription", "Who receives the scheduled report and when (CIO or ComplianceOfficer: it holds the recipients' addresses)", null, 200, Json, [Auth401, Auth403, 404]),
        new(HttpMethod.Put, "/api/orgs/{org}/subscription", "Replace the report subscription (schemas/subscription.schema.json)", Json, 200, Json, [400, Auth401, Auth403, 408, 411, 413, 415, 404]),
        new(HttpMethod.Post, "/api/orgs/{org}/rosters", "Submit a roster (CSV or XLSX) for assessment as of now", "application/octet-stream", 202, Json, [Auth401, Auth403, 408, 409, 411, 413, 415, 404]),
        new(HttpMethod.Get, "/api/orgs/{org}/assessments", "The organization's submissions, newest first (rows without a submission time last), assessed or rejected", null, 200, Json, [Auth401, Auth403, 404]),
        new(HttpMethod.Get, "/api/orgs/{org}/assessments/{name}", "A stored assessment (schemas/assessment.schema.json)", null, 200, Json, [Auth401, Auth403, 404]),
        new(HttpMethod.Get, "/api/orgs/{org}/assessments/{name}/register", "A stored register workbook as {fileName, contentType, contentBase64}", null, 200, Json, [400, Auth401, Auth403, 404], Pseudonymize: true),
        new(HttpMethod.Delete, "/api/orgs/{org}", "Ask for the organization's data to be erased", null, 202, Json, [Auth401, Auth403, 404]),
    ];

    /// <summary>The paths this description adds, for the test that holds them to the function.json routes.</summary>
    public static IEnumerable<string> Paths => Operations.Select(o => o.Path).Distinct();

    public static void AddTo(OpenApiDocument document)
    {
        document.Paths ??= [];
        foreach (var group in Operations.GroupBy(o => o.Path))
        {
            var item = new OpenApiPathItem { Operations = [] };
            foreach (var operation in group) item.Operations[operation.Method] = Describe(operation);
            document.Paths[group.Key] = item;
        }
    }

    private static OpenApiOperation Describe(Operation operation)
    {
        var parameters = new List<IOpenApiParameter>
        {
            PathParameter("org", "^[a-z0-9-]{3,63}$", "The organization id."),
        };
        if (operation.Path.Contains("{name}", StringComparison.Ordinal))
            parameters.Add(PathParameter("name", "^[A-Za-z0-9-]+$", "The submission's name, as the list gives it."));
        if (operation.Pseudonymize)
            parameters.Add(new OpenApiParameter
            {
                Name = "pseudonymize",
                In = ParameterLocation.Query,
                Description = "true: names replaced by stable pseudonyms (always, for the Board).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Boolean },
            });

        var responses = new OpenApiResponses
        {
            [operation.Success.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = operation.Summary,
                Content = new Dictionary<string, OpenApiMediaType> { [operation.SuccessType] = new() },
            },
        };
        foreach (var status in operation.Errors)
            responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = "RFC 9457 problem details",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() },
            };

        return new OpenApiOperation
        {
            Summary = operation.Summary,
            Parameters = parameters,
            RequestBody = operation.Body is null ? null : new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [operation.Body] = new() { Schema = operation.Body == Json ? new OpenApiSchema { Type = JsonSchemaType.Object } : new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                },
            },
            Responses = responses,
        };
    }

    private static OpenApiParameter PathParameter(string name, string pattern, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Path,
        Required = true,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = pattern },
    };
}
