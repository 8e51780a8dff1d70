using System.Text.Json;
using Microsoft.Playwright;

namespace ComplianceRisk.Web.Tests;

/// <summary>
/// axe-core (from npm, pinned in this project's package-lock.json, never served by the app) injected into the page:
/// no serious or critical violation on the empty page, on the results, or at the narrowest laptop width.
/// </summary>
public sealed class AccessibilityTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string Axe = Path.Combine(Repo.Root, "tests", "ComplianceRisk.Web.Tests", "node_modules", "axe-core", "axe.min.js");

    [Fact]
    public async Task The_empty_page_has_no_serious_violation()
    {
        await using var page = await browser.OpenAsync(bypassCsp: true);
        await page.Page.Locator("#org-types input").First.WaitForAsync();
        await AssertNoSeriousViolationAsync(page.Page);
    }

    [Theory]
    [InlineData(1280, 720)]
    [InlineData(1024, 768)]
    public async Task The_results_have_no_serious_violation(int width, int height)
    {
        await using var page = await browser.OpenAsync(width, height, bypassCsp: true);
        await page.AssessAsync(Sample.Of("community-hospital-tx"));
        // Open every risk's details and choose a heat-map cell, so the checked page is the one a person uses.
        await page.Page.EvalOnSelectorAllAsync("#risks details", "all => all.forEach(d => d.open = true)");
        await page.Page.Locator("#heatmap button.cell:not(.empty)").First.ClickAsync();
        await AssertNoSeriousViolationAsync(page.Page);

        // Nothing is wider than the window at a laptop's width.
        var overflow = await page.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow} px wider than a {width} px window");
    }

    private static async Task AssertNoSeriousViolationAsync(IPage page)
    {
        Assert.True(File.Exists(Axe), $"{Axe} is missing: run `npm ci --prefix tests/ComplianceRisk.Web.Tests` (building the project does it).");
        // An injected script tag is inline script, which the app's CSP refuses: these pages are opened with BypassCSP.
        await page.AddScriptTagAsync(new() { Path = Axe });
        var result = await page.EvaluateAsync<JsonElement>("async () => { const r = await axe.run(); return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })); }");
        var serious = result.EnumerateArray().Where(v => v.GetProperty("impact").GetString() is "serious" or "critical").Select(v => v.ToString()).ToList();
        Assert.True(serious.Count == 0, string.Join(Environment.NewLine, serious));
    }
}
