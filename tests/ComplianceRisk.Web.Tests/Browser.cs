using System.Text.Json;
using ComplianceRisk.Functions.Handler;
using Microsoft.Playwright;

namespace ComplianceRisk.Web.Tests;

/// <summary>
/// The app under serve on a free loopback port and one headless Debian Chromium, shared by the tests of a class.
/// Chromium is launched as docs/toolchain say: /usr/bin/chromium, no sandbox, no background networking, and every
/// host but 127.0.0.1 resolving to nothing.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    public Serve App { get; private set; } = null!;
    public Uri BaseAddress => App.Host.Addresses[0];
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    /// <summary>How the handler runs under serve; null for the defaults (no organization reachable).</summary>
    protected virtual HandlerSettings? Settings => null;

    /// <summary>The keys file serve reads (<c>serve --keys</c>); null for none.</summary>
    protected virtual string? KeysFile => null;

    /// <summary>Headers every request of the browser carries, as App Service's sign-in adds them on Azure.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>>? Headers => null;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Chromium))
            Assert.Fail($"{Chromium} is missing: install Debian's Chromium (`apt-get install -y chromium`; .ci/run does).");
        App = await Serve.StartAsync(settings: Settings, keysFile: KeysFile);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            ],
        });
    }

    /// <summary>
    /// A fresh page at 1280 × 720 that records every request it makes to another host and everything the
    /// Content-Security-Policy refuses. <paramref name="bypassCsp"/> is for injecting a test tool (axe) only.
    /// </summary>
    /// <param name="hold">A path of the app whose responses wait until the test calls <see cref="AppPage.Release"/>, as on a slow network.</param>
    public async Task<AppPage> OpenAsync(int width = 1280, int height = 720, bool bypassCsp = false, string? hold = null)
    {
        var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            AcceptDownloads = true,
            BypassCSP = bypassCsp,
            ExtraHTTPHeaders = Headers,
        });
        // A busy 2-core machine runs other builds beside these tests: wait for conditions generously.
        context.SetDefaultTimeout(60_000);
        var page = new AppPage(context, await context.NewPageAsync(), BaseAddress, hold);
        await context.RouteAsync("**/*", page.RouteAsync);
        page.Page.Console += (_, message) => page.Console(message);
        await page.Page.GotoAsync(BaseAddress.ToString());
        return page;
    }

    /// <summary>The assessment the API gives for a file and query, to compare the page with (no numbers retyped).</summary>
    public async Task<JsonElement> AssessAsync(string file, string query)
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(file));
        using var response = await App.Client.PostAsync("/api/assess?" + query, content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
        if (App is not null) await App.DisposeAsync();
    }
}

/// <summary>
/// Requests to one route of a page, counted and held until <see cref="Release"/>, as a large roster's answer takes
/// seconds; with <c>firstOnly</c>, only the first is held.
/// </summary>
public sealed class HeldRequests
{
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int count;

    public int Count => Volatile.Read(ref count);

    public static async Task<HeldRequests> OnAsync(IPage page, string url, bool firstOnly = false)
    {
        var held = new HeldRequests();
        await page.RouteAsync(url, async route =>
        {
            if (Interlocked.Increment(ref held.count) == 1 || !firstOnly) await held.released.Task.WaitAsync(TimeSpan.FromMinutes(2));
            await route.FallbackAsync();
        });
        return held;
    }

    public void Release() => released.TrySetResult();
}

/// <summary>One browser page on the app. Any request to a host other than the app's is refused and makes the test fail.</summary>
public sealed class AppPage(IBrowserContext context, IPage page, Uri app, string? hold = null) : IAsyncDisposable
{
    private readonly List<string> elsewhere = [];
    private readonly List<string> refused = [];
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IPage Page { get; } = page;

    /// <summary>Lets the held requests (<see cref="Browser.OpenAsync"/>'s <c>hold</c>) through.</summary>
    public void Release() => released.TrySetResult();

    internal async Task RouteAsync(IRoute route)
    {
        var url = new Uri(route.Request.Url);
        if (url.Scheme is "http" or "https" && url.Authority == app.Authority)
        {
            if (url.AbsolutePath == hold) await released.Task.WaitAsync(TimeSpan.FromMinutes(2));
            await route.ContinueAsync();
            return;
        }
        lock (elsewhere) elsewhere.Add(route.Request.Url);
        await route.AbortAsync();
    }

    // Chromium reports what the Content-Security-Policy blocks on the console.
    internal void Console(IConsoleMessage message)
    {
        if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            lock (refused) refused.Add(message.Text);
    }

    /// <summary>Chooses a sample's options on the form, then its roster; waits for the results.</summary>
    public async Task AssessAsync(Sample sample)
    {
        await ChooseOptionsAsync(sample.OrgTypes, sample.Jurisdictions);
        await Page.SetInputFilesAsync("#roster", sample.Roster);
        await WaitForResultsAsync(Path.GetFileName(sample.Roster));
    }

    public async Task ChooseOptionsAsync(IEnumerable<string> orgTypes, IEnumerable<string> jurisdictions)
    {
        await Page.Locator("#org-types input").First.WaitForAsync();
        foreach (var box in await Page.Locator("#org-types input, #jurisdictions input").AllAsync())
        {
            var value = await box.GetAttributeAsync("value");
            var name = await box.GetAttributeAsync("name");
            await box.SetCheckedAsync(name == "orgType" ? orgTypes.Contains(value) : jurisdictions.Contains(value));
        }
    }

    public async Task WaitForResultsAsync(string fileName)
    {
        await Assertions.Expect(Page.Locator("#status")).ToContainTextAsync($"Assessed {fileName}", new() { Timeout = 60_000 });
        await Assertions.Expect(Page.Locator("#results")).ToBeVisibleAsync();
    }

    /// <summary>
    /// Writes a screenshot (the whole page, or one part of it) under the test output's screenshots/ folder for a person
    /// to look at; a test artifact, never committed. Prints where it went.
    /// </summary>
    public async Task ScreenshotAsync(string name, string? selector = null)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        var path = Path.Combine(folder, name + ".png");
        if (selector is null) await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        else await Page.Locator(selector).ScreenshotAsync(new() { Path = path });
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {path}");
        System.Console.WriteLine($"screenshot: {path}");
    }

    public async Task<string> TextAsync(string selector) => (await Page.Locator(selector).InnerTextAsync()).Trim();

    /// <summary>Fails the test if the page asked any host but the app's (the page must work offline) or broke its CSP.</summary>
    public void AssertNoRequestLeftTheMachine()
    {
        lock (elsewhere) Assert.True(elsewhere.Count == 0, "requests to other hosts: " + string.Join(", ", elsewhere));
        lock (refused) Assert.True(refused.Count == 0, "refused by the Content-Security-Policy: " + string.Join(Environment.NewLine, refused));
    }

    public async ValueTask DisposeAsync()
    {
        AssertNoRequestLeftTheMachine();
        await context.DisposeAsync();
    }
}

/// <summary>A sample under samples/ and the options its profile gives (the page has no profile upload).</summary>
public sealed record Sample(string Name, string[] OrgTypes, string[] Jurisdictions)
{
    public string Roster => Repo.File("samples", Name, "roster.csv");

    public string Query => $"orgType={string.Join(',', OrgTypes)}&jurisdiction={string.Join(',', Jurisdictions)}&asOf=2026-11-22";

    public override string ToString() => Name;

    /// <summary>The samples' own profiles say which organization types and jurisdictions they are.</summary>
    public static Sample Of(string name)
    {
        using var profile = JsonDocument.Parse(File.ReadAllText(Repo.File("samples", name, "profile.json")));
        string[] Strings(string property) => [.. profile.RootElement.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];
        return new Sample(name, Strings("orgTypes"), Strings("jurisdictions"));
    }

    public static TheoryData<string> Names => ["community-hospital-tx", "regional-health-system-ny", "payer-cms-0057f"];
}
