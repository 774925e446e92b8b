using GeminiBalance.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GeminiBalance.Tests.Deployment;

/// <summary>
/// The real app on a loopback Kestrel port, standing where the Functions host's custom-handler port would be: the
/// requests the tests send are the ones the host would send there.
/// </summary>
internal sealed class KestrelApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelApp(WebApplication app, Uri baseUrl)
    {
        _app = app;
        // No BaseAddress tricks: tests give absolute paths, exactly as the host forwards them (routePrefix is empty).
        Client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Client { get; }

    public static async Task<KestrelApp> StartAsync(IDictionary<string, string?> settings)
    {
        var app = GeminiBalanceApp.Build(["--urls", "http://127.0.0.1:0"], settings, builder => builder.Logging.ClearProviders());
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new KestrelApp(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
