using System.Diagnostics;
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
/// Debian's Chromium, headless, loading one page from an origin of its own on 127.0.0.1, so a script on it calls the
/// proxy cross-origin as a web app would: real preflights, real CORS checks. Returns the page's body text once its
/// script has finished.
/// </summary>
public static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

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

        var profile = Directory.CreateTempSubdirectory("chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                         $"--user-data-dir={profile.FullName}",
                         // Virtual time runs only while the page is idle, so the dump waits for the page's fetches.
                         "--virtual-time-budget=20000", "--dump-dom", $"{origin}/page.html",
                     })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            var dom = await stdout;
            Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {await stderr}");
            var body = dom.IndexOf("<body>", StringComparison.Ordinal);
            var end = dom.IndexOf("</body>", StringComparison.Ordinal);
            Assert.True(body >= 0 && end > body, $"no body in chromium's dump: {dom}");
            return WebUtility.HtmlDecode(dom[(body + "<body>".Length)..end]);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
