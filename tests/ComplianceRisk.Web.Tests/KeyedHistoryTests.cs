using static Microsoft.Playwright.Assertions;

namespace ComplianceRisk.Web.Tests;

/// <summary>
/// serve started with <c>--keys</c> and one key mapped to an organization's compliance officer: the page sends the key
/// typed in its Access key field as <c>X-ComplianceRisk-Key</c> (docs/functions.md, Authorization, Under serve).
/// </summary>
public sealed class KeyedBrowserFixture : BrowserFixture
{
    public const string Org = "walnut-grove-web";
    public const string OfficerKey = "5f0c1e2d3b4a59687766554433221100";

    private readonly Lazy<string> keysFile = new(() =>
    {
        var file = Path.Combine(TestTemp.Folder("compliancerisk-web-keys-"), "keys.json");
        File.WriteAllText(file, $$"""[{ "name": "olivia", "key": "{{OfficerKey}}", "org": "{{Org}}", "role": "ComplianceOfficer" }]""");
        return file;
    });

    protected override string? KeysFile => keysFile.Value;
}

/// <summary>The organization history under <c>serve --keys</c>: the officer's key saves and lists, a wrong key is told why not.</summary>
public sealed class KeyedHistoryTests(KeyedBrowserFixture browser) : IClassFixture<KeyedBrowserFixture>
{
    [Fact]
    public async Task With_the_officers_key_a_saved_roster_appears_assessed_and_the_key_is_kept_nowhere()
    {
        var sample = Sample.Of("regional-health-system-ny");
        await using var page = await browser.OpenAsync();
        await page.AssessAsync(sample);

        await page.Page.GetByLabel("Organization", new() { Exact = true }).FillAsync(KeyedBrowserFixture.Org);
        await page.Page.GetByLabel("Access key (local serve)").FillAsync(KeyedBrowserFixture.OfficerKey);
        await page.Page.Locator("#save-roster").ClickAsync();

        // The workspace assesses in the background (blob trigger); the page reads the list until the row is there.
        await Expect(page.Page.Locator("#history-status")).ToContainTextAsync("Assessed", new() { Timeout = 120_000 });
        var row = page.Page.Locator("#history tbody tr[data-name]");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "Assessed");
        await Expect(page.Page.Locator("#error")).ToBeHiddenAsync();

        // In memory only: not in the address, not in the page's storage.
        Assert.DoesNotContain(KeyedBrowserFixture.OfficerKey, page.Page.Url, StringComparison.Ordinal);
        var stored = await page.Page.EvaluateAsync<string>(
            "() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie])");
        Assert.DoesNotContain(KeyedBrowserFixture.OfficerKey, stored, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00000000000000000000000000000000")]
    public async Task Without_a_key_that_serve_knows_the_history_is_refused_with_the_reason(string key)
    {
        await using var page = await browser.OpenAsync();
        await page.Page.Locator("#org").FillAsync(KeyedBrowserFixture.Org);
        await page.Page.Locator("#org-key").FillAsync(key);
        await page.Page.Locator("#show-history").ClickAsync();

        var alert = page.Page.Locator("#error[role=alert]");
        await Expect(alert).ToBeVisibleAsync();
        await Expect(alert).ToContainTextAsync($"The access key or sign-in does not give access to the organization {KeyedBrowserFixture.Org}");
        await Expect(alert).ToBeFocusedAsync();
        await Expect(page.Page.Locator("#history")).ToBeHiddenAsync();
    }
}
