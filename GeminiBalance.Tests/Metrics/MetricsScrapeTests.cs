using System.Net;
using System.Net.Http.Headers;
using GeminiBalance.Keys;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Metrics;

/// <summary>The Prometheus scrape at <c>/metrics</c> of a standalone proxy: its format after a real call, its admin gate, no secret in it.</summary>
[Collection(ProxyCollection.Name)]
public sealed class MetricsScrapeTests(AzuriteFixture storage)
{
    private const string AdminToken = "admin-token-for-metrics-0123456789";
    private const string Key = "AIzaSy-metrics-scrape-key-0123456789abcd";
    private const string Model = "gemini-2.5-flash";

    [Fact]
    public async Task ScrapeAfterARealCall_IsPrometheusTextWithTheInstruments_AndNoSecret()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(Key, new KeyBehavior.Good());
        await using var proxy = await StartAsync(upstream);
        using (var answer = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, $"v1beta/models/{Model}:generateContent", """{"contents":[{"parts":[{"text":"hello"}]}]}""")))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        using var scrape = await ScrapeAsync(proxy, AdminToken);

        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Equal("text/plain", scrape.Content.Headers.ContentType?.MediaType);
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE geminibalance_requests_total counter", text, StringComparison.Ordinal);
        Assert.Matches($@"geminibalance_requests_total\{{[^}}]*model=""{Model}""[^}}]*status_class=""2xx""[^}}]*surface=""gemini""[^}}]*\}} [1-9]", text);
        Assert.Contains("# TYPE geminibalance_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("geminibalance_request_time_to_first_byte_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Matches(@"geminibalance_upstream_attempts_total\{[^}]*outcome=""success""[^}]*\} [1-9]", text);
        Assert.Matches(@"geminibalance_keys\{[^}]*state=""active""[^}]*\} [1-9]", text);
        Assert.Contains("geminibalance_writer_queued", text, StringComparison.Ordinal);

        foreach (var secret in new[] { Key, PoolKey.From(Key).Id, ProxyHost.ClientToken, AdminToken })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Scrape_NeedsTheAdminToken()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await StartAsync(upstream);

        using var anonymous = await ScrapeAsync(proxy, token: null);
        using var client = await ScrapeAsync(proxy, ProxyHost.ClientToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, client.StatusCode);
        foreach (var refused in new[] { anonymous, client })
        {
            var body = await refused.Content.ReadAsStringAsync();
            Assert.Contains("\"error\"", body, StringComparison.Ordinal);
            Assert.DoesNotContain("geminibalance_", body, StringComparison.Ordinal);
        }
    }

    private Task<ProxyHost> StartAsync(EmulatedGemini upstream) =>
        ProxyHost.StartAsync(upstream, storage, [Key], new Dictionary<string, string?> { ["AUTH_TOKEN"] = AdminToken });

    private static Task<HttpResponseMessage> ScrapeAsync(ProxyHost proxy, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return proxy.Client.SendAsync(request);
    }
}
