using System.Collections.Immutable;
using ComplianceRisk.Engine.Catalogs;

namespace ComplianceRisk.Functions.Handler;

/// <summary>A function as the handler implements it: the name of its folder, and the endpoints that answer the host.</summary>
public sealed record HandlerFunction(string Name, Action<IEndpointRouteBuilder> Map);

/// <summary>
/// The custom handler: an ASP.NET Core app listening on the loopback port the host gives it. Forwarded functions answer
/// at their public path; the others (later issues) answer the host's envelope at <c>POST /{FunctionName}</c>.
/// </summary>
public static class HandlerApp
{
    /// <summary>Every function of the app; a test checks this list against the function.json folders.</summary>
    public static readonly ImmutableArray<HandlerFunction> Functions =
    [
        new(AssessFunction.Name, AssessFunction.Map),
        new(CatalogFunction.Name, CatalogFunction.Map),
        new(OpenApiFunction.Name, OpenApiFunction.Map),
        new(RenderRegisterFunction.Name, RenderRegisterFunction.Map),
        new(RosterTemplateFunction.Name, RosterTemplateFunction.Map),
        new(WebFunction.Name, WebFunction.Map),
    ];

    public static WebApplication Build(HandlerSettings settings, IEnumerable<HandlerFunction>? moreFunctions = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = typeof(HandlerApp).Assembly.GetName().Name });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The host calls the handler on 127.0.0.1; nothing else should reach it.
            kestrel.Listen(System.Net.IPAddress.Loopback, settings.Port);
            // Each function enforces its own limit with a 413 that says what the limit is.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;
        });
        builder.Logging.SetMinimumLevel(settings.LogLevel);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(settings.Clock);
        builder.Services.AddSingleton(_ => DefaultCatalog.Load());
        builder.Services.AddProblemDetails();
        OpenApiFunction.AddServices(builder.Services);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        foreach (var function in Functions.Concat(moreFunctions ?? []))
            function.Map(app);
        return app;
    }
}
