using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Hosting;
using GeminiBalance.Tests.TestKit;
using GeminiBalance.Translation;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;

namespace GeminiBalance.Tests.Integration;

/// <summary>The OpenAI chat surface driven by the official OpenAI .NET SDK (and raw HTTP where the wire itself is the point).</summary>
[Collection(ProxyCollection.Name)]
public sealed class OpenAiChatTests(AzuriteFixture storage)
{
    private const string Model = "gemini-2.5-flash";
    private const string PoolKey = "pool-key-secret-AIzaSyOpenAi";

    [Theory]
    [InlineData("v1")]
    [InlineData("openai/v1")]
    [InlineData("hf/v1")]
    public async Task PlainChatWorksUnderEveryPrefix(string prefix)
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        ChatCompletion completion = await Client(proxy, prefix).CompleteChatAsync([new SystemChatMessage("Be brief."), new UserChatMessage("hello there")]);

        Assert.Equal("echo: hello there", completion.Content.Single().Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(Model, completion.Model);
        Assert.StartsWith("chatcmpl-", completion.Id);
        Assert.True(completion.Usage.InputTokenCount > 0);
        var sent = Assert.Single(upstream.Requests);
        Assert.Equal($"/v1beta/models/{Model}:generateContent", sent.Path);
        Assert.Equal(PoolKey, sent.Key);
        var body = JsonNode.Parse(sent.Body)!;
        Assert.Equal("Be brief.", body["systemInstruction"]!["parts"]![0]!["text"]!.GetValue<string>());
        Assert.DoesNotContain(ProxyHost.ClientToken, sent.Headers.Values);
    }

    [Fact]
    public async Task StreamedChatArrivesChunkByChunkWithUsage()
    {
        await using var upstream = await StartUpstreamAsync();
        upstream.StreamChunkCount = 3;
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        var text = new StringBuilder();
        var updates = 0;
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in Client(proxy).CompleteChatStreamingAsync([new UserChatMessage("count")], new ChatCompletionOptions()))
        {
            updates++;
            text.Append(string.Concat(update.ContentUpdate.Select(part => part.Text)));
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal("chunk 0 chunk 1 chunk 2 ", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.True(updates >= 5, $"{updates} updates");
        Assert.Equal(6, usage?.OutputTokenCount);
        var sent = Assert.Single(upstream.Requests);
        Assert.Equal($"/v1beta/models/{Model}:streamGenerateContent", sent.Path);
        Assert.Equal("alt=sse", sent.Query);
    }

    [Fact]
    public async Task ToolsRoundTrip()
    {
        await using var upstream = await StartUpstreamAsync();
        upstream.Script("""{"candidates":[{"content":{"parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}}},{"functionCall":{"name":"get_weather","args":{"city":"Rome"}}}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":8,"totalTokenCount":13}}""");
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);
        var client = Client(proxy);
        var tool = ChatTool.CreateFunctionTool("get_weather", "Weather for a city", BinaryData.FromString(
            """{"type":"object","additionalProperties":false,"properties":{"city":{"type":"string"},"unit":{"type":["string","null"],"enum":["C","F"]}},"required":["city","unit"]}"""),
            functionSchemaIsStrict: true);
        var options = new ChatCompletionOptions { Tools = { tool }, ToolChoice = ChatToolChoice.CreateRequiredChoice() };
        List<ChatMessage> messages = [new UserChatMessage("Weather in Paris and Rome?")];

        ChatCompletion calls = await client.CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.ToolCalls, calls.FinishReason);
        Assert.Equal(2, calls.ToolCalls.Count);
        Assert.All(calls.ToolCalls, call => Assert.Equal("get_weather", call.FunctionName));
        Assert.Equal("Rome", JsonDocument.Parse(calls.ToolCalls[1].FunctionArguments).RootElement.GetProperty("city").GetString());
        Assert.NotEqual(calls.ToolCalls[0].Id, calls.ToolCalls[1].Id);

        messages.Add(new AssistantChatMessage(calls));
        messages.Add(new ToolChatMessage(calls.ToolCalls[1].Id, "rainy"));
        messages.Add(new ToolChatMessage(calls.ToolCalls[0].Id, """{"sky":"clear"}"""));
        ChatCompletion answer = await client.CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.Stop, answer.FinishReason);
        var second = JsonNode.Parse(upstream.Requests[1].Body)!;
        var declaration = second["tools"]![0]!["functionDeclarations"]![0]!;
        Assert.Null(declaration["parameters"]!["additionalProperties"]);
        Assert.Equal("ANY", second["toolConfig"]!["functionCallingConfig"]!["mode"]!.GetValue<string>());
        var results = second["contents"]![2]!["parts"]!.AsArray();
        Assert.Equal("user", second["contents"]![2]!["role"]!.GetValue<string>());
        // In the order of the calls, whatever order the results came in; strings wrapped in an object.
        Assert.Equal("""{"name":"get_weather","response":{"sky":"clear"}}""", results[0]!["functionResponse"]!.ToJsonString());
        Assert.Equal("""{"name":"get_weather","response":{"result":"rainy"}}""", results[1]!["functionResponse"]!.ToJsonString());
    }

    [Fact]
    public async Task StreamedToolCallsCarryIndexIdAndWholeArguments()
    {
        await using var upstream = await StartUpstreamAsync();
        upstream.Script(
            """{"candidates":[{"content":{"parts":[{"text":"Let me check."}],"role":"model"},"index":0}]}""",
            """{"candidates":[{"content":{"parts":[{"functionCall":{"name":"lookup","args":{"q":"x"}}},{"functionCall":{"name":"lookup","args":{"q":"y"}}}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":4,"totalTokenCount":7}}""");
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);
        var options = new ChatCompletionOptions { Tools = { ChatTool.CreateFunctionTool("lookup", "", BinaryData.FromString("""{"type":"object","properties":{"q":{"type":"string"}}}""")) } };

        var calls = new SortedDictionary<int, (string Id, string Name, StringBuilder Arguments)>();
        ChatFinishReason? finish = null;
        await foreach (var update in Client(proxy).CompleteChatStreamingAsync([new UserChatMessage("find")], options))
        {
            finish ??= update.FinishReason;
            foreach (var call in update.ToolCallUpdates)
            {
                if (!calls.TryGetValue(call.Index, out var known))
                {
                    known = calls[call.Index] = (call.ToolCallId, call.FunctionName, new StringBuilder());
                }

                known.Arguments.Append(call.FunctionArgumentsUpdate?.ToString());
            }
        }

        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.Equal([0, 1], calls.Keys);
        Assert.All(calls.Values, call => Assert.Equal("lookup", call.Name));
        Assert.Equal("""{"q":"y"}""", calls[1].Arguments.ToString());
        Assert.NotEqual(calls[0].Id, calls[1].Id);
    }

    [Fact]
    public async Task ImagesInByDataUrlAndByHttpUrlWhenLoopbackIsAllowed()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var images = await LoopbackImageServer.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey], services: services =>
            services.AddSingleton(provider => new ImageUrlDownloader(provider.GetRequiredService<ProxyOptions>(), allowNonPublicHosts: true)));

        ChatCompletion completion = await Client(proxy).CompleteChatAsync([new UserChatMessage(
            ChatMessageContentPart.CreateTextPart("Describe"),
            ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes([1, 2, 3]), "image/jpeg"),
            ChatMessageContentPart.CreateImagePart(images.ImageUrl))]);

        Assert.Equal("echo: Describe", completion.Content.Single().Text);
        Assert.Equal(1, images.Requests);
        var parts = JsonNode.Parse(Assert.Single(upstream.Requests).Body)!["contents"]![0]!["parts"]!.AsArray();
        Assert.Equal("""{"mimeType":"image/jpeg","data":"AQID"}""", parts[1]!["inlineData"]!.ToJsonString());
        Assert.Equal("image/png", parts[2]!["inlineData"]!["mimeType"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String(LoopbackImageServer.Png), parts[2]!["inlineData"]!["data"]!.GetValue<string>());
    }

    [Fact]
    public async Task ImageUrlOnLoopbackIsRefusedByDefault()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var images = await LoopbackImageServer.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);
        // "localhost" resolves to loopback: the check is on the resolved address, not on the name.
        var url = $"http://localhost:{images.ImageUrl.Port}/image.png";

        using var response = await PostAsync(proxy, $$$"""{"model":"{{{Model}}}","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"{{{url}}}"}}]}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("messages[0].content[0].image_url.url", error.GetProperty("param").GetString());
        Assert.Contains("not on the public internet", error.GetProperty("message").GetString());
        Assert.Equal(0, images.Requests);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task JsonSchemaResponseFormatReachesGeminiAsAnAcceptedSchema()
    {
        await using var upstream = await StartUpstreamAsync();
        upstream.Script("""{"candidates":[{"content":{"parts":[{"text":"{\"name\":\"Ada\",\"age\":36}"}],"role":"model"},"finishReason":"STOP","index":0}]}""");
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);
        var options = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("person", BinaryData.FromString(
                """{"type":"object","additionalProperties":false,"properties":{"name":{"type":"string"},"age":{"type":["integer","null"]}},"required":["name","age"]}"""),
                jsonSchemaIsStrict: true),
        };

        ChatCompletion completion = await Client(proxy).CompleteChatAsync([new UserChatMessage("A person")], options);

        Assert.Equal("Ada", JsonDocument.Parse(completion.Content.Single().Text).RootElement.GetProperty("name").GetString());
        var config = JsonNode.Parse(Assert.Single(upstream.Requests).Body)!["generationConfig"]!;
        Assert.Equal("application/json", config["responseMimeType"]!.GetValue<string>());
        Assert.Equal("INTEGER", config["responseSchema"]!["properties"]!["age"]!["type"]!.GetValue<string>());
        Assert.True(config["responseSchema"]!["properties"]!["age"]!["nullable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task WrongTokenGets401InOpenAiShape()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);
        var client = new ChatClient(Model, new ApiKeyCredential("wrong-token"), Options(proxy, "v1"));

        var exception = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(401, exception.Status);
        var error = JsonDocument.Parse(exception.GetRawResponse()!.Content.ToString()).RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task KeyFailingMidStreamEndsWithAnErrorEventAndDoneAndIsNeverReplayed()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("dies", new KeyBehavior.DiesMidStream(AfterElements: 1));
        upstream.SetKey("good", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["dies", "good"]);

        using var response = await PostAsync(proxy, $$"""{"model":"{{Model}}","stream":true,"messages":[{"role":"user","content":"count"}]}""");
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("data: [DONE]", events[^1]);
        var error = JsonDocument.Parse(events[^2]["data: ".Length..]).RootElement.GetProperty("error");
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        var content = string.Concat(events[..^2].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.GetProperty("choices")[0].GetProperty("delta"))
            .Where(delta => delta.TryGetProperty("content", out _)).Select(delta => delta.GetProperty("content").GetString()));
        Assert.Equal("chunk 0 ", content);
        Assert.Equal("dies", Assert.Single(upstream.Requests).Key);
    }

    [Fact]
    public async Task StreamThatFailsBeforeItsFirstElementIsRetriedOnAnotherKey()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("dies", new KeyBehavior.DiesMidStream(AfterElements: 0));
        upstream.SetKey("good", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["dies", "good"]);

        var text = new StringBuilder();
        await foreach (var update in Client(proxy).CompleteChatStreamingAsync([new UserChatMessage("count")]))
        {
            text.Append(string.Concat(update.ContentUpdate.Select(part => part.Text)));
        }

        Assert.Equal("chunk 0 chunk 1 chunk 2 ", text.ToString());
        Assert.Equal(["dies", "good"], upstream.Requests.Select(r => r.Key));
    }

    [Fact]
    public async Task RateLimitOnEveryKeyGets429WithRetryAfterInOpenAiShape()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("a", new KeyBehavior.RateLimited(TimeSpan.FromSeconds(30)));
        upstream.SetKey("b", new KeyBehavior.RateLimited(TimeSpan.FromSeconds(15)));
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["a", "b"]);

        using var response = await PostAsync(proxy, $$"""{"model":"{{Model}}","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(15), response.Headers.RetryAfter?.Delta);
        var error = await ErrorOf(response);
        Assert.Equal("rate_limit_exceeded", error.GetProperty("type").GetString());
        Assert.Contains("quota", error.GetProperty("message").GetString());
        Assert.Equal(2, upstream.Requests.Count);
    }

    [Fact]
    public async Task InvalidKeyEverywhereGets401NotGoogles400()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["bad-1", "bad-2"]);

        using var response = await PostAsync(proxy, $$"""{"model":"{{Model}}","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", (await ErrorOf(response)).GetProperty("code").GetString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("bad-1", text);
        Assert.DoesNotContain(proxy.Logs.Lines, line => line.Contains("bad-1") || line.Contains("bad-2"));
    }

    [Fact]
    public async Task UnknownModelGets404ModelNotFound()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await PostAsync(proxy, """{"model":"gemini-9-imaginary","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("model_not_found", (await ErrorOf(response)).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("{not json", null)]
    [InlineData("""{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}],"logprobs":true}""", "logprobs")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}],"n":0}""", "n")]
    public async Task BadRequestGets400WithParamAndNothingGoesUpstream(string body, string? param)
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await PostAsync(proxy, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Empty(upstream.Requests);
    }

    private static async Task<EmulatedGemini> StartUpstreamAsync()
    {
        var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        return upstream;
    }

    private static ChatClient Client(ProxyHost proxy, string prefix = "v1") =>
        new(Model, new ApiKeyCredential(ProxyHost.ClientToken), Options(proxy, prefix));

    // No SDK retries: the proxy's own retries are what is under test.
    private static OpenAIClientOptions Options(ProxyHost proxy, string prefix) =>
        new() { Endpoint = new Uri(proxy.BaseUrl, prefix), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };

    [Fact]
    public async Task TheClientsOwnHeadersDoNotGoUpstreamWithATranslatedRequest()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent($$"""{"model":"{{Model}}","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "text/plain"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ProxyHost.ClientToken);
        request.Headers.Accept.ParseAdd("application/octet-stream");
        request.Headers.Add("X-Stainless-Lang", "js");

        using var response = await proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(upstream.Requests).Headers;
        Assert.False(sent.ContainsKey("X-Stainless-Lang"));
        Assert.False(sent.TryGetValue("Accept", out var accept) && accept.Contains("octet-stream", StringComparison.Ordinal));
        Assert.StartsWith("application/json", sent["Content-Type"], StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PostAsync(ProxyHost proxy, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ProxyHost.ClientToken);
        return proxy.Client.SendAsync(request);
    }

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").Clone();
}
