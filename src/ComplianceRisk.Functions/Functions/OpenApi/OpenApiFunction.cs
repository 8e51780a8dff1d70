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
                // Bound as text so that a bad value gets a problem naming it (Handler.PseudonymizeParameter); it takes a boolean.
                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>().Where(p => p.Name == Handler.PseudonymizeParameter.Name) ?? [])
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Boolean };
                return Task.CompletedTask;
            });
        });

    public static void Map(IEndpointRouteBuilder app) => app.MapOpenApi(Route);

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
