using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Integration;

/// <summary>
/// gemini-balance's documented requests, sent as its documentation writes them, each in a test named after its example:
/// a user migrating with those docs in hand must get the answer they describe.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class GeminiBalanceDocExampleTests(AzuriteFixture storage)
{
    private const string PoolKey = "pool-1";

    [Theory]
    [InlineData("v1/audio/speech", """{"model":"tts-1","input":"Hello from the docs","voice":"alloy","speed":1.0}""", "Kore")]
    [InlineData("hf/v1/audio/speech", """{"model":"gemini-2.5-flash-preview-tts","input":"Hello from the docs","voice":"Kore"}""", "Kore")]
    public async Task SpeechExampleWithoutResponseFormatAnswersWav(string path, string json, string geminiVoice)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await proxy.Client.SendAsync(OpenAiSdk.Request(HttpMethod.Post, path, json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("audio/wav", response.Content.Headers.ContentType?.MediaType);
        var audio = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("RIFF", Encoding.ASCII.GetString(audio, 0, 4));
        Assert.Equal("WAVE", Encoding.ASCII.GetString(audio, 8, 4));
        Assert.Equal(audio.Length - 44, BitConverter.ToInt32(audio, 40));
        Assert.True(audio.Length > 44);
        var sent = upstream.Requests.Single();
        Assert.Equal("/v1beta/models/gemini-2.5-flash-preview-tts:generateContent", sent.Path);
        Assert.Contains($"\"voiceName\":\"{geminiVoice}\"", sent.Body);
    }

    [Fact]
    public async Task ChatFullParametersExampleWithEmptyFunctionsAndFunctionCallAutoAnswers()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await proxy.Client.SendAsync(OpenAiSdk.Request(HttpMethod.Post, "v1/chat/completions", """
            {
              "model": "gemini-2.5-flash",
              "messages": [{"role": "system", "content": "You are a helpful assistant."}, {"role": "user", "content": "Hello"}],
              "temperature": 0.7,
              "top_p": 1,
              "n": 1,
              "stream": false,
              "stop": null,
              "max_tokens": 1000,
              "presence_penalty": 0,
              "frequency_penalty": 0,
              "logit_bias": {},
              "user": "user-123",
              "functions": [],
              "function_call": "auto"
            }
            """));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var answer = JsonNode.Parse(text)!;
        Assert.Equal("chat.completion", (string?)answer["object"]);
        Assert.Equal("assistant", (string?)answer["choices"]![0]!["message"]!["role"]);
        Assert.False(string.IsNullOrEmpty((string?)answer["choices"]![0]!["message"]!["content"]));
        // Nothing was declared, so Gemini sees no tools and no tool config.
        using var sent = JsonDocument.Parse(upstream.Requests.Single().Body);
        Assert.False(sent.RootElement.TryGetProperty("tools", out _));
        Assert.False(sent.RootElement.TryGetProperty("toolConfig", out _));
        Assert.False(response.Headers.Contains("x-geminibalance-ignored-fields"));
    }

    [Fact]
    public async Task ChatExampleWithFieldsOpenAiDoesNotDefineIgnoresThemAndNamesThem()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await proxy.Client.SendAsync(OpenAiSdk.Request(HttpMethod.Post, "v1/chat/completions", """
            {"model":"gemini-2.5-flash","messages":[{"role":"user","content":"Hello"}],"repetition_penalty":1.1,"include_reasoning":true,"top_a":0}
            """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("repetition_penalty, include_reasoning, top_a", response.Headers.GetValues("x-geminibalance-ignored-fields").Single());
        Assert.Contains(proxy.Logs.Lines, line => line.StartsWith("Debug ", StringComparison.Ordinal) && line.Contains("repetition_penalty, include_reasoning, top_a", StringComparison.Ordinal));
        var sent = upstream.Requests.Single().Body;
        Assert.DoesNotContain("repetition", sent);
        Assert.DoesNotContain("include_reasoning", sent);
    }

    [Fact]
    public async Task ChatExampleStreamedWithAnUnknownFieldNamesItOnTheStream()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await proxy.Client.SendAsync(OpenAiSdk.Request(HttpMethod.Post, "hf/v1/chat/completions", """
            {"model":"gemini-2.5-flash","messages":[{"role":"user","content":"Hello"}],"stream":true,"repetition_penalty":1.05}
            """), HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("repetition_penalty", response.Headers.GetValues("x-geminibalance-ignored-fields").Single());
        Assert.EndsWith("data: [DONE]", (await response.Content.ReadAsStringAsync()).TrimEnd());
    }

    [Theory]
    [InlineData("v1/embeddings", """{"model":"text-embedding-004","input":"Hello","truncate":true}""", "truncate")]
    [InlineData("v1/audio/speech", """{"model":"tts-1","input":"Hello","voice":"alloy","volume":2}""", "volume")]
    [InlineData("v1/images/generations", """{"prompt":"a cat","model":"imagen-4.0-generate-001","negative_prompt":"dogs","response_format":"b64_json"}""", "negative_prompt")]
    public async Task OtherOpenAiExamplesIgnoreAndNameFieldsOpenAiDoesNotDefine(string path, string json, string ignored)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await proxy.Client.SendAsync(OpenAiSdk.Request(HttpMethod.Post, path, json));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal(ignored, response.Headers.GetValues("x-geminibalance-ignored-fields").Single());
        Assert.DoesNotContain(ignored, upstream.Requests.Single().Body);
    }

    [Theory]
    [InlineData("v1/chat/completions", """{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"Hello"}],"logprobs":true}""", "logprobs")]
    [InlineData("v1/chat/completions", """{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"Hello"}],"functions":[],"function_call":{"name":"f"}}""", "function_call")]
    [InlineData("v1/audio/speech", """{"model":"tts-1","input":"Hello","voice":"alloy","response_format":"opus"}""", "response_format")]
    [InlineData("v1/images/generations", """{"prompt":"a cat","background":"transparent"}""", "background")]
    public async Task FieldsThatWouldChangeTheAnswerAndCannotBeHonouredKeepTheir400(string path, string json, string param)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await proxy.Client.SendAsync(OpenAiSdk.Request(HttpMethod.Post, path, json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(param, body.RootElement.GetProperty("error").GetProperty("param").GetString());
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task NativeStreamExampleWithoutAltIsServerSentEvents()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        upstream.StreamChunkCount = 3;
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await proxy.Client.SendAsync(
            proxy.Request(HttpMethod.Post, "gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent", """{"contents":[{"role":"user","parts":[{"text":"Hello"}]}]}"""),
            HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = (await response.Content.ReadAsStringAsync()).Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, events.Length);
        Assert.All(events, e => Assert.StartsWith("data: {", e, StringComparison.Ordinal));
        Assert.Contains("alt=sse", upstream.Requests.Single().Query);
    }

    [Fact]
    public async Task NativeStreamWithGooglesExplicitAltJsonStillGetsTheJsonArray()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        upstream.StreamChunkCount = 4;
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await proxy.Client.SendAsync(
            proxy.Request(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=json", """{"contents":[{"parts":[{"text":"x"}]}]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(4, document.RootElement.GetArrayLength());
        Assert.DoesNotContain("alt=sse", upstream.Requests.Single().Query);
    }
}
