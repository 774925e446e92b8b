using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Integration;

/// <summary>
/// Keep-alives through an upstream that holds its first token back (a thinking model), on every stream surface, over real
/// HTTP: they arrive before the content, a failure before content still moves to another key within the same stream,
/// and a failure of every key reaches the client as the protocol's error event. Also gemini-balance's fake stream.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class StreamKeepAliveTests(AzuriteFixture storage)
{
    private const string Model = "gemini-2.5-flash";
    private const string SseKeepAlive = ": keep-alive\n\n";
    private const string AnthropicPing = "event: ping\ndata: {\"type\":\"ping\"}\n\n";

    public static TheoryData<string, string, string, string> Surfaces => new()
    {
        // surface, path, body, the keep-alive it gets
        { "native sse", $"v1beta/models/{Model}:streamGenerateContent?alt=sse", """{"contents":[{"parts":[{"text":"count"}]}]}""", SseKeepAlive },
        { "native json array", $"v1beta/models/{Model}:streamGenerateContent?alt=json", """{"contents":[{"parts":[{"text":"count"}]}]}""", "\n" },
        { "openai chat", "v1/chat/completions", $$"""{"model":"{{Model}}","stream":true,"messages":[{"role":"user","content":"count"}]}""", SseKeepAlive },
        { "responses", "v1/responses", $$"""{"model":"{{Model}}","stream":true,"store":false,"input":"count"}""", SseKeepAlive },
        { "anthropic", "v1/messages", $$"""{"model":"{{Model}}","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"count"}]}""", AnthropicPing },
    };

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task KeepAlivesArriveDuringTheSilenceThenTheContent(string surface, string path, string body, string keepAlive)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("k", new KeyBehavior.Good());
        upstream.FirstTokenDelay = TimeSpan.FromSeconds(2.5);
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["k"], new Dictionary<string, string?> { ["STREAM_KEEPALIVE_SECONDS"] = "1" });

        var (status, text) = await StreamAsync(proxy, path, body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(text.StartsWith(keepAlive + keepAlive, StringComparison.Ordinal), $"{surface}: {text}");
        Assert.True(text.IndexOf("chunk 0", StringComparison.Ordinal) > 2 * keepAlive.Length, surface);
        Assert.Contains("chunk 2", text);
        if (surface == "native json array")
        {
            using var array = JsonDocument.Parse(text); // Whitespace keep-alives leave one valid JSON array.
            Assert.Equal(3, array.RootElement.GetArrayLength());
        }
    }

    [Fact]
    public async Task NoKeepAliveWhenTheFirstTokenComesInTime()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("k", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["k"]);

        var (_, text) = await StreamAsync(proxy, $"v1beta/models/{Model}:streamGenerateContent?alt=sse", """{"contents":[{"parts":[{"text":"count"}]}]}""");

        Assert.StartsWith("data: ", text);
        Assert.DoesNotContain("keep-alive", text);
    }

    [Fact]
    public async Task AnAttemptThatFailsAfterKeepAlivesButBeforeContentIsRetriedInTheSameStream()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("dies", new KeyBehavior.DiesMidStream(AfterElements: 0));
        upstream.SetKey("good", new KeyBehavior.Good());
        upstream.FirstTokenDelay = TimeSpan.FromSeconds(1.6);
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["dies", "good"], new Dictionary<string, string?> { ["STREAM_KEEPALIVE_SECONDS"] = "1" });

        var (status, text) = await StreamAsync(proxy, "v1/chat/completions", $$"""{"model":"{{Model}}","stream":true,"messages":[{"role":"user","content":"count"}]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["dies", "good"], upstream.Requests.Select(r => r.Key));
        Assert.StartsWith(SseKeepAlive, text);
        var content = string.Concat(DataEvents(text).TakeWhile(data => data != "[DONE]")
            .Select(data => JsonDocument.Parse(data).RootElement.GetProperty("choices"))
            .Where(choices => choices.GetArrayLength() > 0 && choices[0].GetProperty("delta").TryGetProperty("content", out _))
            .Select(choices => choices[0].GetProperty("delta").GetProperty("content").GetString()));
        Assert.Equal("chunk 0 chunk 1 chunk 2 ", content); // Once: nothing of the failed attempt was replayed.
        Assert.DoesNotContain("error", text);
    }

    [Theory]
    [InlineData("native sse")]
    [InlineData("anthropic")]
    [InlineData("responses")]
    public async Task WhenEveryKeyFailsAfterKeepAlivesTheClientReadsTheProtocolsErrorEvent(string surface)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("first-secret-key", new KeyBehavior.DiesMidStream(AfterElements: 0));
        upstream.SetKey("second-secret-key", new KeyBehavior.DiesMidStream(AfterElements: 0));
        upstream.FirstTokenDelay = TimeSpan.FromSeconds(1.3);
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["first-secret-key", "second-secret-key"], new Dictionary<string, string?> { ["STREAM_KEEPALIVE_SECONDS"] = "1" });
        var (_, path, body, keepAlive) = Surface(surface);

        var (status, text) = await StreamAsync(proxy, path, body);

        Assert.Equal(HttpStatusCode.OK, status); // Sent with the first keep-alive.
        Assert.Equal(2, upstream.Requests.Count);
        Assert.StartsWith(keepAlive, text);
        Assert.DoesNotContain("chunk", text);
        Assert.DoesNotContain(upstream.Requests, r => text.Contains(r.Key!, StringComparison.Ordinal));
        var error = JsonDocument.Parse(DataEvents(text).Last()).RootElement;
        var message = surface switch
        {
            "native sse" => error.GetProperty("error").GetProperty("message").GetString(),
            "anthropic" => error.GetProperty("error").GetProperty("message").GetString(),
            _ => error.GetProperty("message").GetString(),
        };
        Assert.Equal("The upstream Gemini API could not be reached or broke off its answer.", message);
        if (surface == "anthropic")
        {
            Assert.Contains("event: error\n", text);
            Assert.Equal("api_error", error.GetProperty("error").GetProperty("type").GetString());
        }
    }

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task FakeStreamServesAStreamFromOneNonStreamingCallWithKeepAlivesUntilTheAnswer(string surface, string path, string body, string keepAlive)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("k", new KeyBehavior.Slow(TimeSpan.FromSeconds(2.5))); // generateContent answers only when done.
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["k"], new Dictionary<string, string?>
        {
            ["FAKE_STREAM_ENABLED"] = "true",
            ["FAKE_STREAM_EMPTY_DATA_INTERVAL_SECONDS"] = "1",
        });

        var (status, text) = await StreamAsync(proxy, path, body);

        Assert.Equal(HttpStatusCode.OK, status);
        var sent = Assert.Single(upstream.Requests);
        Assert.EndsWith($"/models/{Model}:generateContent", sent.Path);
        Assert.DoesNotContain("alt=", sent.Query ?? "");
        Assert.True(text.StartsWith(keepAlive + keepAlive, StringComparison.Ordinal), $"{surface}: {text}");
        Assert.Contains("echo: count", text); // generateContent's whole answer, in one element.
        Assert.DoesNotContain("chunk 0", text);
        var usage = surface switch
        {
            "native sse" or "native json array" => "usageMetadata",
            "responses" => "input_tokens",
            "anthropic" => "output_tokens",
            _ => null, // Chat sends usage only when stream_options asks for it.
        };
        if (usage is not null)
        {
            Assert.Contains(usage, text);
        }
    }

    private static (string Surface, string Path, string Body, string KeepAlive) Surface(string name)
    {
        foreach (var row in Surfaces)
        {
            if ((string)row[0] == name)
            {
                return (name, (string)row[1], (string)row[2], (string)row[3]);
            }
        }

        throw new ArgumentException(name);
    }

    private static async Task<(HttpStatusCode Status, string Text)> StreamAsync(ProxyHost proxy, string path, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ProxyHost.ClientToken);
        request.Headers.Add("x-goog-api-key", ProxyHost.ClientToken);
        request.Headers.Add("x-api-key", ProxyHost.ClientToken);
        request.Headers.Add("anthropic-version", "2023-06-01");
        using var response = await proxy.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static IEnumerable<string> DataEvents(string text) =>
        text.Split(["\r\n\r\n", "\n\n"], StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(e => e.Split(["\r\n", "\n"], StringSplitOptions.None))
            .Where(line => line.StartsWith("data: ", StringComparison.Ordinal))
            .Select(line => line["data: ".Length..]);
}
