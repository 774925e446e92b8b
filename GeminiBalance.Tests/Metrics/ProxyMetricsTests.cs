using System.Diagnostics.Metrics;
using System.Net;
using GeminiBalance.Keys;
using GeminiBalance.Metrics;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;
using GeminiBalance.Usage;

namespace GeminiBalance.Tests.Metrics;

/// <summary>Each instrument moves with real calls through the proxy to the emulated Gemini, and no tag carries a secret.</summary>
[Collection(ProxyCollection.Name)]
public sealed class ProxyMetricsTests(AzuriteFixture storage)
{
    private const string GoodKey = "AIzaSy-metrics-good-key-0123456789abcdef";
    private const string LimitedKey = "AIzaSy-metrics-limited-key-0123456789abc";
    private const string Model = "gemini-2.5-flash";
    private const string Body = """{"contents":[{"parts":[{"text":"hello"}]}]}""";

    // What Google reports for a thinking model answering from a context cache.
    private const string Answer =
        """{"candidates":[{"content":{"parts":[{"text":"Hi."}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":10,"cachedContentTokenCount":4,"candidatesTokenCount":5,"thoughtsTokenCount":3,"totalTokenCount":18}}""";

    [Fact]
    public async Task EveryInstrumentMovesWithRealCalls()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(GoodKey, new KeyBehavior.Good());
        upstream.SetKey(LimitedKey, new KeyBehavior.RateLimited(TimeSpan.FromHours(1), Model: Model));
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [LimitedKey, GoodKey]);
        using var recorded = new InstrumentRecorder(proxy.GetService<IMeterFactory>());

        // Round robin over two keys: one of the first two requests meets the rate-limited key and moves to the good one.
        for (var i = 0; i < 3; i++)
        {
            upstream.Script(Answer);
            using var response = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, $"v1beta/models/{Model}:generateContent", Body));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var chat = proxy.Request(HttpMethod.Post, "v1/chat/completions", $$"""{"model":"{{Model}}","stream":true,"messages":[{"role":"user","content":"hi"}]}""");
        chat.Headers.Authorization = new("Bearer", ProxyHost.ClientToken);
        using (var streamed = await proxy.Client.SendAsync(chat))
        {
            Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
            await streamed.Content.ReadAsStringAsync();
        }

        using (var unknown = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, "v1beta/models/gemini-9-made-up:generateContent", Body)))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        // Requests, by surface, model and status class; the made-up model is no tag value of its own.
        Assert.Equal(3, recorded.Sum("geminibalance.requests", ("surface", "gemini"), ("model", Model), ("status_class", "2xx")));
        Assert.Equal(1, recorded.Sum("geminibalance.requests", ("surface", "openai"), ("model", Model), ("status_class", "2xx")));
        Assert.Equal(1, recorded.Sum("geminibalance.requests", ("surface", "gemini"), ("model", ModelTags.Other), ("status_class", "4xx")));
        Assert.Equal(5, recorded.Of("geminibalance.request.duration").Count());
        Assert.All(recorded.Of("geminibalance.request.duration"), duration => Assert.InRange(duration.Value, 0, 60));
        var firstBytes = recorded.Of("geminibalance.request.time_to_first_byte").ToList();
        Assert.Equal(5, firstBytes.Count);
        Assert.All(firstBytes, firstByte => Assert.InRange(firstByte.Value, 0, 60));

        // Attempts and retries: one rate-limited attempt, retried on the good key.
        Assert.Equal(1, recorded.Sum("geminibalance.upstream.attempts", ("model", Model), ("outcome", "rate_limited")));
        Assert.Equal(4, recorded.Sum("geminibalance.upstream.attempts", ("model", Model), ("outcome", "success")));
        Assert.Equal(1, recorded.Sum("geminibalance.upstream.attempts", ("outcome", "client_error")));
        Assert.Equal(1, recorded.Sum("geminibalance.upstream.retries", ("model", Model)));

        // Tokens, from the three scripted answers (the stream's echo reports its own).
        Assert.True(recorded.Sum("geminibalance.tokens", ("model", Model), ("kind", "prompt")) >= 30);
        Assert.True(recorded.Sum("geminibalance.tokens", ("model", Model), ("kind", "output")) >= 15);
        Assert.Equal(9, recorded.Sum("geminibalance.tokens", ("model", Model), ("kind", "thinking")));
        Assert.Equal(12, recorded.Sum("geminibalance.tokens", ("model", Model), ("kind", "cached")));

        // Key states, observed from the pool.
        recorded.Observe();
        Assert.Equal(1, recorded.Last("geminibalance.keys", ("state", "active")));
        Assert.Equal(1, recorded.Last("geminibalance.keys", ("state", "cooling")));
        Assert.Equal(0, recorded.Last("geminibalance.keys", ("state", "invalid")));

        // Background writers: rows queued, then written (the writer's own 5 s round may already have taken some); a full queue drops.
        Assert.True(recorded.Last("geminibalance.writer.queued", ("writer", MetricTags.RequestLog)) + recorded.Sum("geminibalance.writer.written", ("writer", MetricTags.RequestLog)) >= 5);
        await proxy.GetService<UsageLogWriter>().WriteOnceAsync(CancellationToken.None);
        await proxy.GetService<UsageFlusher>().WriteOnceAsync(CancellationToken.None);
        Assert.True(recorded.Sum("geminibalance.writer.written", ("writer", MetricTags.RequestLog)) >= 5);
        Assert.True(recorded.Sum("geminibalance.writer.written", ("writer", MetricTags.ErrorLog)) >= 2);
        Assert.True(recorded.Sum("geminibalance.writer.written", ("writer", MetricTags.Usage)) >= 1);
        var requestLog = proxy.GetService<LogQueue<RequestLogEntry>>();
        var row = new RequestLogEntry(DateTimeOffset.UtcNow, "", Errors.ApiProtocol.Gemini, "/", Model, 200, 1, 1, null, null);
        for (var i = 0; i <= LogQueue<RequestLogEntry>.Capacity; i++)
        {
            requestLog.Add(row);
        }

        recorded.Observe();
        Assert.Equal(1, recorded.Last("geminibalance.writer.dropped", ("writer", MetricTags.RequestLog)));
        Assert.Equal(LogQueue<RequestLogEntry>.Capacity, recorded.Last("geminibalance.writer.queued", ("writer", MetricTags.RequestLog)));

        // Client-key refusals, as the client-key limits report them.
        proxy.GetService<ProxyMetrics>().ClientRefused("rate_limit_exceeded");
        Assert.Equal(1, recorded.Sum("geminibalance.client.refusals", ("reason", "rate_limit_exceeded")));

        // No tag value is a key, a key id or the client token.
        string[] secrets = [GoodKey, LimitedKey, PoolKey.From(GoodKey).Id, PoolKey.From(LimitedKey).Id, ProxyHost.ClientToken];
        Assert.All(recorded.Measurements.SelectMany(measurement => measurement.Tags.Values), value => Assert.DoesNotContain(value, secrets));
    }
}
