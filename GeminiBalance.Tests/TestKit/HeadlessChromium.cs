using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GeminiBalance.Tests.TestKit;

/// <summary>
/// Debian's Chromium (through <see cref="ConsoleBrowser"/>), loading one page from an origin of its own on 127.0.0.1, so a script on it calls the
/// proxy cross-origin as a web app would: real preflights, real CORS checks. Returns the page's body text once its
/// script has finished.
/// </summary>
public static class HeadlessChromium
{
    /// <param name="script">Runs in the page; it must end by setting <c>document.body.textContent</c>.</param>
    public static async Task<string> RunPageAsync(string script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        await using var page = builder.Build();
        page.MapGet("/page.html", () => Results.Content($"<!doctype html><html><body>pending</body><script>{script}</script></html>", "text/html"));
        await page.StartAsync();
        var origin = page.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();

        await using var chromium = await ConsoleBrowser.LaunchAsync();
        var tab = await chromium.Browser.NewPageAsync();
        await tab.GotoAsync($"{origin}/page.html");
        await tab.WaitForFunctionAsync("() => !document.body.textContent.startsWith('pending')", null, new() { Timeout = 60_000 });
        return await tab.EvaluateAsync<string>("() => document.body.textContent");
    }
}
