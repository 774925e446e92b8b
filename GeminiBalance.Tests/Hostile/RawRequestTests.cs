using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiBalance.Tests.Hostile;

/// <summary>
/// What only a raw socket can send: header injection, oversized headers, a Content-Length that lies, a chunked body
/// that never ends, slowloris. Kestrel's limits are shortened (2 s for headers, a 2 s grace for a body's data rate) so
/// each bound is measured in seconds: every answer is a 4xx or the connection is closed within the limit, never a 5xx.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class RawRequestTests(AzuriteFixture storage)
{
    private const string Generate = "/v1beta/models/gemini-2.5-flash:generateContent";
    private const string Body = """{"contents":[{"parts":[{"text":"hi"}]}]}""";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    // The limit, plus Kestrel's once-a-second heartbeat that checks it, plus slack for a busy machine.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task ABareLineFeedOrCarriageReturnInAHeaderNeverReachesUpstream()
    {
        await using var setup = await StartAsync();
        foreach (var header in new[] { "x-goog-api-key: a\nX-Injected: 1", "x-goog-api-key: a\rX-Injected: 1", "X-Odd: \u0000" })
        {
            await using var raw = await RawHttp.ConnectAsync(setup.Proxy.BaseUrl);
            await raw.SendAsync($"POST {Generate} HTTP/1.1\r\nHost: x\r\n{header}\r\nContent-Length: {Body.Length}\r\n\r\n{Body}");
            var answer = await raw.ReadAsync(Bound);

            // Kestrel takes a bare LF as a line end (so the "injected" line is just another header, and the token "a" a
            // wrong one: 401), and refuses a bare CR or a NUL: 400. Either way nothing goes upstream.
            Assert.InRange(answer.Status, 400, 401);
            Assert.True(answer.Status == 400 || HostileCorpusTests.InShape(HostileProtocol.Gemini, 401, answer.Body), answer.Text);
        }

        Assert.Empty(setup.Upstream.Requests);
    }

    [Fact]
    public async Task AnEncodedLineBreakInThePathOrQueryNeverBecomesAHeader()
    {
        await using var setup = await StartAsync();
        foreach (var target in new[] { "/v1beta/models/a%0D%0AX-Injected:%201:generateContent", $"{Generate}?alt=sse%0D%0AX-Injected:%201", "/v1/models/a%0AX-Injected:%201" })
        {
            await using var raw = await RawHttp.ConnectAsync(setup.Proxy.BaseUrl);
            await raw.SendAsync($"POST {target} HTTP/1.1\r\nHost: x\r\nx-goog-api-key: {ProxyHost.ClientToken}\r\nContent-Type: application/json\r\nContent-Length: {Body.Length}\r\n\r\n{Body}");
            var answer = await raw.ReadAsync(Bound);

            Assert.InRange(answer.Status, 200, 499);
            Assert.DoesNotContain("X-Injected", answer.Headers, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain(setup.Upstream.Requests, request => request.Headers.ContainsKey("X-Injected"));
    }

    [Theory]
    [InlineData(1, 100_000)]
    [InlineData(2_000, 10)]
    public async Task OversizedHeadersGet431(int count, int length)
    {
        await using var setup = await StartAsync();
        await using var raw = await RawHttp.ConnectAsync(setup.Proxy.BaseUrl);
        var headers = string.Concat(Enumerable.Range(0, count).Select(i => $"X-Big-{i}: {new string('a', length)}\r\n"));
        await raw.SendAsync($"GET /v1beta/models HTTP/1.1\r\nHost: x\r\nx-goog-api-key: {ProxyHost.ClientToken}\r\n{headers}\r\n");
        var answer = await raw.ReadAsync(Bound);

        Assert.Equal(431, answer.Status);
    }

    [Fact]
    public async Task AContentLengthLongerThanTheBodyEndsWithinTheDataRateLimit()
    {
        await using var setup = await StartAsync();
        await using var raw = await RawHttp.ConnectAsync(setup.Proxy.BaseUrl);
        await raw.SendAsync($"POST {Generate} HTTP/1.1\r\nHost: x\r\nx-goog-api-key: {ProxyHost.ClientToken}\r\nContent-Length: 100000\r\n\r\n{Body}");
        var answer = await raw.ReadAsync(Bound);

        Assert.True(answer.Closed || answer.Status is >= 400 and < 500, $"After {answer.Elapsed}: {answer.Text}");
        Assert.NotInRange(answer.Status, 500, 599);
        Assert.Empty(setup.Upstream.Requests);
    }

    [Fact]
    public async Task AContentLengthShorterThanTheBodyIsReadAsWrittenAndTheRestRefused()
    {
        await using var setup = await StartAsync();
        await using var raw = await RawHttp.ConnectAsync(setup.Proxy.BaseUrl);
        await raw.SendAsync($"POST {Generate} HTTP/1.1\r\nHost: x\r\nx-goog-api-key: {ProxyHost.ClientToken}\r\nContent-Length: 5\r\n\r\n{Body}");
        var answer = await raw.ReadAsync(Bound);

        Assert.InRange(answer.Status, 400, 499);
    }

    [Fact]
    public async Task BothContentLengthAndChunkedIsRefusedOrReadAsChunked()
    {
        await using var setup = await StartAsync();
        await using var raw = await RawHttp.ConnectAsync(setup.Proxy.BaseUrl);
        await raw.SendAsync($"POST {Generate} HTTP/1.1\r\nHost: x\r\nx-goog-api-key: {ProxyHost.ClientToken}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n{Body.Length:x}\r\n{Body}\r\n0\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        var answer = await raw.ReadAsync(Bound);

        Assert.InRange(answer.Status, 200, 499);
    }

    [Fact]
    public async Task AnInvalidChunkSizeGets400()
    {
        await using var setup = await StartAsync();
        await using var raw = await RawHttp.ConnectAsync(setup.Proxy.BaseUrl);
        await raw.SendAsync($"POST {Generate} HTTP/1.1\r\nHost: x\r\nx-goog-api-key: {ProxyHost.ClientToken}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{Body}\r\n0\r\n\r\n");
        var answer = await raw.ReadAsync(Bound);

        Assert.Equal(400, answer.Status);
        Assert.Empty(setup.Upstream.Requests);
    }

    [Fact]
    public async Task AChunkedBodyThatNeverEndsIsCutOffWithinTheDataRateLimit()
    {
        await using var setup = await StartAsync();
        await using var raw = await RawHttp.ConnectAsync(setup.Proxy.BaseUrl);
        await raw.SendAsync($"POST {Generate} HTTP/1.1\r\nHost: x\r\nx-goog-api-key: {ProxyHost.ClientToken}\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{{\r\n");
        using var stop = new CancellationTokenSource(Bound);
        // A byte-sized chunk every 300 ms: far under Kestrel's minimum data rate, and never the last chunk.
        var trickle = raw.TrickleAsync(string.Concat(Enumerable.Repeat("1\r\n \r\n", 1000)), TimeSpan.FromMilliseconds(300), stop.Token);
        var answer = await raw.ReadAsync(Bound);
        await stop.CancelAsync();
        await trickle.ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.True(answer.Closed || answer.Status is >= 400 and < 500, $"After {answer.Elapsed}: {answer.Text}");
        Assert.NotInRange(answer.Status, 500, 599);
        Assert.True(answer.Elapsed < Bound, $"Still open after {answer.Elapsed}.");
        Assert.Empty(setup.Upstream.Requests);
    }

    [Fact]
    public async Task SlowlorisHeadersAreCutOffWithinTheHeadersTimeout()
    {
        await using var setup = await StartAsync();
        await using var raw = await RawHttp.ConnectAsync(setup.Proxy.BaseUrl);
        using var stop = new CancellationTokenSource(Bound);
        var trickle = raw.TrickleAsync($"GET /v1beta/models HTTP/1.1\r\nHost: x\r\nx-goog-api-key: {ProxyHost.ClientToken}\r\n" + new string('a', 1000), TimeSpan.FromMilliseconds(200), stop.Token);
        var answer = await raw.ReadAsync(Bound);
        await stop.CancelAsync();
        await trickle.ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.True(answer.Closed || (answer.Status == 408 && answer.Headers.Contains("Connection: close", StringComparison.Ordinal)), $"Still open after {answer.Elapsed}: {answer.Text}");
        Assert.True(answer.Elapsed < Bound, $"Closed only after {answer.Elapsed}.");
        Assert.NotInRange(answer.Status, 500, 599);
    }

    private async Task<Setup> StartAsync()
    {
        var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(HostileCorpusTests.PoolKey, new KeyBehavior.Good());
        var proxy = await ProxyHost.StartAsync(upstream, storage, [HostileCorpusTests.PoolKey], HostileCorpusTests.Settings, services =>
            services.Configure<KestrelServerOptions>(kestrel =>
            {
                kestrel.Limits.RequestHeadersTimeout = Limit;
                kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(240, Limit);
            }));
        return new Setup(upstream, proxy);
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
