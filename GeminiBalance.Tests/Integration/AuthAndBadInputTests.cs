using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Integration;

[Collection(ProxyCollection.Name)]
public sealed class AuthAndBadInputTests(AzuriteFixture storage)
{
    private const string Generate = "v1beta/models/gemini-2.5-flash:generateContent";
    private const string Body = """{"contents":[{"parts":[{"text":"hello"}]}]}""";
    private const string PoolKey = "pool-key-secret-AIzaSy123";

    [Theory]
    [InlineData("bearer")]
    [InlineData("x-goog-api-key")]
    [InlineData("x-api-key")]
    [InlineData("query")]
    public async Task ClientTokenIsAcceptedWhereverSdksPutIt(string where)
    {
        await using var setup = await StartAsync();
        var (upstream, proxy) = setup;

        using var response = await proxy.Client.SendAsync(WithToken(where, ProxyHost.ClientToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PoolKey, Assert.Single(upstream.Requests).Key);
    }

    [Theory]
    [InlineData("bearer", "wrong-token")]
    [InlineData("x-goog-api-key", "client-token-for-test")]
    [InlineData("query", "")]
    [InlineData("none", "")]
    public async Task MissingOrWrongTokenGets401InGeminiShapeAndNothingGoesUpstream(string where, string token)
    {
        await using var setup = await StartAsync();
        var (upstream, proxy) = setup;

        using var response = await proxy.Client.SendAsync(WithToken(where, token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, error.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("UNAUTHENTICATED", error.RootElement.GetProperty("error").GetProperty("status").GetString());
        Assert.Empty(upstream.Requests);
    }

    [Theory]
    [InlineData("GET", "v1beta/nothing-here", 404)]
    [InlineData("GET", "v2/models", 404)]
    [InlineData("DELETE", "v1beta/models/gemini-2.5-flash:generateContent", 405)]
    [InlineData("POST", "v1beta/models/gemini-2.5-flash:teleport", 404)]
    [InlineData("POST", "v1beta/models/bad%2Fname:generateContent", 400)]
    public async Task BadRoutesGetAClearJsonError(string method, string path, int expected)
    {
        await using var setup = await StartAsync();
        var (upstream, proxy) = setup;

        using var response = await proxy.Client.SendAsync(proxy.Request(new HttpMethod(method), path, method == "POST" ? Body : null));

        Assert.Equal(expected, (int)response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(expected, error.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task OversizeBodyGets413WithoutReachingUpstream()
    {
        await using var setup = await StartAsync(new Dictionary<string, string?> { ["MAX_REQUEST_BODY_MB"] = "1" });
        var (upstream, proxy) = setup;
        var big = $$"""{"contents":[{"parts":[{"text":"{{new string('x', 1_200_000)}}"}]}]}""";

        using var response = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, Generate, big));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("MAX_REQUEST_BODY_MB", await response.Content.ReadAsStringAsync());
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task OversizeChunkedBodyGets413Too()
    {
        await using var setup = await StartAsync(new Dictionary<string, string?> { ["MAX_REQUEST_BODY_MB"] = "1" });
        var (upstream, proxy) = setup;
        var request = proxy.Request(HttpMethod.Post, Generate);
        request.Content = new StreamContent(new MemoryStream(new byte[2_000_000]));
        request.Headers.TransferEncodingChunked = true;

        using var response = await proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task HealthNeedsNoToken()
    {
        await using var setup = await StartAsync();
        using var response = await setup.Proxy.Client.GetAsync("health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(health.RootElement.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task NoSecretAppearsInResponsesOrLogsEvenWhenKeysFail()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("AIzaSy-invalid-secret", new KeyBehavior.Invalid());
        upstream.SetKey("AIzaSy-limited-secret", new KeyBehavior.RateLimited(TimeSpan.FromSeconds(30)));
        upstream.SetKey("AIzaSy-down-secret", new KeyBehavior.Unavailable());
        string[] secrets = ["AIzaSy-invalid-secret", "AIzaSy-limited-secret", "AIzaSy-down-secret", ProxyHost.ClientToken];
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, secrets[..3]);

        var bodies = new List<string>();
        foreach (var path in new[] { Generate, "v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", Generate })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{path}{(path.Contains('?') ? '&' : '?')}key={ProxyHost.ClientToken}")
            {
                Content = new StringContent(Body, Encoding.UTF8, "application/json"),
            };
            using var response = await proxy.Client.SendAsync(request);
            bodies.Add(await response.Content.ReadAsStringAsync() + string.Join(' ', response.Headers.Select(header => string.Join(',', header.Value))));
        }

        Assert.NotEmpty(proxy.Logs.Lines);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(bodies, body => body.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(proxy.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    private async Task<Setup> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        return new Setup(upstream, await ProxyHost.StartAsync(upstream, storage, [PoolKey], settings));
    }

    private static HttpRequestMessage WithToken(string where, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, where == "query" ? $"{Generate}?key={token}" : Generate)
        {
            Content = new StringContent(Body, Encoding.UTF8, "application/json"),
        };
        switch (where)
        {
            case "bearer":
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                break;
            case "x-goog-api-key" or "x-api-key":
                request.Headers.Add(where, token);
                break;
        }

        return request;
    }

    private sealed record Setup(EmulatedGemini Upstream, ProxyHost Proxy) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Proxy.DisposeAsync();
            await Upstream.DisposeAsync();
        }
    }
}
