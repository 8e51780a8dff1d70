using ComplianceRisk.Functions.Handler;

namespace ComplianceRisk.Functions.Runtime;

/// <summary>
/// serve's Host check (DESIGN §7): ASP.NET Core's host filtering, configured by <see cref="LocalHost"/>, decides which
/// Host headers are answered; this only says its refusal as a problem, as serve says every other refusal, rather than
/// the HTML page the filter writes. The refused host is the caller's text and is not repeated in the answer.
/// </summary>
/// <remarks>
/// A startup filter, registered ahead of the web host's own (<c>HostFilteringStartupFilter</c>, which puts the same
/// filter in front of the whole pipeline): a refusal there would never reach a middleware of the app's.
/// </remarks>
internal sealed class HostCheck(IReadOnlyList<string> allowedHosts) : IStartupFilter
{
    // Set by the step after the filter: a 400 without it is the filter's refusal, whatever a later step would answer.
    private static readonly object Passed = new();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var detail = $"The request's Host header is not a name this serve listens as, so it is not answered: a DNS name pointed at this address must not make another site's page same-origin with serve. Use {string.Join(", ", allowedHosts)} with serve's port, as serve printed when it started.";
        app.Use(async (context, following) =>
        {
            await following(context);
            if (!context.Items.ContainsKey(Passed) && context.Response.StatusCode == StatusCodes.Status400BadRequest && !context.Response.HasStarted)
                await Problems.Create(StatusCodes.Status400BadRequest, "Unknown host", detail).ExecuteAsync(context);
        });
        app.UseHostFiltering();
        app.Use((context, following) =>
        {
            context.Items[Passed] = true;
            return following(context);
        });
        next(app);
    };
}
