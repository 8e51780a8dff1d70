using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Functions.Handler;

namespace ComplianceRisk.Functions;

/// <summary><c>GET api/catalog</c> (forwarded): the embedded default catalog, byte for byte as <c>catalog export</c> writes it.</summary>
public static class CatalogFunction
{
    public const string Name = "Catalog";
    public const string Route = "/api/catalog";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Route, Handle)
            .WithName(Name)
            .WithSummary("The default catalog")
            .WithDescription("Roles, competencies, certifications, obligations and the scoring method (schemas/catalog.schema.json).")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");

    internal static IResult Handle() => TypedResults.Bytes(DefaultCatalog.GetBytes(), Downloads.JsonMediaType);
}
