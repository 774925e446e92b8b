using System.Net;
using System.Text.Json;
using GeminiBalance.Keys;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Integration;

[Collection(ProxyCollection.Name)]
public sealed class KeyRotationTests(AzuriteFixture storage)
{
    private const string Generate = "v1beta/models/gemini-2.5-flash:generateContent";
    private const string Body = """{"contents":[{"parts":[{"text":"hello"}]}]}""";

    [Fact]
    public async Task MixedPoolServesEveryRequestAndStopsChoosingFailingKeys()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("good-1", new KeyBehavior.Good());
        upstream.SetKey("good-2", new KeyBehavior.Good());
        upstream.SetKey("invalid", new KeyBehavior.Invalid());
        upstream.SetKey("blocked", new KeyBehavior.PermissionDenied());
        upstream.SetKey("limited", new KeyBehavior.RateLimited(TimeSpan.FromHours(1)));
        upstream.SetKey("overloaded", new KeyBehavior.Unavailable());
        await using var proxy = await ProxyHost.StartAsync(
            upstream, storage, ["invalid", "good-1", "limited", "blocked", "overloaded", "good-2"], new Dictionary<string, string?> { ["MAX_RETRIES"] = "6" });

        for (var i = 0; i < 30; i++)
        {
            using var response = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, Generate, Body));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Invalid, blocked and rate-limited keys are set aside at their first failure; the overloaded one
        // after MAX_FAILURES (3) consecutive failures. From then on only good keys are asked.
        var failingKeys = new[] { "invalid", "blocked", "limited", "overloaded" };
        var asked = upstream.Requests.Select(request => request.Key).ToList();
        Assert.Equal(1, asked.Count(key => key == "invalid"));
        Assert.Equal(1, asked.Count(key => key == "blocked"));
        Assert.Equal(1, asked.Count(key => key == "limited"));
        Assert.Equal(3, asked.Count(key => key == "overloaded"));
        Assert.DoesNotContain(asked.TakeLast(20), key => failingKeys.Contains(key));
        Assert.Contains(asked.TakeLast(20), key => key == "good-1");
        Assert.Contains(asked.TakeLast(20), key => key == "good-2");
    }

    [Fact]
    public async Task ClientErrorIsReturnedAtOnceAndBlamesNoKey()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("k1", new KeyBehavior.Good());
        upstream.SetKey("k2", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["k1", "k2"]);

        using var malformed = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, Generate, "{\"contents\": [ oops"));
        using var unknownModel = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, "v1beta/models/gemini-9-imaginary:generateContent", Body));

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", ErrorStatus(await malformed.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.NotFound, unknownModel.StatusCode);
        Assert.Equal("NOT_FOUND", ErrorStatus(await unknownModel.Content.ReadAsStringAsync()));
        Assert.Equal(2, upstream.Requests.Count);
        var pool = proxy.GetService<KeyPool>();
        Assert.All(["k1", "k2"], secret => Assert.Same(KeyHealth.Fresh, pool.HealthOf(PoolKey.From(secret))));
    }

    [Fact]
    public async Task WhenEveryKeyIsRateLimitedTheClientGetsTheReal429ThenA503WithRetryAfter()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("a", new KeyBehavior.RateLimited(TimeSpan.FromSeconds(40), Model: "gemini-2.5-flash"));
        upstream.SetKey("b", new KeyBehavior.RateLimited(TimeSpan.FromSeconds(20), Model: "gemini-2.5-flash"));
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["a", "b"]);

        using var first = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, Generate, Body));
        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal("RESOURCE_EXHAUSTED", ErrorStatus(await first.Content.ReadAsStringAsync()));
        Assert.Equal(TimeSpan.FromSeconds(20), first.Headers.RetryAfter?.Delta);

        using var second = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, Generate, Body));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Contains("rate-limited", await second.Content.ReadAsStringAsync());
        Assert.InRange(second.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 20);
        Assert.Equal(2, upstream.Requests.Count);

        // Cooling is per model: another model still gets through to the keys.
        using var otherModel = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, "v1beta/models/gemini-2.5-pro:generateContent", Body));
        Assert.Equal(HttpStatusCode.OK, otherModel.StatusCode);
        Assert.Equal(3, upstream.Requests.Count);
    }

    [Fact]
    public async Task WhenEveryAttemptFailsTheClientGetsTheUpstreamStatusAndBody()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        foreach (var key in new[] { "a", "b", "c", "d", "e" })
        {
            upstream.SetKey(key, new KeyBehavior.Unavailable());
        }

        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["a", "b", "c", "d", "e"], new Dictionary<string, string?> { ["MAX_RETRIES"] = "3" });

        using var response = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, Generate, Body));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("overloaded", await response.Content.ReadAsStringAsync());
        Assert.Equal(3, upstream.Requests.Count);
    }

    [Fact]
    public async Task SlowKeyTimesOutAndTheNextKeyAnswers()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("slow", new KeyBehavior.Slow(TimeSpan.FromMinutes(5)));
        upstream.SetKey("fast", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["slow", "fast"], new Dictionary<string, string?> { ["TIME_OUT"] = "1" });

        using var response = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, Generate, Body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["slow", "fast"], upstream.Requests.Select(request => request.Key));
    }

    [Fact]
    public async Task StreamThatOutlastsTimeOutIsNotCutOnceItsHeadersArrived()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("only", new KeyBehavior.Good());
        // Answered at once, then 1.6 s of chunks: TIME_OUT (1 s) is for the answer to begin, not for the stream to end.
        upstream.StreamChunkCount = 16;
        upstream.StreamChunkInterval = TimeSpan.FromMilliseconds(100);
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["only"], new Dictionary<string, string?> { ["TIME_OUT"] = "1" });

        using var response = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", Body));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(16, text.Split("data: ").Length - 1);
        Assert.DoesNotContain("\"error\"", text);
        Assert.Single(upstream.Requests);
    }

    [Fact]
    public async Task EmptyPoolAnswers503SayingSo()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, []);

        using var response = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, Generate, Body));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("API_KEYS", await response.Content.ReadAsStringAsync());
        Assert.Empty(upstream.Requests);
    }

    private static string ErrorStatus(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("error").GetProperty("status").GetString()!;
    }
}
