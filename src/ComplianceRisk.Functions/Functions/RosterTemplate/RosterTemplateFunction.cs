using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Functions.Handler;

namespace ComplianceRisk.Functions;

/// <summary><c>GET api/template</c> (forwarded): the roster template workbook, with drop-downs from the catalog.</summary>
public static class RosterTemplateFunction
{
    public const string Name = "RosterTemplate";
    public const string Route = "/api/template";
    public const string FileName = "roster-template.xlsx";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Route, Handle)
            .WithName(Name)
            .WithSummary("Download the roster template")
            .Produces(StatusCodes.Status200OK, contentType: Downloads.XlsxMediaType);

    internal static IResult Handle(Catalog catalog)
    {
        var file = Downloads.TemporaryFile();
        Documents.Templates.RosterTemplate.Write(file, catalog);
        file.Position = 0;
        return TypedResults.Stream(file, Downloads.XlsxMediaType, FileName);
    }
}
