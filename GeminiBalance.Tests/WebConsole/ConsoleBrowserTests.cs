using System.Net;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using GeminiBalance.Hosting;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;
using GeminiBalance.Usage;
using GeminiBalance.WebConsole;
using Microsoft.Playwright;

namespace GeminiBalance.Tests.WebConsole;

/// <summary>
/// The console in a real Chromium against two real instances on one Azurite and the emulated upstream: log in, watch
/// the pool, add and verify keys, change a setting and see the other instance use it, read an error log, switch
/// language, log out; with no script errors or failed requests, an accessibility scan of every page, and the
/// security headers and cookie flags checked. Set GB_CONSOLE_SCREENSHOTS=1 to refresh docs/console/.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class ConsoleBrowserTests(AzuriteFixture storage)
{
    private const string Body = """{"contents":[{"parts":[{"text":"hi"}]}]}""";
    private static readonly string[] Pages = ["dashboard", "keys", "settings", "logs"];

    [Fact]
    public async Task Console_EndToEnd_InChromium()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("console-good", new KeyBehavior.Good());
        upstream.SetKey("console-bad", new KeyBehavior.Invalid());
        var pastedGood = AdminApi.NewKey();
        var pastedBad = AdminApi.NewKey();
        upstream.SetKey(pastedGood, new KeyBehavior.Good());
        upstream.SetKey(pastedBad, new KeyBehavior.Invalid());
        await using var instances = await ProxyInstances.StartAsync(2, upstream, storage, ["console-good", "console-bad"], AdminApi.Settings());
        var (a, b) = (instances[0], instances[1]);
        await MakeTrafficAsync(a);

        await using var browser = await ConsoleBrowser.LaunchAsync();
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = a.BaseUrl.ToString(), Locale = "en-US" });
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var page = await context.NewPageAsync();
        var problems = WatchForProblems(page);

        // The page itself carries the security headers.
        var first = await page.GotoAsync("/");
        var headers = await first!.AllHeadersAsync();
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, headers["content-security-policy"]);
        Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.Equal("no-referrer", headers["referrer-policy"]);

        // A wrong token is refused; the right one is accepted.
        await page.FillAsync("#token", "not-the-admin-token");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That is not the admin token.");
        await ScanAsync(page, "login");
        await Screenshot(page, "login", "en");
        await page.FillAsync("#token", AdminApi.Token);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Dashboard", new() { Timeout = 10_000 }).ContinueWith(task => Assert.True(task.IsCompletedSuccessfully, string.Join("\n", problems) + " at " + page.Url));
        Assert.EndsWith("/dashboard", page.Url, StringComparison.Ordinal);

        var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == SessionCookie.Name);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(AdminApi.Token, cookie.Value, StringComparison.Ordinal);
        Assert.InRange(DateTimeOffset.FromUnixTimeSeconds((long)cookie.Expires) - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(55), TimeSpan.FromMinutes(61));

        // The dashboard shows the pool's counts and the traffic.
        await Assertions.Expect(page.Locator("[data-card=total] .value")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("[data-card=invalid] .value")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#usage tbody tr").First.Locator("td").First).ToHaveTextAsync(upstream.Requests.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.WaitForSelectorAsync("#trend canvas");
        await ScanAsync(page, "dashboard");

        // Keys: paste, verify one and see it turn invalid, disable and enable another.
        await page.ClickAsync("nav a[href='/keys']");
        await page.FillAsync("#paste", $"here: {pastedGood}, {pastedBad}\nagain {pastedGood} and AIzaTooShort");
        await page.ClickAsync("#add-keys");
        await Assertions.Expect(page.Locator("#paste-result")).ToHaveTextAsync("Found 2: added 2, already present 0, invalid-looking 1.");
        var badRow = page.Locator($"tr[data-key='{AdminApi.IdOf(pastedBad)}']");
        await Assertions.Expect(badRow.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "active");
        await badRow.Locator("[data-action=verify]").ClickAsync();
        await Assertions.Expect(badRow.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "invalid");
        var goodRow = page.Locator($"tr[data-key='{AdminApi.IdOf(pastedGood)}']");
        await goodRow.Locator("[data-action=disable]").ClickAsync();
        await Assertions.Expect(goodRow.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "disabled");
        await goodRow.Locator("[data-action=enable]").ClickAsync();
        await Assertions.Expect(goodRow.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "active");
        await ScanAsync(page, "keys");

        // A key's usage per model, from the traffic above.
        await page.Locator($"tr[data-key='{AdminApi.IdOf("console-good")}'] [data-action=usage]").ClickAsync();
        await Assertions.Expect(page.Locator("#key-usage td.mono")).ToHaveTextAsync("gemini-2.5-flash");
        await ScanAsync(page, "key usage");
        await page.Keyboard.PressAsync("Escape");

        // Settings: a token added here is accepted by the other instance after one sync.
        const string browserToken = "a-token-added-in-the-browser";
        await page.ClickAsync("nav a[href='/settings']");
        await page.FillAsync("#setting-ALLOWED_TOKENS", $"{ProxyHost.ClientToken},{browserToken}");
        await page.ClickAsync("#review");
        await Assertions.Expect(page.Locator("#diff")).ToContainTextAsync("ALLOWED_TOKENS");
        await page.ClickAsync("#confirm-save");
        await Assertions.Expect(page.Locator("[data-setting=ALLOWED_TOKENS] .source")).ToHaveTextAsync("set in the console");
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(b, browserToken));
        await instances.SyncAllAsync();
        Assert.Equal(HttpStatusCode.OK, await CallAsync(b, browserToken));
        await ScanAsync(page, "settings");

        // Logs: an error's detail shows the upstream body as text.
        await page.ClickAsync("nav a[href='/logs']");
        await page.Locator("[data-action=detail]").First.ClickAsync();
        var body = page.Locator("#error-body");
        await Assertions.Expect(body).ToBeVisibleAsync();
        Assert.Equal(0, await body.Locator("*").CountAsync());
        await ScanAsync(page, "logs");
        await page.Keyboard.PressAsync("Escape");

        // Deleting the selected error removes it from the log.
        var entry = page.Locator("#log tbody tr").First;
        var entryId = await entry.GetAttributeAsync("data-entry");
        Assert.False(string.IsNullOrEmpty(entryId));
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await entry.Locator("input[type=checkbox]").CheckAsync();
        await page.ClickAsync("#delete-selected");
        await Assertions.Expect(page.Locator($"tr[data-entry='{entryId}']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Logs");

        await ScreenshotEveryPageAsync(page, "en");

        // Switching language changes the text and is remembered.
        await page.SelectOptionAsync("#lang", "zh-CN");
        await Assertions.Expect(page.Locator("nav a[href='/keys']")).ToHaveTextAsync("密钥");
        Assert.Equal("zh-CN", await page.EvaluateAsync<string>("document.documentElement.lang"));
        await ScanAsync(page, "logs (zh-CN)");
        await ScreenshotEveryPageAsync(page, "zh-CN");

        // Logging out ends the session in this browser.
        await page.ClickAsync("#logout");
        await Assertions.Expect(page.Locator("#token")).ToBeVisibleAsync();
        await Screenshot(page, "login", "zh-CN");
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == SessionCookie.Name);

        Assert.Equal(["401 /console/login"], problems);
    }

    [Fact]
    public async Task SessionCookie_IsSecureBehindHttps_AndChangesNeedTheCsrfToken_WhileBearerNeedsNone()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["k"], AdminApi.Settings());

        using var login = new HttpRequestMessage(HttpMethod.Post, "console/login") { Content = new StringContent($$"""{"token":"{{AdminApi.Token}}"}""", System.Text.Encoding.UTF8, "application/json") };
        login.Headers.Add("X-Forwarded-Proto", "https");
        using var answer = await proxy.Client.SendAsync(login);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var setCookie = Assert.Single(answer.Headers.GetValues("Set-Cookie"));
        Assert.Contains("secure", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(AdminApi.Token, setCookie, StringComparison.Ordinal);
        var csrf = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("csrfToken").GetString()!;
        var sessionCookie = setCookie.Split(';')[0];

        async Task<HttpStatusCode> PutAsync(string? csrfToken)
        {
            using var put = new HttpRequestMessage(HttpMethod.Put, "manage/config") { Content = new StringContent("""{"MAX_RETRIES": 4}""", System.Text.Encoding.UTF8, "application/json") };
            put.Headers.Add("Cookie", sessionCookie);
            if (csrfToken is not null)
            {
                put.Headers.Add(SessionCookie.CsrfHeader, csrfToken);
            }

            using var response = await proxy.Client.SendAsync(put);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Forbidden, await PutAsync(null));
        Assert.Equal(HttpStatusCode.Forbidden, await PutAsync(csrf[..^2] + "xx"));
        // MAX_RETRIES counts attempts in all (default 3: two retries); the PUT sets 4 attempts, three retries.
        Assert.Equal(2, proxy.GetService<ICurrentOptions>().Current.MaxRetries);
        Assert.Equal(HttpStatusCode.OK, await PutAsync(csrf));
        Assert.Equal(3, proxy.GetService<ICurrentOptions>().Current.MaxRetries);

        // The audit says the console made the change; Bearer scripts need no CSRF token.
        var audit = (await proxy.AdminJsonAsync(HttpMethod.Get, "manage/config/audit")).Json;
        Assert.Equal("console", audit[0].GetProperty("who").GetString());
        await proxy.AdminJsonAsync(HttpMethod.Put, "manage/config", """{"MAX_RETRIES": 5}""");
    }

    [Fact]
    public async Task RepeatedWrongTokens_AreSlowedDown_AndConsoleOffSaysHowToTurnItOn()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["k"], AdminApi.Settings());

        async Task<HttpResponseMessage> LoginAsync(ProxyHost host, string token) =>
            await host.Client.PostAsync("console/login", new StringContent($$"""{"token":"{{token}}"}""", System.Text.Encoding.UTF8, "application/json"));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await LoginAsync(proxy, "guess-" + i);
            statuses.Add(wrong.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        using var blocked = await LoginAsync(proxy, AdminApi.Token);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.NotNull(blocked.Headers.RetryAfter);

        await using var off = await ProxyHost.StartAsync(upstream, storage, ["k"]);
        var session = JsonDocument.Parse(await off.Client.GetStringAsync("console/session")).RootElement;
        Assert.False(session.GetProperty("consoleOn").GetBoolean());
        using var refused = await LoginAsync(off, "anything");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("AUTH_TOKEN", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task MakeTrafficAsync(ProxyHost proxy)
    {
        for (var i = 0; i < 4; i++)
        {
            using var response = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:generateContent", Body));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await proxy.GetService<UsageFlusher>().WriteOnceAsync(CancellationToken.None);
        await proxy.GetService<UsageLogWriter>().WriteOnceAsync(CancellationToken.None);
    }

    /// <summary>Script errors, failed requests and error answers, as "status path" lines.</summary>
    private static List<string> WatchForProblems(IPage page)
    {
        var problems = new List<string>();
        page.PageError += (_, error) => problems.Add("script error: " + error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                problems.Add("console: " + message.Text);
            }
        };
        page.RequestFailed += (_, request) => problems.Add($"failed {request.Url}: {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                problems.Add($"{response.Status} {new Uri(response.Url).AbsolutePath}");
            }
        };
        return problems;
    }

    private static async Task ScanAsync(IPage page, string what)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(violation => violation.Impact is "serious" or "critical")
            .Select(violation => $"{violation.Id}: {violation.Help} ({string.Join(", ", violation.Nodes.Select(node => node.Target?.ToString()))})").ToArray();
        Assert.True(serious.Length == 0, $"{what}: " + string.Join("; ", serious));
    }

    private static async Task ScreenshotEveryPageAsync(IPage page, string language)
    {
        foreach (var name in Pages)
        {
            await page.ClickAsync($"nav a[href='/{name}']");
            await page.WaitForSelectorAsync("main h1");
            await Screenshot(page, name, language);
        }
    }

    private static async Task Screenshot(IPage page, string name, string language)
    {
        if (Environment.GetEnvironmentVariable("GB_CONSOLE_SCREENSHOTS") == "1")
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoRoot.Path, "docs", "console", $"{name}.{language}.png"), FullPage = true });
        }
    }

    private static async Task<HttpStatusCode> CallAsync(ProxyHost proxy, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:generateContent") { Content = new StringContent(Body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("x-goog-api-key", token);
        using var response = await proxy.Client.SendAsync(request);
        return response.StatusCode;
    }
}
