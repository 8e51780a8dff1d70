using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceRisk.Web.Tests;

/// <summary>
/// Each sample roster chosen on the page, compared with the assessment the API gives for the same file and options:
/// readiness, regimes, heat-map counts, every role's flags, obligations and warnings. A screenshot of each results
/// view is written under the test output (bin/…/screenshots) for a person to look at.
/// </summary>
public sealed class SamplePageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>A readiness index as the page writes it: one decimal, or "n/a" where there is none (no obligation in the index).</summary>
    private static string Readiness(JsonElement owner) =>
        owner.TryGetProperty("readinessIndex", out var index) && index.ValueKind == JsonValueKind.Number
            ? index.GetDouble().ToString("0.0", CultureInfo.InvariantCulture)
            : "n/a";

    // A flag each sample's story is about (samples/README.md), as the page's options (no profile) still raise it.
    [Theory]
    [InlineData("community-hospital-tx", "ehr-analyst", "DEPARTURE_PENDING")]
    [InlineData("regional-health-system-ny", "security-official", "CERT_EXPIRING")]
    [InlineData("payer-cms-0057f", "interoperability-lead", "EXTERNAL_DEPENDENCY")]
    public async Task A_sample_shows_the_assessment_the_api_gives(string name, string storyRole, string storyFlag)
    {
        var sample = Sample.Of(name);
        var expected = await browser.AssessAsync(sample.Roster, sample.Query);
        await using var page = await browser.OpenAsync();

        await page.AssessAsync(sample);
        var seconds = await page.Page.Locator("html").GetAttributeAsync("data-assessed-in");
        // Issue 10 wants results within 2 s of choosing the 400-person sample; logged here, not asserted (busy machine).
        TestContext.Current.TestOutputHelper?.WriteLine($"{name}: results shown {seconds} s after the file was chosen");

        // The results are named by their file (roster.csv), as the CLI names them: the API's stand-in id would mean nothing.
        Assert.StartsWith($"roster · as of {expected.GetProperty("asOf").GetString()} · ", await page.TextAsync("#assessed-what"));
        var summary = expected.GetProperty("summary");
        Assert.Equal(Readiness(summary), await page.TextAsync("#readiness"));
        foreach (var regime in summary.GetProperty("regimes").EnumerateArray())
        {
            var row = page.Page.Locator($"#regimes tr[data-regime-id='{regime.GetProperty("regimeId").GetString()}']");
            await Expect(row.Locator("td").First).ToHaveTextAsync(Readiness(regime));
        }
        foreach (var rating in new[] { "Critical", "High", "Moderate", "Low" })
        {
            var count = summary.GetProperty("ratingCounts").GetProperty(rating.ToLowerInvariant()).GetInt32();
            await Expect(page.Page.Locator($"#rating-counts [data-rating='{rating}'] .count")).ToHaveTextAsync(count.ToString(CultureInfo.InvariantCulture));
        }

        // Heat map: every cell counts the risks of its likelihood and impact, and the cells add up to all the risks.
        var risks = expected.GetProperty("risks").EnumerateArray().ToList();
        var cells = await page.Page.Locator("#heatmap button.cell").AllAsync();
        Assert.Equal(25, cells.Count);
        var total = 0;
        foreach (var cell in cells)
        {
            var likelihood = int.Parse((await cell.GetAttributeAsync("data-likelihood"))!, CultureInfo.InvariantCulture);
            var impact = int.Parse((await cell.GetAttributeAsync("data-impact"))!, CultureInfo.InvariantCulture);
            var shown = int.Parse(await cell.Locator(".count").InnerTextAsync(), CultureInfo.InvariantCulture);
            Assert.Equal(risks.Count(r => r.GetProperty("likelihood").GetInt32() == likelihood && r.GetProperty("impact").GetInt32() == impact), shown);
            total += shown;
        }
        Assert.Equal(risks.Count, total);
        await Expect(page.Page.Locator("#risks > li")).ToHaveCountAsync(risks.Count);

        // Roles: every flag the assessment raises is on the role's row, by code and in words.
        foreach (var role in expected.GetProperty("roles").EnumerateArray())
        {
            var row = page.Page.Locator($"#roles tr[data-role-id='{role.GetProperty("roleId").GetString()}']");
            var codes = role.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("code").GetString()!).ToList();
            await Expect(row.Locator("li.flag")).ToHaveCountAsync(codes.Count);
            foreach (var code in codes.Distinct())
                await Expect(row.Locator($"li.flag[data-code='{code}']").First).ToBeVisibleAsync();
        }
        await Expect(page.Page.Locator($"#roles tr[data-role-id='{storyRole}'] li.flag[data-code='{storyFlag}']").First).ToContainTextAsync(storyFlag);

        // Obligations with their status; warnings with their row and column.
        foreach (var obligation in expected.GetProperty("obligations").EnumerateArray())
        {
            var row = page.Page.Locator($"#obligations tr[data-obligation-id='{obligation.GetProperty("obligationId").GetString()}']");
            await Expect(row.Locator("[data-status]")).ToHaveAttributeAsync("data-status", obligation.GetProperty("status").GetString()!);
        }
        var warnings = expected.GetProperty("warnings").EnumerateArray().ToList();
        var warningRows = page.Page.Locator("#warnings tbody tr");
        await Expect(warningRows).ToHaveCountAsync(warnings.Count);
        for (var i = 0; i < warnings.Count; i++)
        {
            await Expect(warningRows.Nth(i).Locator("td").Nth(0)).ToHaveTextAsync(warnings[i].GetProperty("row").GetInt32().ToString(CultureInfo.InvariantCulture));
            await Expect(warningRows.Nth(i).Locator("td").Nth(1)).ToHaveTextAsync(warnings[i].GetProperty("column").GetString()!);
        }

        // The scope statement and disclaimer are shown with the results.
        await Expect(page.Page.Locator("#scope p")).ToHaveCountAsync(3);
        await Expect(page.Page.Locator("#scope")).ToContainTextAsync("does not replace, legal and compliance advice");

        await page.ScreenshotAsync(name);
    }

    [Fact]
    public async Task A_very_long_name_wraps_within_the_page()
    {
        // An HR export with a whole address book in one name cell, and no space to break it at.
        var sample = Sample.Of("community-hospital-tx");
        var name = string.Concat(Enumerable.Repeat("DelgadoQuintanilla", 12));
        var roster = Path.Combine(TestTemp.Folder("compliancerisk-web-"), "roster.csv");
        var text = await File.ReadAllTextAsync(sample.Roster, TestContext.Current.CancellationToken);
        Assert.Contains(",Rosa Delgado,", text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(roster, text.Replace(",Rosa Delgado,", $",{name},", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        await using var page = await browser.OpenAsync();
        await page.ChooseOptionsAsync(sample.OrgTypes, sample.Jurisdictions);
        await page.Page.SetInputFilesAsync("#roster", roster);
        await page.WaitForResultsAsync("roster.csv");
        await Expect(page.Page.Locator("#roles").GetByText(name, new() { Exact = false }).First).ToBeAttachedAsync();

        // Nothing sticks out of the page to the right: the name wraps where the column ends.
        var scroll = await page.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var client = await page.Page.EvaluateAsync<int>("() => document.documentElement.clientWidth");
        Assert.True(scroll <= client, $"the page is {scroll} px wide in a {client} px window");
    }

    [Fact]
    public async Task Choosing_a_heat_map_cell_lists_only_its_risks_and_choosing_it_again_lists_them_all()
    {
        var sample = Sample.Of("community-hospital-tx");
        await using var page = await browser.OpenAsync();
        await page.AssessAsync(sample);
        var all = await page.Page.Locator("#risks > li").CountAsync();

        // The fullest cell that does not hold every risk, so the filter visibly narrows the list.
        ILocator? chosen = null;
        var most = 0;
        foreach (var cell in await page.Page.Locator("#heatmap button.cell").AllAsync())
        {
            var count = int.Parse((await cell.GetAttributeAsync("data-count"))!, CultureInfo.InvariantCulture);
            if (count > most && count < all) (chosen, most) = (cell, count);
        }
        Assert.NotNull(chosen);
        var likelihood = (await chosen.GetAttributeAsync("data-likelihood"))!;
        var impact = (await chosen.GetAttributeAsync("data-impact"))!;

        await chosen.ClickAsync();
        var selected = page.Page.Locator($"#heatmap button[data-likelihood='{likelihood}'][data-impact='{impact}']");
        await Expect(selected).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Page.Locator("#risks > li")).ToHaveCountAsync(most);
        await Expect(page.Page.Locator($"#risks > li:not([data-likelihood='{likelihood}'][data-impact='{impact}'])")).ToHaveCountAsync(0);
        await Expect(page.Page.Locator("#risk-filter")).ToContainTextAsync($"likelihood {likelihood} and impact {impact}");

        await selected.ClickAsync();
        await Expect(selected).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(page.Page.Locator("#risks > li")).ToHaveCountAsync(all);
    }

    [Fact]
    public async Task The_people_to_leave_out_scroll_down_not_sideways()
    {
        // Hundreds of people: more than the list shows at once.
        var sample = Sample.Of("regional-health-system-ny");
        await using var page = await browser.OpenAsync();
        await page.AssessAsync(sample);
        var list = page.Page.Locator("#whatif-people");
        Assert.True(await list.Locator("li").CountAsync() > 100);

        Task<int> Size(string property) => page.Page.EvaluateAsync<int>($"() => document.getElementById('whatif-people').{property}");
        // A mouse wheel or a swipe down reaches everyone; nobody sits in a column off to the right.
        var (width, shown) = (await Size("scrollWidth"), await Size("clientWidth"));
        Assert.True(width <= shown, $"the list is {width} px wide in {shown} px");
        Assert.True(await Size("scrollHeight") > await Size("clientHeight"));
        var last = list.Locator("li").Last;
        await last.ScrollIntoViewIfNeededAsync();
        await Expect(last).ToBeInViewportAsync();
        Assert.True(await page.Page.EvaluateAsync<int>("() => document.getElementById('whatif-people').scrollTop") > 0);
    }

    [Fact]
    public async Task Removing_a_key_person_shows_readiness_dropping_and_the_risks_it_adds()
    {
        var sample = Sample.Of("regional-health-system-ny");
        var before = await browser.AssessAsync(sample.Roster, sample.Query);
        // The key person most obligations hang on, as the assessment itself names them.
        var key = before.GetProperty("obligations").EnumerateArray()
            .SelectMany(o => o.GetProperty("keyPeople").EnumerateArray().Select(p => p.GetString()!))
            .GroupBy(id => id).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        var after = await browser.AssessAsync(sample.Roster, sample.Query + "&without=" + key);
        var readinessBefore = Readiness(before.GetProperty("summary"));
        var readinessAfter = Readiness(after.GetProperty("summary"));
        Assert.True(after.GetProperty("summary").GetProperty("readinessIndex").GetDouble() < before.GetProperty("summary").GetProperty("readinessIndex").GetDouble());

        await using var page = await browser.OpenAsync();
        await page.AssessAsync(sample);
        await page.Page.Locator("#whatif-search").FillAsync(key);
        await page.Page.Locator($"#without-{key}").CheckAsync();
        await page.Page.Locator("#whatif-run").ClickAsync();

        await Expect(page.Page.Locator("#whatif-readiness")).ToContainTextAsync($"Readiness {readinessBefore} → {readinessAfter}");
        var known = before.GetProperty("risks").EnumerateArray().ToDictionary(r => r.GetProperty("riskId").GetString()!, r => r.GetProperty("score").GetInt32());
        var changed = after.GetProperty("risks").EnumerateArray()
            .Where(r => !known.TryGetValue(r.GetProperty("riskId").GetString()!, out var score) || r.GetProperty("score").GetInt32() > score)
            .Select(r => r.GetProperty("riskId").GetString()!).ToList();
        Assert.NotEmpty(changed);
        foreach (var riskId in changed)
            await Expect(page.Page.Locator($"#whatif-added li[data-risk-id='{riskId}'], #whatif-escalated li[data-risk-id='{riskId}']")).ToHaveCountAsync(1);
        // Parts with nothing to say are left out, not written as "null".
        Assert.DoesNotMatch(@"null\s*$", await page.Page.Locator("#whatif-result").InnerTextAsync());
        await page.ScreenshotAsync("what-if", "#whatif-result");
    }
}
