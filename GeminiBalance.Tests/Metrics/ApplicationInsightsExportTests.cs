using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GeminiBalance.Tests.Metrics;

/// <summary>
/// With APPLICATIONINSIGHTS_CONNECTION_STRING set, the Azure Monitor exporter sends the metrics to the connection
/// string's ingestion endpoint (here a loopback server standing for Application Insights' track API); the app flushes
/// them when it stops, as an instance that scales in does.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class ApplicationInsightsExportTests(AzuriteFixture storage)
{
    private const string Key = "AIzaSy-metrics-insights-key-0123456789ab";

    [Fact]
    public async Task ConnectionStringSet_TheMetricsReachItsIngestionEndpoint_WithoutSecrets()
    {
        var received = new ConcurrentQueue<string>();
        await using var ingestion = await StartIngestionAsync(received);
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(Key, new KeyBehavior.Good());
        var proxy = await ProxyHost.StartAsync(upstream, storage, [Key], new Dictionary<string, string?>
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = $"InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint={ingestion.Urls.First()}/",
        });
        await using (proxy)
        {
            using var answer = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:generateContent", """{"contents":[{"parts":[{"text":"hello"}]}]}"""));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        var sent = string.Join('\n', received);
        Assert.Contains("geminibalance.requests", sent, StringComparison.Ordinal);
        Assert.Contains("\"status_class\":\"2xx\"", sent, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, sent, StringComparison.Ordinal);
        Assert.DoesNotContain(ProxyHost.ClientToken, sent, StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartIngestionAsync(ConcurrentQueue<string> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/v2.1/track", async (HttpRequest request) =>
        {
            var body = request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)
                ? new GZipStream(request.Body, CompressionMode.Decompress)
                : request.Body;
            using var reader = new StreamReader(body);
            received.Enqueue(await reader.ReadToEndAsync());
            return Results.Json(new { itemsReceived = 1, itemsAccepted = 1, errors = Array.Empty<object>() });
        });
        await app.StartAsync();
        return app;
    }
}
