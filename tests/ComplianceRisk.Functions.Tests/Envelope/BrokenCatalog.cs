using ComplianceRisk.Engine.Catalogs;
using ComplianceRisk.Functions.Contract;
using ComplianceRisk.Functions.Handler;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceRisk.Functions.Tests.Envelope;

/// <summary>
/// ProcessRoster's own code, answering the envelope under another function name, with the default catalog changed so
/// that every obligation names a role it does not have: the engine then throws (Catalog.GetRole) on any roster, as a
/// defect met while assessing one would. The handler offers no way to swap its catalog, so the function is mapped
/// again here, beside the real one, with services of its own.
/// </summary>
internal static class BrokenCatalog
{
    public const string ProcessRoster = "ProcessRosterOnABrokenCatalog";

    /// <summary>What the engine's exception says; it may stand for roster text, so it must reach neither the log nor the officer's record.</summary>
    public const string MissingRole = "no-such-role";

    public static HandlerFunction ProcessRosterFunction(HandlerSettings settings)
    {
        var catalog = DefaultCatalog.Load();
        var broken = catalog with { Obligations = [.. catalog.Obligations.Select(o => o with { AccountableRoles = [MissingRole] })] };
        var services = new ServiceCollection().AddSingleton(settings).AddSingleton(broken).BuildServiceProvider();
        return new(ProcessRoster, app => app.MapEnvelope(ProcessRoster,
            (request, _) => Task.FromResult(Functions.ProcessRosterFunction.Invoke(request, services))));
    }
}
