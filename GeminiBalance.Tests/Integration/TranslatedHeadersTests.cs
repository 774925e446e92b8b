using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Integration;

/// <summary>
/// A translated call is the proxy's own request, so the client's headers (its SDK's, its Accept, its protocol's version
/// headers) never reach Google: what the emulated upstream receives carries only the proxy's own headers. The native
/// surface, by contrast, passes the client's headers on.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class TranslatedHeadersTests(AzuriteFixture storage)
{
    private const string PoolKey = "pool-key-headers";

    // What HttpClient writes for any request with a JSON body, and the pool key: nothing else is the proxy's own.
    private static readonly string[] ProxyOwnHeaders = ["Host", "Content-Type", "Content-Length", "x-goog-api-key"];

    // Sent by the client with every request below, as SDKs send such headers.
    private static readonly (string Name, string Value)[] ClientOwnHeaders =
    [
        ("User-Agent", "OpenAI/Python 1.99.0"),
        ("X-Stainless-Lang", "python"),
        ("OpenAI-Beta", "assistants=v2"),
        ("anthropic-version", "2023-06-01"),
        ("Accept", "text/event-stream"),
        ("Accept-Language", "fr-FR"),
        ("X-Sdk-Trace", "trace-from-the-client"),
    ];

    public static TheoryData<string, string, string?> TranslatedSurfaces => new()
    {
        { "OpenAI chat", "v1/chat/completions", """{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}]}""" },
        { "OpenAI chat stream", "v1/chat/completions", """{"model":"gemini-2.5-flash","stream":true,"messages":[{"role":"user","content":"hi"}]}""" },
        { "Responses", "v1/responses", """{"model":"gemini-2.5-flash","input":"hi","store":false}""" },
        { "Responses stream", "v1/responses", """{"model":"gemini-2.5-flash","input":"hi","store":false,"stream":true}""" },
        { "Anthropic messages", "v1/messages", """{"model":"gemini-2.5-flash","max_tokens":32,"messages":[{"role":"user","content":"hi"}]}""" },
        { "Anthropic messages stream", "v1/messages", """{"model":"gemini-2.5-flash","max_tokens":32,"stream":true,"messages":[{"role":"user","content":"hi"}]}""" },
        { "Anthropic count_tokens", "v1/messages/count_tokens", """{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}]}""" },
        { "OpenAI embeddings", "v1/embeddings", """{"model":"gemini-embedding-001","input":["one","two"]}""" },
        { "OpenAI images", "v1/images/generations", """{"prompt":"a lighthouse","response_format":"b64_json"}""" },
        { "OpenAI speech", "v1/audio/speech", """{"model":"gemini-2.5-flash-preview-tts","input":"two words","voice":"Puck","response_format":"wav"}""" },
        { "OpenAI model list", "v1/models", null },
        { "OpenAI model", "v1/models/gemini-2.5-flash", null },
    };

    [Theory]
    [MemberData(nameof(TranslatedSurfaces))]
    public async Task TranslatedCallsCarryOnlyTheProxysOwnHeadersUpstream(string surface, string path, string? body)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);
        using var request = WithClientHeaders(OpenAiSdk.Request(body is null ? HttpMethod.Get : HttpMethod.Post, path, body));
        if (path.StartsWith("v1/messages", StringComparison.Ordinal))
        {
            request.Headers.Authorization = null;
            request.Headers.Add("x-api-key", ProxyHost.ClientToken);
        }

        using var response = await proxy.Client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{surface}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.NotEmpty(upstream.Requests);
        foreach (var received in upstream.Requests)
        {
            Assert.All(received.Headers.Keys, name => Assert.True(
                ProxyOwnHeaders.Contains(name, StringComparer.OrdinalIgnoreCase), $"{surface}: the upstream received the client's header {name}"));
            Assert.Equal(PoolKey, received.Headers["x-goog-api-key"]);
            if (received.Headers.TryGetValue("Content-Type", out var contentType))
            {
                Assert.Equal("application/json", contentType);
            }
        }
    }

    [Fact]
    public async Task NativeCallsPassTheClientsOwnHeadersOn()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);
        using var request = WithClientHeaders(proxy.Request(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:generateContent", """{"contents":[{"parts":[{"text":"hi"}]}]}"""));

        using var response = await proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(upstream.Requests);
        Assert.Equal("trace-from-the-client", received.Headers["X-Sdk-Trace"]);
        Assert.Equal("OpenAI/Python 1.99.0", received.Headers["User-Agent"]);
        Assert.Equal(PoolKey, received.Headers["x-goog-api-key"]);
    }

    private static HttpRequestMessage WithClientHeaders(HttpRequestMessage request)
    {
        foreach (var (name, value) in ClientOwnHeaders)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (request.Content is not null)
        {
            // A client's own content type, parameters and all: the proxy's JSON is described by its own.
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
        }

        return request;
    }
}
