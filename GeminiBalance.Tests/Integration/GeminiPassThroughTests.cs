using System.Net;
using System.Text;
using System.Text.Json;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Integration;

[Collection(ProxyCollection.Name)]
public sealed class GeminiPassThroughTests(AzuriteFixture storage)
{
    private const string PoolKey = "pool-key-good";

    [Theory]
    [InlineData("v1beta")]
    [InlineData("v1")]
    [InlineData("gemini/v1beta")]
    public async Task ForwardsTheBodyUnchangedWithAPoolKeyInsteadOfTheClientToken(string prefix)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        // snake_case, odd spacing and field order must all arrive exactly as sent.
        const string body = """{ "generation_config": {"temperature":0.2, "response_mime_type":"text/plain"},"contents":[{"role":"user","parts":[{"text":"hi there"}]}]}""";
        using var response = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, $"{prefix}/models/gemini-2.5-flash:generateContent", body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("echo: hi there", await response.Content.ReadAsStringAsync());
        var received = Assert.Single(upstream.Requests);
        // The client's bytes as sent, with only SAFETY_SETTINGS (the client sent none) added before the closing brace.
        Assert.StartsWith(body[..^1] + ",\"safetySettings\":[{\"category\":\"HARM_CATEGORY_HARASSMENT\",\"threshold\":\"OFF\"}", received.Body, StringComparison.Ordinal);
        Assert.EndsWith("}]}", received.Body, StringComparison.Ordinal);
        Assert.Equal(PoolKey, received.Key);
        var expectedVersion = prefix.EndsWith("v1", StringComparison.Ordinal) ? "/v1/" : "/v1beta/";
        Assert.StartsWith(expectedVersion, received.Path);
        Assert.DoesNotContain(received.Headers, header => header.Value.Contains(ProxyHost.ClientToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChunkedBodyWithoutContentLengthArrivesWhole()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);
        var text = new string('x', 40_000);
        var body = $$$"""{"contents":[{"parts":[{"text":"{{{text}}}"}]}]}""";

        using var request = proxy.Request(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:generateContent");
        request.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;
        using var response = await proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith(body[..^1] + ",\"safetySettings\":", Assert.Single(upstream.Requests).Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1beta/models/gemini-2.5-flash-search:generateContent", "/v1beta/models/gemini-2.5-flash:generateContent")]
    [InlineData("gemini/v1beta/models/gemini-2.5-flash-search:streamGenerateContent?alt=sse", "/v1beta/models/gemini-2.5-flash:streamGenerateContent")]
    public async Task SearchSuffixedModelReachesGoogleUnderItsBaseNameWithTheSearchTool(string path, string upstreamPath)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, path, """{"contents":[{"parts":[{"text":"news"}]}]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(upstream.Requests);
        Assert.Equal(upstreamPath, sent.Path);
        using var body = JsonDocument.Parse(sent.Body);
        Assert.Equal("""[{"googleSearch":{}}]""", body.RootElement.GetProperty("tools").GetRawText());
        Assert.Equal(5, body.RootElement.GetProperty("safetySettings").GetArrayLength());
    }

    [Fact]
    public async Task WithNoRuleToApplyTheBodyArrivesByteForByte()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey], new Dictionary<string, string?> { ["SAFETY_SETTINGS"] = "[]" });
        const string body = """{ "generation_config": {"temperature":0.2},"contents":[{"role":"user","parts":[{"text":"hi there"}]}]}""";
        const string withOwnSafety = """{"contents":[{"parts":[{"text":"x"}]}],"safety_settings":[{"category":"HARM_CATEGORY_HATE_SPEECH","threshold":"BLOCK_ONLY_HIGH"}]}""";

        using var first = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:generateContent", body));
        await using var defaults = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);
        using var second = await defaults.Client.SendAsync(defaults.Request(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:generateContent", withOwnSafety));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(body, upstream.Requests[0].Body);
        // The client's own safety settings win over SAFETY_SETTINGS, and nothing else is touched.
        Assert.Equal(withOwnSafety, upstream.Requests[1].Body);
    }

    [Fact]
    public async Task QueryTokenStaysAtTheProxyWhileOtherQueryParametersGoUpstream()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&key={ProxyHost.ClientToken}")
        {
            Content = new StringContent("""{"contents":[{"parts":[{"text":"x"}]}]}""", Encoding.UTF8, "application/json"),
        };
        using var response = await proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(upstream.Requests);
        Assert.Equal(PoolKey, received.Key);
        Assert.Contains("alt=sse", received.Query);
        Assert.DoesNotContain(ProxyHost.ClientToken, received.Query);
    }

    [Fact]
    public async Task SseStreamIsRelayedByteForByteAndTheFirstEventArrivesWhileUpstreamIsStillProducing()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        upstream.StreamChunkCount = 4;
        upstream.StreamGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await proxy.Client.SendAsync(
            proxy.Request(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", """{"contents":[{"parts":[{"text":"x"}]}]}"""),
            HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync();

        // The upstream is parked on its gate after the first event: reading that event now proves it was not held back.
        // Bounded so that a proxy that buffers the stream fails here instead of hanging.
        var first = await ReadUntilAsync(stream, "\r\n\r\n").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("data: {", first);
        Assert.False(upstream.StreamGate.Task.IsCompleted);

        upstream.StreamGate.SetResult();
        var rest = await new StreamReader(stream).ReadToEndAsync();
        var all = first + rest;
        Assert.Equal(4, all.Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("[DONE]", all);
        Assert.Contains("\"finishReason\":\"STOP\"", rest);
    }

    [Fact]
    public async Task JsonArrayStreamArrivesAsOneValidArray()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        upstream.StreamChunkCount = 5;
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await proxy.Client.SendAsync(
            proxy.Request(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=json", """{"contents":[{"parts":[{"text":"x"}]}]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(5, document.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task ClientThatDisconnectsCancelsTheUpstreamCall()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        upstream.StreamGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        var response = await proxy.Client.SendAsync(
            proxy.Request(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", """{"contents":[{"parts":[{"text":"x"}]}]}"""),
            HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        await ReadUntilAsync(stream, "\r\n\r\n");
        response.Dispose();

        // Bounded only so a regression fails instead of hanging the suite.
        await upstream.StreamAborted.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task StreamThatBreaksAfterTheFirstEventEndsWithAnErrorEventAndIsNeverReplayed()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("dies", new KeyBehavior.DiesMidStream(1));
        upstream.SetKey("spare", new KeyBehavior.Good());
        upstream.StreamChunkCount = 3;
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["dies", "spare"]);

        using var response = await proxy.Client.SendAsync(
            proxy.Request(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", """{"contents":[{"parts":[{"text":"x"}]}]}"""));
        var events = (await response.Content.ReadAsStringAsync()).Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, events.Length);
        Assert.DoesNotContain("\"error\"", events[0]);
        Assert.Contains("\"error\"", events[1]);
        Assert.Equal(["dies"], upstream.Requests.Select(request => request.Key));
    }

    [Fact]
    public async Task StreamThatBreaksBeforeItsFirstEventIsRetriedOnAnotherKey()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("dies", new KeyBehavior.DiesMidStream(0));
        upstream.SetKey("spare", new KeyBehavior.Good());
        upstream.StreamChunkCount = 3;
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["dies", "spare"]);

        using var response = await proxy.Client.SendAsync(
            proxy.Request(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", """{"contents":[{"parts":[{"text":"x"}]}]}"""));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, body.Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("\"error\"", body);
        Assert.Equal(["dies", "spare"], upstream.Requests.Select(request => request.Key));
    }

    [Fact]
    public async Task ModelsListAndGetArePassedThroughWithPaging()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var page = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Get, "v1beta/models?pageSize=2"));
        using var pageJson = JsonDocument.Parse(await page.Content.ReadAsStringAsync());
        Assert.Equal(2, pageJson.RootElement.GetProperty("models").GetArrayLength());
        Assert.True(pageJson.RootElement.TryGetProperty("nextPageToken", out _));

        using var model = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Get, "v1beta/models/gemini-2.5-pro"));
        Assert.Equal(HttpStatusCode.OK, model.StatusCode);
        Assert.Contains("\"models/gemini-2.5-pro\"", await model.Content.ReadAsStringAsync());
    }

    internal static async Task<string> ReadUntilAsync(Stream stream, string terminator)
    {
        var text = new StringBuilder();
        var buffer = new byte[1];
        while (!text.ToString().EndsWith(terminator, StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(buffer) == 0)
            {
                throw new EndOfStreamException($"stream ended before «{terminator}»; got «{text}»");
            }

            text.Append((char)buffer[0]);
        }

        return text.ToString();
    }
}
