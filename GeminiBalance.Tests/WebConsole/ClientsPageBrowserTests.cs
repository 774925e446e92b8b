using System.Net;
using Deque.AxeCore.Playwright;
using GeminiBalance.Tests.ClientKeys;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;
using Microsoft.Playwright;

namespace GeminiBalance.Tests.WebConsole;

/// <summary>
/// The console's Clients page in Chromium: make a key (its secret shown once, copied with the button, and working on
/// the API), edit its limits, models and note, disable and enable it, delete it; in English and Chinese. Set
/// GB_CONSOLE_SCREENSHOTS=1 to refresh docs/console/clients.*.png.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class ClientsPageBrowserTests(AzuriteFixture storage)
{
    [Fact]
    public async Task ClientsPage_MakesEditsDisablesAndDeletesAKey_InChromium()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("clients-page-key", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["clients-page-key"], AdminApi.Settings());
        await proxy.CreateClientAsync("""{"name":"mobile-app","rpm":60,"tpd":200000,"models":["gemini-2.5-flash*"],"note":"iOS and Android"}""");

        await using var browser = await ConsoleBrowser.LaunchAsync();
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = proxy.BaseUrl.ToString(), Locale = "en-US" });
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.PageError += (_, error) => problems.Add("script error: " + error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                problems.Add($"{response.Status} {new Uri(response.Url).AbsolutePath}");
            }
        };

        await page.GotoAsync("/");
        await page.FillAsync("#token", AdminApi.Token);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Dashboard", new() { Timeout = 10_000 });
        await page.ClickAsync("nav a[href='/clients']");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Clients");
        await Assertions.Expect(page.Locator("#clients tbody tr")).ToHaveCountAsync(1);

        // Make one: the secret is shown once, the copy button puts it on the clipboard, and it works on the API.
        await page.ClickAsync("#client-new");
        await page.FillAsync("#client-name", "ci-bot");
        await page.FillAsync("#client-rpd", "500");
        await page.FillAsync("#client-models", "gemini-2.5-*");
        await page.ClickAsync("#client-save");
        var secret = await page.Locator("#client-secret-value").TextContentAsync();
        Assert.StartsWith("gbk-", secret, StringComparison.Ordinal);
        await page.ClickAsync("#client-secret-copy");
        Assert.Equal(secret, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
        using (var call = await proxy.CallAsync(secret!))
        {
            Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        }

        await Scan(page, "clients with a new secret");
        await Screenshot(page, "en");

        // Once the page is drawn again the secret is gone for good.
        await page.ClickAsync("nav a[href='/clients']");
        await Assertions.Expect(page.Locator("#client-secret")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret!, await page.ContentAsync(), StringComparison.Ordinal);

        // Edit: limits, models, note.
        var row = page.Locator("#clients tbody tr", new() { HasText = "ci-bot" });
        await row.Locator("[data-action=edit]").ClickAsync();
        await Assertions.Expect(page.Locator("#client-rpd")).ToHaveValueAsync("500");
        await page.FillAsync("#client-rpm", "10");
        await page.FillAsync("#client-rpd", "");
        await page.FillAsync("#client-note", "nightly builds");
        await Scan(page, "client editor");
        await page.ClickAsync("#client-save");
        await Assertions.Expect(row).ToContainTextAsync("rpm 10");
        await Assertions.Expect(row).Not.ToContainTextAsync("rpd");
        await Assertions.Expect(row).ToContainTextAsync("nightly builds");

        // A limit below 1 is stopped in the form (the API would answer 400 naming it): the dialog stays open.
        await row.Locator("[data-action=edit]").ClickAsync();
        await page.FillAsync("#client-rpm", "-3");
        await page.ClickAsync("#client-save");
        await Assertions.Expect(page.Locator("#client-editor")).ToHaveAttributeAsync("open", "");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(row).ToContainTextAsync("rpm 10");

        // Disable (the key is refused at once), enable, delete.
        await row.Locator("[data-action=disable]").ClickAsync();
        await Assertions.Expect(row.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "disabled");
        using (var refused = await proxy.CallAsync(secret!))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await row.Locator("[data-action=enable]").ClickAsync();
        await Assertions.Expect(row.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "active");

        await page.SelectOptionAsync("#lang", "zh-CN");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("客户端");
        await page.ClickAsync("#client-new");
        await page.FillAsync("#client-name", "数据团队");
        await page.FillAsync("#client-tpm_month", "5000000");
        await page.ClickAsync("#client-save");
        await Assertions.Expect(page.Locator("#client-secret")).ToBeVisibleAsync();
        await Scan(page, "clients (zh-CN)");
        await Screenshot(page, "zh-CN");

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.Locator("#clients tbody tr", new() { HasText = "ci-bot" }).Locator("[data-action=delete]").ClickAsync();
        await Assertions.Expect(page.Locator("#clients tbody tr", new() { HasText = "ci-bot" })).ToHaveCountAsync(0);
        using (var deleted = await proxy.CallAsync(secret!))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, deleted.StatusCode);
        }

        Assert.Empty(problems);
    }

    private static async Task Scan(IPage page, string what)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(violation => violation.Impact is "serious" or "critical")
            .Select(violation => $"{violation.Id}: {violation.Help} ({string.Join(", ", violation.Nodes.Select(node => node.Target?.ToString()))})").ToArray();
        Assert.True(serious.Length == 0, $"{what}: " + string.Join("; ", serious));
    }

    private static async Task Screenshot(IPage page, string language)
    {
        if (Environment.GetEnvironmentVariable("GB_CONSOLE_SCREENSHOTS") == "1")
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoRoot.Path, "docs", "console", $"clients.{language}.png"), FullPage = true });
        }
    }
}
