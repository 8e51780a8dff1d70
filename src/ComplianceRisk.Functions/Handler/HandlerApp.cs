using System.Collections.Immutable;
using ComplianceRisk.Documents.Assessments;
using ComplianceRisk.Documents.Rosters;
using ComplianceRisk.Engine.Assessments;
using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Engine.Organizations;

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
        new(ComposeReportFunction.Name, ComposeReportFunction.Map),
        new(DeleteOrganizationFunction.Name, DeleteOrganizationFunction.Map),
        new(EraseOrganizationFunction.Name, EraseOrganizationFunction.Map),
        new(GetAssessmentFunction.Name, GetAssessmentFunction.Map),
        new(GetRegisterFunction.Name, GetRegisterFunction.Map),
        new(ListAssessmentsFunction.Name, ListAssessmentsFunction.Map),
        new(OpenApiFunction.Name, OpenApiFunction.Map),
        new(ProcessRosterFunction.Name, ProcessRosterFunction.Map),
        new(ProfileFunction.Name, ProfileFunction.Map),
        new(RenderRegisterFunction.Name, RenderRegisterFunction.Map),
        new(RosterTemplateFunction.Name, RosterTemplateFunction.Map),
        new(ScheduleReportsFunction.Name, ScheduleReportsFunction.Map),
        new(SubmitRosterFunction.Name, SubmitRosterFunction.Map),
        new(SubscriptionFunction.Name, SubscriptionFunction.Map),
        new(TreatmentsFunction.Name, TreatmentsFunction.Map),
        new(WebFunction.Name, WebFunction.Map),
    ];

    public static WebApplication Build(HandlerSettings settings, IEnumerable<HandlerFunction>? moreFunctions = null)
    {
        // Cold start: most of the first request is JIT compilation (catalog parse, roster import, assessment, JSON).
        // With a spare core, do that work now, beside the host's start, on a small synthetic roster (bench/functions-coldstart.sh:
        // about 0.77 s → 0.62 s to the first 200 on 2 idle cores); on one core it would only compete with the start.
        var catalog = Task.Run(DefaultCatalog.Load);
        if (Environment.ProcessorCount > 1)
            _ = catalog.ContinueWith(WarmUp, CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
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
        builder.Services.AddSingleton(new Authorization.OrgAccessPolicy(settings.Authorization));
        builder.Services.AddSingleton(_ => catalog.GetAwaiter().GetResult());
        builder.Services.AddProblemDetails();
        OpenApiFunction.AddServices(builder.Services);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        foreach (var function in Functions.Concat(moreFunctions ?? []))
            function.Map(app);
        return app;
    }

    /// <summary>Runs the default request's code once (nothing is kept or written); a failure here is left to the real request to report.</summary>
    private static void WarmUp(Task<Catalog> loaded)
    {
        try
        {
            var catalog = loaded.Result;
            var asOf = new DateOnly(2026, 1, 1);
            var csv = new StringWriter();
            new SyntheticRoster(catalog, new Random(1), asOf).WriteCsv(csv, 20);
            var profile = OrganizationProfile.Create("warm-up", null, ["hospital"], ["US"]).GetValueOrThrow();
            var read = RosterDocument.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv.ToString())), catalog, profile);
            if (read.Roster is { } roster)
                AssessmentJson.Write(Stream.Null, new Assessor(catalog).Assess(profile, roster, new AssessmentOptions { AsOf = asOf }));
        }
        catch (Exception)
        {
            // Only a head start: the request that needs this code reports any failure itself.
        }
    }
}
