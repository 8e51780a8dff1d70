using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceRisk.Functions.Tests.Envelope;

/// <summary>
/// A function's own code (ProcessRoster's, ComposeReport's), answering the envelope under another function name, with
/// the default catalog changed so that every obligation names a role it does not have: the engine then throws
/// (Catalog.GetRole) on any roster, as a defect met while assessing one would. The handler offers no way to swap its
/// catalog, so the function is mapped again here, beside the real one, with services of its own.
/// </summary>
internal static class BrokenCatalog
{
    public const string ProcessRoster = "ProcessRosterOnABrokenCatalog";
    public const string ComposeReport = "ComposeReportOnABrokenCatalog";

    /// <summary>What the engine's exception says; it may stand for roster text, so it must reach neither the log nor the officer's record.</summary>
    public const string MissingRole = "no-such-role";

    public static HandlerFunction ProcessRosterFunction(HandlerSettings settings) =>
        Function(ProcessRoster, Functions.ProcessRosterFunction.Invoke, settings);

    public static HandlerFunction ComposeReportFunction(HandlerSettings settings) =>
        Function(ComposeReport, Functions.ComposeReportFunction.Invoke, settings);

    private static HandlerFunction Function(string name, Func<InvocationRequest, IServiceProvider, InvocationResponse> invoke, HandlerSettings settings)
    {
        var catalog = DefaultCatalog.Load();
        var broken = catalog with { Obligations = [.. catalog.Obligations.Select(o => o with { AccountableRoles = [MissingRole] })] };
        var services = new ServiceCollection().AddSingleton(settings).AddSingleton(broken).BuildServiceProvider();
        return new(name, app => app.MapEnvelope(name, (request, _) => Task.FromResult(invoke(request, services))));
    }
}
