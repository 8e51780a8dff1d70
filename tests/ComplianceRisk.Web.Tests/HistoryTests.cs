using System.Text;
using System.Text.Json.Nodes;
using ComplianceRisk.Functions.Handler;
using ComplianceRisk.Functions.Handler.Authorization;
using static Microsoft.Playwright.Assertions;

namespace ComplianceRisk.Web.Tests;

/// <summary>
/// serve with the platform's sign-in reported on and one app role mapped to an organization's compliance officer; the
/// browser sends the <c>x-ms-client-principal</c> header App Service adds for a signed-in user on Azure.
/// </summary>
public sealed class SignedInBrowserFixture : BrowserFixture
{
    public const string Org = "pecan-creek-web";

    protected override HandlerSettings Settings => new()
    {
        Authorization = new AuthorizationSettings(true, [new AccessMapping(null, "Officer." + Org, Org, OrgRole.ComplianceOfficer)]),
    };

    // docs/functions.md, Authorization: the claims App Service puts in the header (name and roles here).
    protected override IEnumerable<KeyValuePair<string, string>> Headers =>
    [
        new("x-ms-client-principal", Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject
        {
            ["auth_typ"] = "aad",
            ["name_typ"] = "name",
            ["role_typ"] = "roles",
            ["claims"] = new JsonArray(
                new JsonObject { ["typ"] = "name", ["val"] = "olivia@pecan-creek.example" },
                new JsonObject { ["typ"] = "roles", ["val"] = "Officer." + Org }),
        }.ToJsonString()))),
    ];
}

/// <summary>The organization history through serve: save the roster, see it assessed in the list of past assessments.</summary>
public sealed class HistoryTests(SignedInBrowserFixture browser) : IClassFixture<SignedInBrowserFixture>
{
    [Fact]
    public async Task A_saved_roster_appears_assessed_among_the_organizations_past_assessments()
    {
        var sample = Sample.Of("community-hospital-tx");
        await using var page = await browser.OpenAsync();
        await page.AssessAsync(sample);

        await page.Page.Locator("#org").FillAsync(SignedInBrowserFixture.Org);
        await page.Page.Locator("#save-roster").ClickAsync();

        // The workspace assesses in the background (blob trigger); the page reads the list until the row is there.
        await Expect(page.Page.Locator("#history-status")).ToContainTextAsync("Assessed", new() { Timeout = 120_000 });
        var row = page.Page.Locator("#history tbody tr[data-name]");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "Assessed");

        // Asked again from a fresh page, the history is still there.
        await using var again = await browser.OpenAsync();
        await again.Page.Locator("#org").FillAsync(SignedInBrowserFixture.Org);
        await again.Page.Locator("#show-history").ClickAsync();
        await Expect(again.Page.Locator("#history tbody tr[data-name]")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Saving_an_empty_file_says_it_is_empty_and_sends_nothing()
    {
        await using var page = await browser.OpenAsync();
        await page.Page.Locator("#org-types input").First.WaitForAsync();
        var saved = 0;
        await page.Page.RouteAsync("**/rosters", async route =>
        {
            Interlocked.Increment(ref saved);
            await route.FallbackAsync();
        });
        // A file of no bytes, as an export that failed half-way leaves: choosing it already says so (Assess).
        await page.Page.SetInputFilesAsync("#roster", new Microsoft.Playwright.FilePayload { Name = "roster.csv", MimeType = "text/csv", Buffer = [] });
        await Expect(page.Page.Locator("#error-detail")).ToContainTextAsync("roster.csv is empty");

        await page.Page.Locator("#org").FillAsync(SignedInBrowserFixture.Org);
        await page.Page.Locator("#save-roster").ClickAsync();
        var alert = page.Page.Locator("#error[role=alert]");
        await Expect(alert.Locator("h3")).ToHaveTextAsync("Saving the roster failed");
        await Expect(alert).ToBeFocusedAsync();
        await Expect(page.Page.Locator("#error-detail")).ToContainTextAsync("roster.csv is empty");
        Assert.DoesNotContain("Content-Length", await alert.InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        // Time for a request the page should not make.
        await page.Page.WaitForTimeoutAsync(1000);
        Assert.Equal(0, saved);
    }

    [Fact]
    public async Task An_organization_the_user_is_not_mapped_to_is_refused_with_the_reason()
    {
        await using var page = await browser.OpenAsync();
        await page.Page.Locator("#org").FillAsync("someone-else");
        await page.Page.Locator("#show-history").ClickAsync();
        await Expect(page.Page.Locator("#error[role=alert]")).ToBeVisibleAsync();
        await Expect(page.Page.Locator("#error")).ToBeFocusedAsync();
        await Expect(page.Page.Locator("#error")).ToContainTextAsync("The access key or sign-in does not give access to the organization someone-else");
    }
}

/// <summary>
/// An organization whose profile was PUT with the comments and trailing commas <c>assess --profile</c> tolerates: the API
/// keeps and answers it as sent, and the page still saves rosters to that organization. A fixture of its own, so the
/// organization has only this profile and history.
/// </summary>
public sealed class CommentedProfileHistoryTests(SignedInBrowserFixture browser) : IClassFixture<SignedInBrowserFixture>
{
    [Fact]
    public async Task A_roster_is_saved_to_an_organization_whose_stored_profile_has_comments()
    {
        var sample = Sample.Of("community-hospital-tx");
        await using var page = await browser.OpenAsync();
        await page.AssessAsync(sample);
        var put = await page.Page.EvaluateAsync<int>("""
            async (org) => (await fetch(`/api/orgs/${org}/profile`, {
              method: 'PUT', headers: { 'Content-Type': 'application/json' },
              body: `// the profile assess --profile reads too\n{ "id": "${org}", "orgTypes": ["hospital"], "jurisdictions": ["US", "US-TX"], }`,
            })).status
            """, SignedInBrowserFixture.Org);
        Assert.Equal(200, put);

        await page.Page.Locator("#org").FillAsync(SignedInBrowserFixture.Org);
        await page.Page.Locator("#save-roster").ClickAsync();

        await Expect(page.Page.Locator("#history-status")).ToContainTextAsync("Assessed", new() { Timeout = 120_000 });
        await Expect(page.Page.Locator("#error[role=alert]")).ToBeHiddenAsync();
    }
}

/// <summary>A roster the workspace rejects: the history tells the officer what to do and where. A fixture of its own, so the organization has only this history.</summary>
public sealed class RejectedRosterHistoryTests(SignedInBrowserFixture browser) : IClassFixture<SignedInBrowserFixture>
{
    [Fact]
    public async Task A_rejected_roster_shows_what_to_do_and_the_row_beside_the_reason()
    {
        await using var page = await browser.OpenAsync();
        await page.Page.Locator("#org-types input").First.WaitForAsync();
        var put = await page.Page.EvaluateAsync<int>("""
            async (org) => (await fetch(`/api/orgs/${org}/profile`, {
              method: 'PUT', headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ id: org, orgTypes: ['hospital'], jurisdictions: ['US', 'US-TX'] }),
            })).status
            """, SignedInBrowserFixture.Org);
        Assert.Equal(200, put);
        // A header without a role column: the reader stops at row 1 and says which column to add.
        await page.Page.SetInputFilesAsync("#roster", new Microsoft.Playwright.FilePayload
        {
            Name = "roster.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("Employee ID,Name\nE1,Ann Example\n"),
        });

        await page.Page.Locator("#org").FillAsync(SignedInBrowserFixture.Org);
        await page.Page.Locator("#save-roster").ClickAsync();

        await Expect(page.Page.Locator("#history-status")).ToContainTextAsync("Rejected", new() { Timeout = 120_000 });
        var status = page.Page.Locator("#history tbody tr[data-name] [data-status]");
        await Expect(status).ToHaveAttributeAsync("data-status", "Rejected");
        await Expect(status).ToContainTextAsync("The header has no role column");
        await Expect(status.Locator("[data-hint]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^What to do: Add a column .*holding each person's role$"));
        await Expect(status.Locator("[data-where]")).ToHaveTextAsync("Row 1");
    }
}
