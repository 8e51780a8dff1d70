using Microsoft.OpenApi;

namespace ComplianceRisk.Functions;

/// <summary><c>GET api/openapi.json</c> (forwarded): the OpenAPI document of the public HTTP API, generated from the endpoints.</summary>
public static class OpenApiFunction
{
    public const string Name = "OpenApi";
    public const string Route = "/api/openapi.json";

    public static void AddServices(IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            // Only the public API: the page, its assets and the host's envelope endpoints are not part of it.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "ComplianceRisk",
                    Version = typeof(OpenApiFunction).Assembly.GetName().Version?.ToString(3) ?? "0",
                    Description = "How fragile an organization's health-IT compliance is because of who holds its critical IT roles. Errors are RFC 9457 problem details.",
                };
                OrgApiDescription.AddTo(document);
                DeclareRequestHeader(document);
                DeclareKey(document);
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestBodyDescription>().FirstOrDefault() is { } body)
                {
                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Description = body.Description,
                        Content = body.MediaTypes.ToDictionary(m => m, _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } }),
                    };
                }
                // Produces(200, contentType: …) with no response type leaves the content types out of the document: a client
                // could not tell a JSON answer from a workbook. Each is declared as the endpoint states it.
                foreach (var produces in context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Http.Metadata.IProducesResponseTypeMetadata>().Where(p => p.ContentTypes.Any()))
                {
                    var status = produces.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (operation.Responses?.TryGetValue(status, out var declared) != true || declared is not OpenApiResponse response) continue;
                    response.Content ??= new Dictionary<string, OpenApiMediaType>();
                    foreach (var type in produces.ContentTypes)
                        if (!response.Content.ContainsKey(type))
                            response.Content[type] = new OpenApiMediaType { Schema = type.EndsWith("json", StringComparison.Ordinal) ? new OpenApiSchema { Type = JsonSchemaType.Object } : new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
                }
                // Bound as text so that a bad value gets a problem naming it (Handler.PseudonymizeParameter); it takes a boolean.
                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>().Where(p => p.Name == Handler.PseudonymizeParameter.Name) ?? [])
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Boolean };
                return Task.CompletedTask;
            });
        });

    public static void Map(IEndpointRouteBuilder app) => app.MapOpenApi(Route);

    /// <summary>The name the document gives serve's API key (<see cref="Runtime.ServeKeys.Header"/>) among its security schemes.</summary>
    public const string KeyScheme = "serveKey";

    /// <summary>
    /// serve reaches an organization's routes only with an API key in its header (docs/functions.md, Authorization): the
    /// document says so, on every organization operation, so that a client made from it sends one. On Azure the same
    /// routes are behind App Service Authentication instead, which a client meets as a sign-in, not as a parameter.
    /// </summary>
    private static void DeclareKey(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[KeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = Runtime.ServeKeys.Header,
            Description = "serve: a key from its keys file (--keys), which reaches one organization with one role. On Azure: App Service Authentication (Microsoft Entra ID) instead.",
        };
        foreach (var (path, item) in document.Paths)
            if (OrgApiDescription.Paths.Contains(path))
                foreach (var operation in item.Operations?.Values.ToList() ?? [])
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(KeyScheme, document)] = [] }];
    }

    /// <summary>
    /// serve refuses a request that changes data without its request header (<see cref="Runtime.ServeGuard"/>), so a
    /// client made from this document must know to send it: every operation serve asks it of declares it, required. The host
    /// on Azure does not look at it, so sending it there costs nothing.
    /// </summary>
    private static void DeclareRequestHeader(OpenApiDocument document)
    {
        foreach (var item in document.Paths.Values)
            foreach (var (method, operation) in item.Operations ?? [])
            {
                if (!Runtime.ServeGuard.NeedsRequestHeader(method.Method)) continue;
                (operation.Parameters ??= []).Add(new OpenApiParameter
                {
                    Name = Runtime.ServeGuard.RequestHeader,
                    In = ParameterLocation.Header,
                    Required = true,
                    Description = "Any value. serve answers 403 to a request that changes data without it, as a page on another site cannot send it; the host on Azure ignores it.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }
    }
}

/// <summary>
/// Describes a raw request body for the OpenAPI document. The functions read the body themselves (rather than declaring
/// accepted content types to routing) so that a wrong type gets a 415 whose detail says what to send.
/// </summary>
public sealed record RequestBodyDescription(string Description, params string[] MediaTypes);
