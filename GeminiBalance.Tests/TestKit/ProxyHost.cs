using GeminiBalance.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GeminiBalance.Tests.TestKit;

/// <summary>The real app on Kestrel over loopback, pointed at an emulated Gemini and a real Azurite.</summary>
public sealed class ProxyHost : IAsyncDisposable
{
    public const string ClientToken = "client-token-for-tests";

    private readonly WebApplication _app;

    private ProxyHost(WebApplication app, Uri baseUrl, CapturedLogs logs)
    {
        _app = app;
        Logs = logs;
        BaseUrl = baseUrl;
        Client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseUrl { get; }

    public CapturedLogs Logs { get; }

    /// <summary>A client with no credentials set; tests choose how to authenticate.</summary>
    public HttpClient Client { get; }

    /// <param name="services">Replaces app services before the app is built (e.g. an image downloader that may reach loopback).</param>
    public static Task<ProxyHost> StartAsync(
        EmulatedGemini upstream, AzuriteFixture storage, IEnumerable<string> keys, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["API_KEYS"] = string.Join(',', keys),
            ["ALLOWED_TOKENS"] = ClientToken,
            ["BASE_URL"] = upstream.BaseUrl + "v1beta",
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            ["TIME_OUT"] = "30",
            // Tables of their own, so no test sees another's key state.
            ["STORAGE_TABLE_PREFIX"] = NewTablePrefix(),
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            all[name] = value;
        }

        return StartAsync(all, services);
    }

    /// <summary>The app with exactly these settings, standing where the Functions host's custom-handler port would be.</summary>
    public static async Task<ProxyHost> StartAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var logs = new CapturedLogs();
        var app = GeminiBalanceApp.Build(["--urls", "http://127.0.0.1:0"], settings, builder =>
        {
            // Everything, Debug and Trace included, so a secret in any log line is caught; into the captured logs only,
            // which tests read: on the console it would bury a test run's output (and its failures) under every host's lines.
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(logs);
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ProxyHost(app, new Uri(address + "/"), logs);
    }

    public static string NewTablePrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    public T GetService<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public HttpRequestMessage Request(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-goog-api-key", ClientToken);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
