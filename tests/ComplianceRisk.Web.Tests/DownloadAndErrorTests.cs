using System.Globalization;
using System.Text.Json;
using ComplianceRisk.Documents.Registers;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComplianceRisk.Web.Tests;

/// <summary>
/// The register and the template downloaded as real files and opened with the Open XML SDK; a file that is not a
/// roster shown as a focused alert with the API's own reason; the same path walked with the keyboard only.
/// </summary>
public sealed class DownloadAndErrorTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_register_and_the_template_download_as_valid_workbooks()
    {
        var sample = Sample.Of("community-hospital-tx");
        await using var page = await browser.OpenAsync();
        await page.AssessAsync(sample);

        var register = await DownloadAsync(page.Page, () => page.Page.Locator("#download-register").ClickAsync());
        Assert.EndsWith(".xlsx", register.SuggestedFilename);
        var sheets = AssertValidWorkbook(await SaveAsync(register));
        Assert.Contains("Summary", sheets.Keys);
        // The page's scope statement is the register's, word for word (one source for both).
        var paragraphs = await page.Page.Locator("#scope p").AllInnerTextsAsync();
        Assert.Equal(ScopeStatement.Templates.Length, paragraphs.Count);
        foreach (var paragraph in paragraphs)
            Assert.Contains(paragraph.Trim(), sheets["Summary"]);

        var template = await DownloadAsync(page.Page, () => page.Page.Locator("#download-template").ClickAsync());
        Assert.EndsWith(".xlsx", template.SuggestedFilename);
        Assert.NotEmpty(AssertValidWorkbook(await SaveAsync(template)));
    }

    [Fact]
    public async Task The_results_and_the_register_are_named_after_the_roster_file_as_the_cli_names_them()
    {
        // The page asks for no organization: everything that names one names the file, as `complianceRisk assess
        // "Pecan Creek Staff 2026.csv"` does (its id is the file's name without the extension, AssessCommand.OrganizationIdOf),
        // never the API's stand-in id "organization".
        var sample = Sample.Of("community-hospital-tx");
        var roster = Path.Combine(TestTemp.Folder("compliancerisk-web-"), "Pecan Creek Staff 2026.csv");
        File.Copy(sample.Roster, roster);
        const string Id = "pecan-creek-staff-2026";
        await using var page = await browser.OpenAsync();
        await page.ChooseOptionsAsync(sample.OrgTypes, sample.Jurisdictions);
        await page.Page.SetInputFilesAsync("#roster", roster);
        await page.WaitForResultsAsync(Path.GetFileName(roster));

        Assert.StartsWith($"{Id} · as of 2026-11-22 · ", await page.TextAsync("#assessed-what"));
        var scope = await page.TextAsync("#scope");
        Assert.Contains($"apply to {Id} (", scope);
        Assert.DoesNotContain("organization (", scope);

        var register = await DownloadAsync(page.Page, () => page.Page.Locator("#download-register").ClickAsync());
        Assert.Equal($"register-{Id}-2026-11-22.xlsx", register.SuggestedFilename);
        var summary = AssertValidWorkbook(await SaveAsync(register))["Summary"];
        Assert.Contains(Id, summary);
        Assert.DoesNotContain("apply to organization", summary);
    }

    /// <summary>
    /// The page names a roster's organization by its own copy of the CLI's rule (orgIdOf in api.js; api/assess gets the
    /// file's bytes, not its name): both are asked for the ids of the same file names, awkward ones included, and must
    /// give the same answers.
    /// </summary>
    [Fact]
    public async Task The_page_and_the_cli_give_a_roster_file_the_same_organization_id()
    {
        string[] names =
        [
            "Pecan Creek Staff 2026.csv", "roster.v2.final.xlsx", "2026-11 Roster (final) [v3].XLSX", "  spaced  out .csv",
            "no-extension", "trailing.", ".csv", "..csv", "___.csv", "a--b__c.csv", "archive.tar.gz",
            "Hôpital Saint-Jean.csv", "ÉQUIPE IT.csv", "Straße.csv", "ß.csv", "\u212Aelvin.csv", "\u0130stanbul.csv",
            "\uFB01le.csv", "ＡＢＣ.csv", "日本の病院.xlsx", "🏥 roster.csv", "Ǆemal.csv", "ΣΟΦΙΑ.csv",
        ];
        await using var page = await browser.OpenAsync();
        var pageIds = await page.Page.EvaluateAsync<string[]>(
            "async names => { const api = await import('/assets/api.js'); return names.map(api.orgIdOf); }", names);

        var differences = names.Select((name, i) => (name, page: pageIds[i], cli: Cli.Commands.AssessCommand.OrganizationIdOf(name)))
            .Where(d => d.page != d.cli).Select(d => $"{d.name}: page {d.page}, cli {d.cli}").ToList();
        Assert.Empty(differences);
        Assert.Equal("pecan-creek-staff-2026", pageIds[0]);
    }

    /// <summary>
    /// The page writes an obligation's chance of being uncovered as the assessment's texts do (percent in views.js,
    /// Chance.Percent): a chance that is neither none nor certain never reads 0% or 100%.
    /// </summary>
    [Fact]
    public async Task The_page_writes_a_chance_as_the_assessment_does()
    {
        // Halves of the last decimal shown (0.0015, 0.1245) among them: JavaScript's toFixed and .NET round some differently.
        double[] chances = [0, 1.9e-05, 7.6e-05, 0.000499, 0.0005, 0.001, 0.0015, 0.0149, 0.03, 0.125, 0.1245, 0.5, 0.9985, 0.999, 0.9994, 0.9996, 0.999999, 1];
        await using var page = await browser.OpenAsync();
        var shown = await page.Page.EvaluateAsync<string[]>(
            "async chances => { const views = await import('/assets/views.js'); return chances.map(views.percent); }", chances);

        var differences = chances.Select((p, i) => (p, page: shown[i], text: Engine.Risks.Chance.Percent(p)))
            .Where(d => d.page != d.text).Select(d => $"{d.p}: page {d.page}, assessment {d.text}").ToList();
        Assert.Empty(differences);
        Assert.Equal(["<0.1%", ">99.9%", "100%"], new[] { shown[1], shown[15], shown[17] });
    }

    [Fact]
    public async Task The_heat_map_is_laid_out_as_the_registers_likelihood_up_the_side_impact_along_the_bottom()
    {
        var sample = Sample.Of("community-hospital-tx");
        await using var page = await browser.OpenAsync();
        await page.AssessAsync(sample);
        var register = await DownloadAsync(page.Page, () => page.Page.Locator("#download-register").ClickAsync());
        var sheet = HeatMapOf(await SaveAsync(register));

        // The register's inherent grid: the axis row (corner, then impact labels C…G), then five rows of a
        // likelihood label (B) and five counts, highest likelihood at the top.
        var corner = sheet.Single(c => c.Value.StartsWith("Likelihood ↓", StringComparison.Ordinal) && c.Key.StartsWith('B')).Key;
        var axisRow = int.Parse(corner[1..], CultureInfo.InvariantCulture);
        var impacts = "CDEFG".Select(c => sheet[$"{c}{axisRow}"]).ToList();
        var likelihoods = Enumerable.Range(axisRow + 1, 5).Select(r => sheet[$"B{r}"]).ToList();
        var counts = Enumerable.Range(axisRow + 1, 5).Select(r => "CDEFG".Select(c => sheet[$"{c}{r}"]).ToList()).ToList();

        // The page's grid as it is seen: cells by their place on screen, labels beside and below them.
        var cells = await page.Page.EvaluateAsync<JsonElement>("() => [...document.querySelectorAll('#heatmap button.cell')].map(b => " +
            "{ const r = b.getBoundingClientRect(); return { x: Math.round(r.left), y: Math.round(r.top), likelihood: b.dataset.likelihood, impact: b.dataset.impact, count: b.dataset.count }; })");
        var rows = cells.EnumerateArray().GroupBy(c => c.GetProperty("y").GetInt32()).OrderBy(g => g.Key)
            .Select(g => g.OrderBy(c => c.GetProperty("x").GetInt32()).ToList()).ToList();
        Assert.Equal(5, rows.Count);
        Assert.All(rows, row => Assert.Equal(5, row.Count));
        for (var i = 0; i < 5; i++)
        {
            for (var j = 0; j < 5; j++)
            {
                var cell = rows[i][j];
                Assert.Equal(likelihoods[i][..1], cell.GetProperty("likelihood").GetString());
                Assert.Equal(impacts[j][..1], cell.GetProperty("impact").GetString());
                Assert.Equal(counts[i][j], cell.GetProperty("count").GetString());
            }
        }
        async Task<List<string>> Labels(string selector, string axis) =>
            [.. (await page.Page.EvaluateAsync<JsonElement>($"() => [...document.querySelectorAll('{selector}')].map(t => {{ const r = t.getBoundingClientRect(); return {{ at: r.{axis}, text: t.textContent }}; }})"))
                .EnumerateArray().OrderBy(t => t.GetProperty("at").GetDouble()).Select(t => t.GetProperty("text").GetString()!.Trim())];
        Assert.Equal(likelihoods, await Labels("#heatmap .tick-y", "top"));
        Assert.Equal(impacts, await Labels("#heatmap .tick-x", "left"));

        // The axis titles: likelihood beside the grid, impact below it.
        var grid = (await page.Page.Locator("#heatmap").BoundingBoxAsync())!;
        var side = (await page.Page.Locator(".axis-y").BoundingBoxAsync())!;
        var bottom = (await page.Page.Locator(".axis-x").BoundingBoxAsync())!;
        await Expect(page.Page.Locator(".axis-y")).ToHaveTextAsync("Likelihood");
        await Expect(page.Page.Locator(".axis-x")).ToHaveTextAsync("Impact");
        Assert.True(side.X + side.Width <= grid.X, "the likelihood axis is not left of the grid");
        Assert.True(bottom.Y >= grid.Y + grid.Height, "the impact axis is not below the grid");
        await page.ScreenshotAsync("heat-map", ".heatmap-wrap");
    }

    [Fact]
    public async Task While_the_register_is_made_the_page_says_so_and_takes_no_second_click()
    {
        var sample = Sample.Of("community-hospital-tx");
        await using var page = await browser.OpenAsync();
        await page.AssessAsync(sample);
        // The register's answer is held, as a large roster's register takes seconds to make.
        var registers = await HeldRequests.OnAsync(page.Page, "**/api/assess?*format=xlsx*");

        var button = page.Page.Locator("#download-register");
        var download = page.Page.WaitForDownloadAsync();
        await button.ClickAsync();
        await Expect(page.Page.Locator("#status")).ToContainTextAsync("register");
        await Expect(page.Page.Locator("#status")).Not.ToContainTextAsync("Assessed");
        await Expect(button).ToBeDisabledAsync();
        // An impatient second click (dispatched: Playwright itself waits for a disabled button) asks for nothing more.
        await button.DispatchEventAsync("click");

        registers.Release();
        Assert.EndsWith(".xlsx", (await download).SuggestedFilename);
        await Expect(page.Page.Locator("#status")).ToContainTextAsync("Downloaded");
        await Expect(button).ToBeEnabledAsync();
        Assert.Equal(1, registers.Count);
    }

    [Fact]
    public async Task While_a_what_if_is_assessed_its_button_takes_no_second_click()
    {
        var sample = Sample.Of("community-hospital-tx");
        await using var page = await browser.OpenAsync();
        await page.AssessAsync(sample);
        await page.Page.Locator("#whatif-people input").First.CheckAsync();
        // The what-if's answer is held, as a large roster's assessment takes seconds.
        var whatIfs = await HeldRequests.OnAsync(page.Page, "**/api/assess?*without=*");

        var button = page.Page.Locator("#whatif-run");
        await button.ClickAsync();
        await Expect(page.Page.Locator("#status")).ToContainTextAsync("Assessing without 1 person");
        await Expect(button).ToHaveAttributeAsync("aria-disabled", "true");
        await Expect(button).ToBeDisabledAsync();
        // An impatient second click (dispatched: Playwright itself waits for a disabled button), and Enter in the
        // search box, which submits the form too, ask for nothing more.
        await button.DispatchEventAsync("click");
        await page.Page.Locator("#whatif-search").PressAsync("Enter");

        whatIfs.Release();
        await Expect(page.Page.Locator("#whatif-readiness")).ToBeVisibleAsync();
        await Expect(page.Page.Locator("#status")).ToHaveTextAsync("What-if assessed.");
        await Expect(button).ToBeEnabledAsync();
        // Time for a second answer to arrive, were there a second request.
        await page.Page.WaitForTimeoutAsync(1000);
        Assert.Equal(1, whatIfs.Count);
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_shows_the_reason_in_a_focused_alert()
    {
        // A ZIP header and nothing after it: what a truncated XLSX looks like.
        var corrupt = Path.Combine(TestTemp.Folder("compliancerisk-web-"), "roster.xlsx");
        var cancel = TestContext.Current.CancellationToken;
        await File.WriteAllBytesAsync(corrupt, [0x50, 0x4B, 0x03, 0x04, .. "not really a workbook"u8.ToArray()], cancel);
        using var response = await browser.App.Client.PostAsync("/api/assess", new ByteArrayContent(await File.ReadAllBytesAsync(corrupt, cancel)), cancel);
        Assert.Equal(422, (int)response.StatusCode);
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancel)).RootElement.GetProperty("detail").GetString()!;

        await using var page = await browser.OpenAsync();
        await page.Page.SetInputFilesAsync("#roster", corrupt);

        var alert = page.Page.Locator("#error[role=alert]");
        await Expect(alert).ToBeVisibleAsync();
        await Expect(alert).ToBeFocusedAsync();
        await Expect(page.Page.Locator("#error-detail")).ToContainTextAsync(detail);
        await Expect(page.Page.Locator("#results")).ToBeHiddenAsync();
        await page.ScreenshotAsync("corrupt-file", "#error");

        // A request the page refuses itself (no organization types) says so in the same alert, with nothing left blank.
        while (await page.Page.Locator("#org-types input:checked").CountAsync() > 0)
            await page.Page.Locator("#org-types input:checked").First.UncheckAsync();
        await page.Page.Locator("#assess").ClickAsync();
        await Expect(page.Page.Locator("#error-detail")).ToContainTextAsync("at least one organization type");
        Assert.DoesNotMatch(@"null\s*$", await alert.InnerTextAsync());
    }

    [Fact]
    public async Task A_rejected_roster_shows_the_apis_reason_once_with_where_it_is()
    {
        // A header without a role column: the API's detail names the row, then says what to add.
        var roster = Path.Combine(TestTemp.Folder("compliancerisk-web-"), "roster.csv");
        await File.WriteAllTextAsync(roster, "Employee ID,Name\nE1,Dale Whitaker\n", TestContext.Current.CancellationToken);
        using var response = await browser.App.Client.PostAsync("/api/assess", new ByteArrayContent(await File.ReadAllBytesAsync(roster, TestContext.Current.CancellationToken)), TestContext.Current.CancellationToken);
        Assert.Equal(422, (int)response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(1, problem.GetProperty("row").GetInt32());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("(row 1)", detail, StringComparison.Ordinal);

        await using var page = await browser.OpenAsync();
        await page.Page.Locator("#org-types input").First.WaitForAsync();
        await page.Page.SetInputFilesAsync("#roster", roster);
        await Expect(page.Page.Locator("#error-detail")).ToHaveTextAsync(detail);
        await Expect(page.Page.Locator("#error")).ToContainTextAsync("NO_ROLE_COLUMN");
    }

    [Fact]
    public async Task An_empty_file_is_said_to_be_empty()
    {
        await using var page = await browser.OpenAsync();
        await page.Page.Locator("#org-types input").First.WaitForAsync();
        // A file of no bytes, as an export that failed half-way leaves; the API cannot tell it from a request without a body.
        await page.Page.SetInputFilesAsync("#roster", new FilePayload { Name = "roster.csv", MimeType = "text/csv", Buffer = [] });

        var alert = page.Page.Locator("#error[role=alert]");
        await Expect(alert).ToBeVisibleAsync();
        await Expect(alert).ToBeFocusedAsync();
        await Expect(page.Page.Locator("#error-detail")).ToContainTextAsync("roster.csv is empty");
        Assert.DoesNotContain("Content-Length", await alert.InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        await Expect(page.Page.Locator("#status")).ToBeEmptyAsync();
    }

    [Fact]
    public async Task Upload_and_download_work_with_the_keyboard_only()
    {
        var sample = Sample.Of("payer-cms-0057f");
        await using var page = await browser.OpenAsync();
        await page.ChooseOptionsAsync(sample.OrgTypes, sample.Jurisdictions);
        // Playwright turns on Chromium's file chooser interception when the first listener subscribes, without waiting
        // for it. Subscribed only around the key press, the press could reach Chromium first and open a dialog nobody
        // sees (this failed once in CI); subscribed before the tabbing, the interception has many round trips to land.
        var chosen = new TaskCompletionSource<IFileChooser>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.Page.FileChooser += (_, c) => chosen.TrySetResult(c);
        await page.Page.Locator("body").FocusAsync();

        await TabToAsync(page.Page, "roster");
        await page.Page.Keyboard.PressAsync("Space");
        var chooser = await chosen.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        await chooser.SetFilesAsync(sample.Roster);
        await page.WaitForResultsAsync("roster.csv");

        await TabToAsync(page.Page, "download-register");
        var register = await DownloadAsync(page.Page, () => page.Page.Keyboard.PressAsync("Enter"));
        Assert.NotEmpty(AssertValidWorkbook(await SaveAsync(register)));

        // Back up to the template button, still without a mouse.
        await TabToAsync(page.Page, "download-template", backwards: true);
        var template = await DownloadAsync(page.Page, () => page.Page.Keyboard.PressAsync("Space"));
        Assert.NotEmpty(AssertValidWorkbook(await SaveAsync(template)));
    }

    [Fact]
    public async Task A_roster_dropped_on_the_zone_is_assessed()
    {
        var sample = Sample.Of("community-hospital-tx");
        await using var page = await browser.OpenAsync();
        // A drop carries a DataTransfer with the file, as a drag from the desktop does.
        var transfer = await page.Page.EvaluateHandleAsync("""
            ([name, text]) => { const t = new DataTransfer(); t.items.add(new File([text], name, { type: 'text/csv' })); return t; }
            """, new object[] { "dropped.csv", await File.ReadAllTextAsync(sample.Roster, TestContext.Current.CancellationToken) });
        await page.Page.DispatchEventAsync("#drop", "drop", new Dictionary<string, object> { ["dataTransfer"] = transfer });
        await page.WaitForResultsAsync("dropped.csv");
        await Expect(page.Page.Locator("#risks > li").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_roster_chosen_while_the_page_still_loads_its_options_is_assessed_once_they_arrive()
    {
        var sample = Sample.Of("community-hospital-tx");
        await using var page = await browser.OpenAsync(hold: "/assets/options.json");
        // Chosen before the organization types and jurisdictions are on the form: nothing to complain about yet.
        await page.Page.SetInputFilesAsync("#roster", sample.Roster);
        await Expect(page.Page.Locator("#org-types input")).ToHaveCountAsync(0);
        page.Release();
        await page.WaitForResultsAsync(Path.GetFileName(sample.Roster));
        await Expect(page.Page.Locator("#error")).ToBeHiddenAsync();
        // Assessed with the form's defaults, which arrived with the options.
        await Expect(page.Page.Locator("#org-types input:checked")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_roster_chosen_while_another_is_assessed_is_the_one_shown_whatever_answers_last()
    {
        var first = Sample.Of("community-hospital-tx");
        var second = Sample.Of("payer-cms-0057f");
        var expected = await browser.AssessAsync(second.Roster, second.Query);
        var rows = expected.GetProperty("roster").GetProperty("rows").GetInt32();
        await using var page = await browser.OpenAsync();
        await page.ChooseOptionsAsync(second.OrgTypes, second.Jurisdictions);

        // The first roster's answer is held until the second's has been shown, as when a large roster is still being
        // assessed and the user picks the right file meanwhile.
        var firstAnswer = await HeldRequests.OnAsync(page.Page, "**/api/assess?*", firstOnly: true);
        await page.Page.SetInputFilesAsync("#roster", first.Roster);
        await Expect(page.Page.Locator("#status")).ToContainTextAsync("Assessing");
        await page.Page.SetInputFilesAsync("#roster", second.Roster);
        await page.WaitForResultsAsync("roster.csv");
        await Expect(page.Page.Locator("#assessed-what")).ToContainTextAsync($"roster {rows} rows");

        var late = page.Page.WaitForResponseAsync(r => r.Url.Contains("/api/assess?", StringComparison.Ordinal));
        firstAnswer.Release();
        await (await late).FinishedAsync();
        // Time for the page to handle the late answer, were it to show it.
        await page.Page.WaitForTimeoutAsync(1500);
        await Expect(page.Page.Locator("#assessed-what")).ToContainTextAsync($"roster {rows} rows");
        await Expect(page.Page.Locator("#status")).ToContainTextAsync($"{rows} rows");
        await Expect(page.Page.Locator("#assess")).ToBeEnabledAsync();
    }

    [Fact]
    public async Task While_another_roster_is_assessed_the_previous_results_are_not_shown_as_its()
    {
        var (opened, second, rows) = await FirstAssessedAsync();
        await using var page = opened;

        // The second roster's answer is held, as a large roster's takes seconds.
        var answer = await HeldRequests.OnAsync(page.Page, "**/api/assess?*");
        await page.ChooseOptionsAsync(second.OrgTypes, second.Jurisdictions);
        await page.Page.SetInputFilesAsync("#roster", second.Roster);
        await Expect(page.Page.Locator("#status")).ToContainTextAsync("Assessing roster.csv");
        await Expect(page.Page.Locator("#results")).ToBeHiddenAsync();

        answer.Release();
        await Expect(page.Page.Locator("#status")).ToContainTextAsync($"Assessed roster.csv: {rows} rows");
        await Expect(page.Page.Locator("#results")).ToBeVisibleAsync();
        await Expect(page.Page.Locator("#assessed-what")).ToContainTextAsync($"roster {rows} rows");
    }

    [Fact]
    public async Task A_what_if_that_answers_after_another_roster_was_assessed_is_not_shown_against_it()
    {
        var (opened, second, rows) = await FirstAssessedAsync();
        await using var page = opened;
        await page.Page.Locator("#whatif-people input").First.CheckAsync();
        var whatIfs = await HeldRequests.OnAsync(page.Page, "**/api/assess?*without=*");
        await page.Page.Locator("#whatif-run").ClickAsync();
        await Expect(page.Page.Locator("#status")).ToContainTextAsync("Assessing without 1 person");

        // Another roster is chosen and shown while the what-if of the first is still out.
        await page.ChooseOptionsAsync(second.OrgTypes, second.Jurisdictions);
        await page.Page.SetInputFilesAsync("#roster", second.Roster);
        await Expect(page.Page.Locator("#status")).ToContainTextAsync($"Assessed roster.csv: {rows} rows");

        var late = page.Page.WaitForResponseAsync(r => r.Url.Contains("without=", StringComparison.Ordinal));
        whatIfs.Release();
        await (await late).FinishedAsync();
        // Time for the page to handle the late answer, were it to show it.
        await page.Page.WaitForTimeoutAsync(1500);
        await Expect(page.Page.Locator("#whatif-readiness")).ToHaveCountAsync(0);
        await Expect(page.Page.Locator("#status")).ToContainTextAsync($"Assessed roster.csv: {rows} rows");
        await Expect(page.Page.Locator("#assessed-what")).ToContainTextAsync($"roster {rows} rows");
    }

    /// <summary>A page with one sample's results on screen, and the other sample to choose next with its row count as the API gives it.</summary>
    private async Task<(AppPage Page, Sample Next, int NextRows)> FirstAssessedAsync()
    {
        var next = Sample.Of("payer-cms-0057f");
        var rows = (await browser.AssessAsync(next.Roster, next.Query)).GetProperty("roster").GetProperty("rows").GetInt32();
        var page = await browser.OpenAsync();
        await page.AssessAsync(Sample.Of("community-hospital-tx"));
        return (page, next, rows);
    }

    /// <summary>Presses Tab (or Shift+Tab) until the element with that id has the focus; at most 60 presses.</summary>
    private static async Task TabToAsync(IPage page, string id, bool backwards = false)
    {
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            if (await page.EvaluateAsync<string?>("() => document.activeElement && document.activeElement.id") == id) return;
        }
        Assert.Fail($"#{id} was not reached with the keyboard");
    }

    private static Task<IDownload> DownloadAsync(IPage page, Func<Task> action) => page.RunAndWaitForDownloadAsync(action);

    private static async Task<string> SaveAsync(IDownload download)
    {
        var path = Path.Combine(TestTemp.Folder("compliancerisk-web-"), download.SuggestedFilename);
        await download.SaveAsAsync(path);
        return path;
    }

    /// <summary>The cells of the workbook's Heat Map sheet as text, by reference.</summary>
    private static Dictionary<string, string> HeatMapOf(string path)
    {
        using var document = SpreadsheetDocument.Open(path, false);
        var workbook = document.WorkbookPart!;
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == "Heat Map");
        return ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet.Descendants<Cell>().Where(c => c.CellValue is not null || c.InlineString is not null)
            .ToDictionary(c => c.CellReference!.Value!, c => c.DataType?.Value == CellValues.SharedString ? shared[int.Parse(c.CellValue!.Text, CultureInfo.InvariantCulture)] : c.InnerText);
    }

    /// <summary>Opens the workbook with the Open XML SDK, validates it (no errors), and gives each sheet's text.</summary>
    private static Dictionary<string, string> AssertValidWorkbook(string path)
    {
        using var document = SpreadsheetDocument.Open(path, false);
        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        var workbook = document.WorkbookPart!;
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var sheets = new Dictionary<string, string>();
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
            var texts = part.Worksheet.Descendants<Cell>().Select(c =>
                c.DataType?.Value == CellValues.SharedString ? shared[int.Parse(c.CellValue!.Text)] : c.InnerText);
            sheets[sheet.Name!] = string.Join("\n", texts);
        }
        return sheets;
    }
}
