using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Integration;

/// <summary>
/// The Anthropic Messages surface driven by the official Anthropic TypeScript SDK (@anthropic-ai/sdk, pinned in
/// package.json), and by raw HTTP where the wire itself is the point.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class AnthropicMessagesTests(AzuriteFixture storage)
{
    private const string Model = "gemini-2.5-flash";
    private const string PoolKey = "pool-key-secret-AIzaSyAnthropic";

    [Fact]
    public async Task AnthropicSdkHoldsAToolUsingThinkingStreamedConversation()
    {
        await using var upstream = await StartUpstreamAsync();
        upstream.StreamChunkCount = 3;
        upstream.Script("""{"candidates":[{"content":{"parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"Y2FsbC1zaWc="}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":5,"thoughtsTokenCount":7,"totalTokenCount":24}}""");
        upstream.Script("""{"candidates":[{"content":{"parts":[{"text":"It is sunny in Paris."}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":20,"candidatesTokenCount":6,"totalTokenCount":26}}""");
        upstream.Script(
            """{"candidates":[{"content":{"parts":[{"text":"Weighing it","thought":true}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":0,"thoughtsTokenCount":9,"totalTokenCount":13}}""",
            """{"candidates":[{"content":{"parts":[{"text":" up.","thought":true}],"role":"model"},"index":0}]}""",
            """{"candidates":[{"content":{"parts":[{"text":"Done","thoughtSignature":"dGV4dC1zaWc="}],"role":"model"},"index":0}]}""",
            """{"candidates":[{"content":{"parts":[{"text":" thinking."}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":3,"thoughtsTokenCount":9,"cachedContentTokenCount":2,"totalTokenCount":16}}""");
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var output = JsonDocument.Parse(await NodeScript.RunAsync("anthropic-sdk.mjs", proxy.BaseUrl.ToString().TrimEnd('/'), ProxyHost.ClientToken));
        var result = output.RootElement;

        // The tool call: a thinking block carries the call's signature, then the tool_use with an id that names the function.
        var toolCall = result.GetProperty("toolCall");
        Assert.Equal("tool_use", toolCall.GetProperty("stop_reason").GetString());
        var blocks = toolCall.GetProperty("content");
        Assert.Equal(["thinking", "tool_use"], blocks.EnumerateArray().Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("Y2FsbC1zaWc=", blocks[0].GetProperty("signature").GetString());
        Assert.Equal("", blocks[0].GetProperty("thinking").GetString());
        Assert.Equal("Paris", blocks[1].GetProperty("input").GetProperty("city").GetString());
        Assert.EndsWith("_get_weather", blocks[1].GetProperty("id").GetString());
        Assert.Equal("It is sunny in Paris.", result.GetProperty("toolAnswer").GetString());

        // What went upstream for the answer: the call with its signature back in place, the result under the call's name.
        var second = JsonNode.Parse(upstream.Requests[1].Body)!;
        Assert.Equal(
            """[{"role":"user","parts":[{"text":"Weather in Paris?"}]},{"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"Y2FsbC1zaWc="}]},{"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"result":"sunny, 21 C"}}}]}]""",
            second["contents"]!.ToJsonString());
        var first = JsonNode.Parse(upstream.Requests[0].Body)!;
        Assert.Equal("ANY", first["toolConfig"]!["functionCallingConfig"]!["mode"]!.GetValue<string>());
        Assert.Null(first["tools"]![0]!["functionDeclarations"]![0]!["parameters"]!["additionalProperties"]);

        // The thinking stream, as the SDK assembled it.
        var thinking = result.GetProperty("thinking");
        Assert.Equal(
            """[{"type":"thinking","thinking":"Weighing it up.","signature":"dGV4dC1zaWc="},{"type":"text","text":"Done thinking."}]""",
            JsonNode.Parse(thinking.GetProperty("content").GetRawText())!.ToJsonString().Replace(",\"citations\":null", ""));
        Assert.Equal("end_turn", thinking.GetProperty("stop_reason").GetString());
        Assert.Equal(12, thinking.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.Equal(2, thinking.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal(2, thinking.GetProperty("usage").GetProperty("cache_read_input_tokens").GetInt32());
        // The SDK passes on every event but ping (the raw-HTTP tests see that one).
        Assert.Equal(
            ["message_start", "content_block_start", "content_block_delta", "content_block_delta", "content_block_delta", "content_block_stop",
             "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
            result.GetProperty("thinkingEvents").EnumerateArray().Select(e => e.GetString()));
        var thinkingConfig = JsonNode.Parse(upstream.Requests[2].Body)!["generationConfig"]!["thinkingConfig"]!;
        Assert.Equal("""{"thinkingBudget":2048,"includeThoughts":true}""", thinkingConfig.ToJsonString());

        // Plain and streamed echoes, token counting and a stranger.
        var plain = result.GetProperty("plain");
        Assert.Equal("echo: hello from the sdk", plain.GetProperty("text").GetString());
        Assert.Equal(Model, plain.GetProperty("model").GetString());
        Assert.StartsWith("msg_", plain.GetProperty("id").GetString());
        Assert.Equal("end_turn", plain.GetProperty("stop_reason").GetString());
        Assert.True(plain.GetProperty("usage").GetProperty("input_tokens").GetInt32() > 0);
        var plainRequest = JsonNode.Parse(upstream.Requests[3].Body)!;
        Assert.Equal("Be brief.", plainRequest["systemInstruction"]!["parts"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(64, plainRequest["generationConfig"]!["maxOutputTokens"]!.GetValue<int>());
        Assert.Equal(["chunk 0 ", "chunk 1 ", "chunk 2 "], result.GetProperty("textDeltas").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("chunk 0 chunk 1 chunk 2 ", result.GetProperty("streamed").GetProperty("text").GetString());
        Assert.Equal(6, result.GetProperty("streamed").GetProperty("output_tokens").GetInt32());
        Assert.Equal(3, result.GetProperty("countTokens").GetInt32());
        Assert.Equal(401, result.GetProperty("wrongToken").GetProperty("status").GetInt32());
        Assert.Equal("authentication_error", result.GetProperty("wrongToken").GetProperty("type").GetString());

        Assert.Equal(6, upstream.Requests.Count);
        Assert.Equal($"/v1beta/models/{Model}:countTokens", upstream.Requests[5].Path);
        Assert.All(upstream.Requests, request =>
        {
            Assert.Equal(PoolKey, request.Key);
            Assert.DoesNotContain(ProxyHost.ClientToken, request.Headers.Values);
            Assert.DoesNotContain("anthropic-version", request.Headers.Keys, StringComparer.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task KeyFailingMidStreamEndsWithAnErrorEventAndIsNeverReplayed()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("dies", new KeyBehavior.DiesMidStream(AfterElements: 1));
        upstream.SetKey("good", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["dies", "good"]);

        using var response = await PostAsync(proxy, "v1/messages", $$"""{"model":"{{Model}}","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"count"}]}""");
        var events = Events(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["message_start", "ping", "content_block_start", "content_block_delta", "error"], events.Select(e => e.Name));
        Assert.Equal("chunk 0 ", events[3].Data["delta"]!["text"]!.GetValue<string>());
        Assert.Equal("api_error", events[^1].Data["error"]!["type"]!.GetValue<string>());
        Assert.Equal("dies", Assert.Single(upstream.Requests).Key);
    }

    [Fact]
    public async Task StreamThatFailsBeforeItsFirstElementIsRetriedOnAnotherKey()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("dies", new KeyBehavior.DiesMidStream(AfterElements: 0));
        upstream.SetKey("good", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["dies", "good"]);

        using var response = await PostAsync(proxy, "v1/messages", $$"""{"model":"{{Model}}","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"count"}]}""");
        var events = Events(await response.Content.ReadAsStringAsync());

        Assert.Equal("message_start", events[0].Name);
        Assert.Equal("message_stop", events[^1].Name);
        Assert.Single(events, e => e.Name == "message_start");
        Assert.Equal("chunk 0 chunk 1 chunk 2 ", string.Concat(events.Where(e => e.Name == "content_block_delta").Select(e => e.Data["delta"]!["text"]!.GetValue<string>())));
        Assert.Equal(["dies", "good"], upstream.Requests.Select(r => r.Key));
    }

    [Fact]
    public async Task RateLimitOnEveryKeyGets429RateLimitErrorWithRetryAfter()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("a", new KeyBehavior.RateLimited(TimeSpan.FromSeconds(30)));
        upstream.SetKey("b", new KeyBehavior.RateLimited(TimeSpan.FromSeconds(15)));
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["a", "b"]);

        using var response = await PostAsync(proxy, "v1/messages", $$"""{"model":"{{Model}}","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(15), response.Headers.RetryAfter?.Delta);
        var error = await ErrorOf(response);
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        Assert.Contains("quota", error.GetProperty("message").GetString());
        Assert.Equal(2, upstream.Requests.Count);
    }

    [Fact]
    public async Task OverloadedEverywhereGets529OverloadedError()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("a", new KeyBehavior.Unavailable());
        upstream.SetKey("b", new KeyBehavior.Unavailable());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["a", "b"]);

        using var response = await PostAsync(proxy, "v1/messages", $$"""{"model":"{{Model}}","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(529, (int)response.StatusCode);
        Assert.Equal("overloaded_error", (await ErrorOf(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task InvalidKeyEverywhereGets401AuthenticationErrorWithoutTheKeys()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["bad-key-1", "bad-key-2"]);

        using var response = await PostAsync(proxy, "v1/messages", $$"""{"model":"{{Model}}","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("authentication_error", JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.DoesNotContain("bad-key-", text);
        Assert.DoesNotContain(proxy.Logs.Lines, line => line.Contains("bad-key-"));
    }

    [Fact]
    public async Task ImageByUrlOnLoopbackIsRefusedByDefault()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var images = await LoopbackImageServer.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);
        var url = $"http://localhost:{images.ImageUrl.Port}/image.png";

        using var response = await PostAsync(proxy, "v1/messages",
            $$$"""{"model":"{{{Model}}}","max_tokens":64,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"url","url":"{{{url}}}"}},{"type":"text","text":"What is it?"}]}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await ErrorOf(response)).GetProperty("message").GetString();
        Assert.StartsWith("messages[0].content[0].source.url:", message);
        Assert.Contains("not on the public internet", message);
        Assert.Equal(0, images.Requests);
        Assert.Empty(upstream.Requests);
    }

    [Theory]
    [InlineData("v1/messages", "{not json", "not valid JSON")]
    [InlineData("v1/messages", """{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}]}""", "max_tokens: 'max_tokens' is required.")]
    [InlineData("v1/messages", """{"model":"gemini-2.5-flash","max_tokens":9,"messages":[{"role":"user","content":"hi"}],"logprobs":true}""", "logprobs: Extra inputs are not permitted.")]
    [InlineData("v1/messages", """{"model":"gemini-2.5-flash","max_tokens":9,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{}}]},{"role":"user","content":"hi"}]}""", "tool_use ids were found without tool_result blocks")]
    [InlineData("v1/messages/count_tokens", """{"model":"gemini-2.5-flash","messages":[{"role":"user","content":[{"type":"image","source":{"type":"file","file_id":"f"}}]}]}""", "messages[0].content[0].source.file_id: 'f' is not a Gemini file name")]
    public async Task BadRequestGets400InvalidRequestErrorAndNothingGoesUpstream(string path, string body, string message)
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await PostAsync(proxy, path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString());
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task BearerTokenAndBetaHeaderAreAcceptedAndOtherMethodsAnswerInAnthropicShape()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages")
        {
            Content = new StringContent($$"""{"model":"{{Model}}","max_tokens":64,"metadata":{"user_id":"u"},"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", ProxyHost.ClientToken);
        request.Headers.Add("anthropic-beta", "interleaved-thinking-2025-05-14");

        using var response = await proxy.Client.SendAsync(request);
        using var get = await proxy.Client.GetAsync("v1/messages");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("echo: hi", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.DoesNotContain("anthropic-beta", Assert.Single(upstream.Requests).Headers.Keys, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("error", JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString());
    }

    private static async Task<EmulatedGemini> StartUpstreamAsync()
    {
        var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        return upstream;
    }

    private static Task<HttpResponseMessage> PostAsync(ProxyHost proxy, string path, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-api-key", ProxyHost.ClientToken);
        request.Headers.Add("anthropic-version", "2023-06-01");
        return proxy.Client.SendAsync(request);
    }

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response)
    {
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("error", root.GetProperty("type").GetString());
        return root.GetProperty("error").Clone();
    }

    private static List<(string Name, JsonNode Data)> Events(string sse) => NamedSseEvents.Parse(sse);
}
