using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using GeminiBalance.Hosting;
using GeminiBalance.Storage;
using GeminiBalance.Tests.TestKit;
using OpenAI.Responses;

#pragma warning disable OPENAI001 // The Responses client is marked experimental in the SDK.

namespace GeminiBalance.Tests.Integration;

/// <summary>The Responses surface driven by the official OpenAI .NET SDK (and raw HTTP where the wire itself is the point).</summary>
[Collection(ProxyCollection.Name)]
public sealed class ResponsesApiTests(AzuriteFixture storage)
{
    private const string Model = "gemini-2.5-flash";
    private const string PoolKey = "pool-key-secret-AIzaSyResponses";
    private const string OtherToken = "another-client-token";

    private static readonly Dictionary<string, string?> TwoTokens = new() { ["ALLOWED_TOKENS"] = $"{ProxyHost.ClientToken},{OtherToken}" };

    private const string TwoCalls =
        """{"candidates":[{"content":{"parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}}},{"functionCall":{"name":"get_weather","args":{"city":"Rome"}}}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":8,"totalTokenCount":13}}""";

    [Theory]
    [InlineData("v1")]
    [InlineData("openai/v1")]
    [InlineData("hf/v1")]
    public async Task PlainResponseWorksUnderEveryPrefix(string prefix)
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);
        var options = new CreateResponseOptions(Model, [ResponseItem.CreateUserMessageItem("hello there")]) { Instructions = "Be brief." };

        ResponseResult response = await Client(proxy, prefix).CreateResponseAsync(options);

        Assert.Equal("echo: hello there", response.GetOutputText());
        Assert.Equal(ResponseStatus.Completed, response.Status);
        Assert.StartsWith("resp_", response.Id);
        Assert.Equal(Model, response.Model);
        Assert.True(response.Usage.InputTokenCount > 0);
        var sent = Assert.Single(upstream.Requests);
        Assert.Equal($"/v1beta/models/{Model}:generateContent", sent.Path);
        Assert.Equal(PoolKey, sent.Key);
        Assert.Equal("Be brief.", JsonNode.Parse(sent.Body)!["systemInstruction"]!["parts"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task StreamedResponseArrivesEventByEventInOrder()
    {
        await using var upstream = await StartUpstreamAsync();
        upstream.StreamChunkCount = 3;
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);
        var options = new CreateResponseOptions(Model, [ResponseItem.CreateUserMessageItem("count")]) { StreamingEnabled = true };

        var updates = new List<StreamingResponseUpdate>();
        await foreach (var update in await Client(proxy).CreateResponseStreamingAsync(options))
        {
            updates.Add(update);
        }

        Assert.IsType<StreamingResponseCreatedUpdate>(updates[0]);
        Assert.IsType<StreamingResponseInProgressUpdate>(updates[1]);
        var completed = Assert.IsType<StreamingResponseCompletedUpdate>(updates[^1]);
        Assert.Equal("chunk 0 chunk 1 chunk 2 ", string.Concat(updates.OfType<StreamingResponseOutputTextDeltaUpdate>().Select(u => u.Delta)));
        Assert.Equal(3, updates.OfType<StreamingResponseOutputTextDeltaUpdate>().Count());
        Assert.Equal("chunk 0 chunk 1 chunk 2 ", completed.Response.GetOutputText());
        Assert.Equal(6, completed.Response.Usage.OutputTokenCount);
        var numbers = updates.Select(u => u.SequenceNumber).ToList();
        Assert.Equal(numbers.Order(), numbers);
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        var sent = Assert.Single(upstream.Requests);
        Assert.Equal($"/v1beta/models/{Model}:streamGenerateContent", sent.Path);
    }

    [Fact]
    public async Task ToolsRoundTripWithFunctionCallOutputsInTheInput()
    {
        await using var upstream = await StartUpstreamAsync();
        upstream.Script(TwoCalls);
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);
        var client = Client(proxy);
        var tool = ResponseTool.CreateFunctionTool("get_weather", BinaryData.FromString(
            """{"type":"object","additionalProperties":false,"properties":{"city":{"type":"string"}},"required":["city"]}"""), strictModeEnabled: true, "Weather for a city");
        List<ResponseItem> input = [ResponseItem.CreateUserMessageItem("Weather in Paris and Rome?")];
        var first = new CreateResponseOptions(Model, input) { Tools = { tool }, ToolChoice = ResponseToolChoice.CreateRequiredChoice(), StoredOutputEnabled = false };

        ResponseResult calls = await client.CreateResponseAsync(first);

        var items = calls.OutputItems.OfType<FunctionCallResponseItem>().ToList();
        Assert.Equal(2, items.Count);
        Assert.All(items, call => Assert.Equal("get_weather", call.FunctionName));
        Assert.Equal("Rome", JsonDocument.Parse(items[1].FunctionArguments).RootElement.GetProperty("city").GetString());
        Assert.NotEqual(items[0].CallId, items[1].CallId);

        input.AddRange(calls.OutputItems);
        input.Add(ResponseItem.CreateFunctionCallOutputItem(items[1].CallId, "rainy"));
        input.Add(ResponseItem.CreateFunctionCallOutputItem(items[0].CallId, """{"sky":"clear"}"""));
        ResponseResult answer = await client.CreateResponseAsync(new CreateResponseOptions(Model, input) { Tools = { tool }, StoredOutputEnabled = false });

        Assert.Equal(ResponseStatus.Completed, answer.Status);
        var second = JsonNode.Parse(upstream.Requests[1].Body)!;
        Assert.Null(second["tools"]![0]!["functionDeclarations"]![0]!["parameters"]!["additionalProperties"]);
        Assert.Equal("model", second["contents"]![1]!["role"]!.GetValue<string>());
        var results = second["contents"]![2]!["parts"]!.AsArray();
        // In the order of the calls, whatever order the outputs came in; strings wrapped in an object.
        Assert.Equal("""{"name":"get_weather","response":{"sky":"clear"}}""", results[0]!["functionResponse"]!.ToJsonString());
        Assert.Equal("""{"name":"get_weather","response":{"result":"rainy"}}""", results[1]!["functionResponse"]!.ToJsonString());
    }

    [Fact]
    public async Task PreviousResponseIdContinuesOnAnotherInstance()
    {
        await using var upstream = await StartUpstreamAsync();
        upstream.Script(TwoCalls);
        await using var instances = await ProxyInstances.StartAsync(2, upstream, storage, [PoolKey]);
        var tool = ResponseTool.CreateFunctionTool("get_weather", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}}}"""), strictModeEnabled: false);

        ResponseResult calls = await Client(instances[0]).CreateResponseAsync(
            new CreateResponseOptions(Model, [ResponseItem.CreateUserMessageItem("Weather in Paris and Rome?")]) { Tools = { tool } });
        var callIds = calls.OutputItems.OfType<FunctionCallResponseItem>().Select(call => call.CallId).ToList();
        ResponseResult answer = await Client(instances[1]).CreateResponseAsync(new CreateResponseOptions(Model,
            [ResponseItem.CreateFunctionCallOutputItem(callIds[0], "sunny"), ResponseItem.CreateFunctionCallOutputItem(callIds[1], "rainy")])
        {
            PreviousResponseId = calls.Id,
            Tools = { tool },
        });

        Assert.Equal(calls.Id, answer.PreviousResponseId);
        var contents = JsonNode.Parse(upstream.Requests[1].Body)!["contents"]!.AsArray();
        Assert.Equal(3, contents.Count);
        Assert.Equal("Weather in Paris and Rome?", contents[0]!["parts"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("Rome", contents[1]!["parts"]![1]!["functionCall"]!["args"]!["city"]!.GetValue<string>());
        Assert.Equal("""{"name":"get_weather","response":{"result":"sunny"}}""", contents[2]!["parts"]![0]!["functionResponse"]!.ToJsonString());

        // And on: the second response's own stored conversation holds the whole history.
        ResponseResult third = await Client(instances[0]).CreateResponseAsync(new CreateResponseOptions(Model, [ResponseItem.CreateUserMessageItem("thanks")]) { PreviousResponseId = answer.Id });

        Assert.Equal("echo: thanks", third.GetOutputText());
        Assert.Equal(5, JsonNode.Parse(upstream.Requests[2].Body)!["contents"]!.AsArray().Count);
    }

    [Fact]
    public async Task ConversationLargerThanATableRowContinuesOnAnotherInstanceThroughItsBlob()
    {
        await using var upstream = await StartUpstreamAsync();
        var container = $"responses{Guid.NewGuid():N}";
        await using var instances = await ProxyInstances.StartAsync(2, upstream, storage, [PoolKey], new Dictionary<string, string?> { ["RESPONSES_CONTAINER"] = container });
        var blobs = new BlobServiceClient(storage.ConnectionString).GetBlobContainerClient(container);
        // Random base64 barely compresses: the question and its echo come to about 1 MB compressed, more than a table row
        // holds, in a request body of under 1 MB.
        var question = Convert.ToBase64String(RandomNumberGenerator.GetBytes(500_000));

        ResponseResult first = await Client(instances[0]).CreateResponseAsync(new CreateResponseOptions(Model, [ResponseItem.CreateUserMessageItem(question)]));
        ResponseResult second = await Client(instances[1]).CreateResponseAsync(
            new CreateResponseOptions(Model, [ResponseItem.CreateUserMessageItem("and then?")]) { PreviousResponseId = first.Id });

        Assert.True(await blobs.GetBlobClient(first.Id).ExistsAsync());
        Assert.Equal("echo: and then?", second.GetOutputText());
        var contents = JsonNode.Parse(upstream.Requests[1].Body)!["contents"]!.AsArray();
        Assert.Equal(3, contents.Count);
        Assert.Equal(question, contents[0]!["parts"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("echo: " + question, contents[1]!["parts"]![0]!["text"]!.GetValue<string>());

        ResponseDeletionResult deleted = await Client(instances[1]).DeleteResponseAsync(first.Id);

        Assert.True(deleted.Deleted);
        Assert.False(await blobs.GetBlobClient(first.Id).ExistsAsync());
        Assert.True(await blobs.GetBlobClient(second.Id).ExistsAsync());
    }

    [Fact]
    public async Task StoredResponseCanBeReadAndDeletedOnlyByItsOwnToken()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey], TwoTokens);
        var client = Client(proxy);
        ResponseResult created = await client.CreateResponseAsync(new CreateResponseOptions(Model, [ResponseItem.CreateUserMessageItem("keep me")]));

        ResponseResult read = await client.GetResponseAsync(created.Id);
        using var otherRead = await SendAsync(proxy, HttpMethod.Get, $"v1/responses/{created.Id}", token: OtherToken);
        using var otherDelete = await SendAsync(proxy, HttpMethod.Delete, $"v1/responses/{created.Id}", token: OtherToken);
        using var otherContinue = await SendAsync(proxy, HttpMethod.Post, "v1/responses", $$"""{"model":"{{Model}}","input":"more","previous_response_id":"{{created.Id}}"}""", OtherToken);

        Assert.Equal("echo: keep me", read.GetOutputText());
        Assert.Equal(created.Id, read.Id);
        Assert.Equal(HttpStatusCode.NotFound, otherRead.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherDelete.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, otherContinue.StatusCode);

        ResponseDeletionResult deleted = await client.DeleteResponseAsync(created.Id);

        Assert.True(deleted.Deleted);
        var gone = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync(created.Id));
        Assert.Equal(404, gone.Status);
    }

    [Fact]
    public async Task NotStoredResponseCannotBeReadNorContinued()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);
        ResponseResult created = await Client(proxy).CreateResponseAsync(new CreateResponseOptions(Model, [ResponseItem.CreateUserMessageItem("forget me")]) { StoredOutputEnabled = false });

        using var read = await SendAsync(proxy, HttpMethod.Get, $"v1/responses/{created.Id}");
        using var continued = await SendAsync(proxy, HttpMethod.Post, "v1/responses", $$"""{"model":"{{Model}}","input":"more","previous_response_id":"{{created.Id}}"}""");

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, continued.StatusCode);
        var error = await ErrorOf(continued);
        Assert.Equal("previous_response_not_found", error.GetProperty("code").GetString());
        Assert.Equal("previous_response_id", error.GetProperty("param").GetString());
        Assert.Single(upstream.Requests);
    }

    [Fact]
    public async Task JsonSchemaFormatReachesGeminiAsAnAcceptedSchema()
    {
        await using var upstream = await StartUpstreamAsync();
        upstream.Script("""{"candidates":[{"content":{"parts":[{"text":"{\"name\":\"Ada\",\"age\":36}"}],"role":"model"},"finishReason":"STOP","index":0}]}""");
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);
        var options = new CreateResponseOptions(Model, [ResponseItem.CreateUserMessageItem("A person")])
        {
            TextOptions = new ResponseTextOptions
            {
                TextFormat = ResponseTextFormat.CreateJsonSchemaFormat("person", BinaryData.FromString(
                    """{"type":"object","additionalProperties":false,"properties":{"name":{"type":"string"},"age":{"type":["integer","null"]}},"required":["name","age"]}"""),
                    jsonSchemaIsStrict: true),
            },
        };

        ResponseResult response = await Client(proxy).CreateResponseAsync(options);

        Assert.Equal("Ada", JsonDocument.Parse(response.GetOutputText()).RootElement.GetProperty("name").GetString());
        var config = JsonNode.Parse(Assert.Single(upstream.Requests).Body)!["generationConfig"]!;
        Assert.Equal("application/json", config["responseMimeType"]!.GetValue<string>());
        Assert.Equal("INTEGER", config["responseSchema"]!["properties"]!["age"]!["type"]!.GetValue<string>());
        Assert.True(config["responseSchema"]!["properties"]!["age"]!["nullable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task MaxTokensEndsIncompleteWithTheReason()
    {
        await using var upstream = await StartUpstreamAsync();
        upstream.Script("""{"candidates":[{"content":{"parts":[{"text":"Once upon"}],"role":"model"},"finishReason":"MAX_TOKENS","index":0}],"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":2,"thoughtsTokenCount":4,"totalTokenCount":9}}""");
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        ResponseResult response = await Client(proxy).CreateResponseAsync(new CreateResponseOptions(Model, [ResponseItem.CreateUserMessageItem("story")]) { MaxOutputTokenCount = 6 });

        Assert.Equal(ResponseStatus.Incomplete, response.Status);
        Assert.Equal(ResponseIncompleteStatusReason.MaxOutputTokens, response.IncompleteStatusDetails.Reason);
        Assert.Equal("Once upon", response.GetOutputText());
        Assert.Equal(6, response.Usage.OutputTokenCount);
        Assert.Equal(4, response.Usage.OutputTokenDetails.ReasoningTokenCount);
        Assert.Equal(6, JsonNode.Parse(Assert.Single(upstream.Requests).Body)!["generationConfig"]!["maxOutputTokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task WrongTokenGets401InOpenAiShape()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);
        var client = new ResponsesClient(new ApiKeyCredential("wrong-token"), Options(proxy, "v1"));

        var exception = await Assert.ThrowsAsync<ClientResultException>(() => client.CreateResponseAsync(new CreateResponseOptions(Model, [ResponseItem.CreateUserMessageItem("hi")])));

        Assert.Equal(401, exception.Status);
        var error = JsonDocument.Parse(exception.GetRawResponse()!.Content.ToString()).RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task KeyFailingMidStreamEndsWithErrorAndFailedEventsAndIsNeverReplayed()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("dies", new KeyBehavior.DiesMidStream(AfterElements: 1));
        upstream.SetKey("good", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["dies", "good"]);

        using var response = await SendAsync(proxy, HttpMethod.Post, "v1/responses", $$"""{"model":"{{Model}}","stream":true,"input":"count"}""");
        var events = Events(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["error", "response.failed"], events[^2..].Select(e => e.Name));
        Assert.Equal("failed", events[^1].Data["response"]!["status"]!.GetValue<string>());
        Assert.Equal("chunk 0 ", string.Concat(events.Where(e => e.Name == "response.output_text.delta").Select(e => e.Data["delta"]!.GetValue<string>())));
        var numbers = events.Select(e => e.Data["sequence_number"]!.GetValue<int>()).ToList();
        Assert.Equal(numbers.Order().Distinct(), numbers);
        Assert.Equal("dies", Assert.Single(upstream.Requests).Key);
    }

    [Fact]
    public async Task StreamThatFailsBeforeItsFirstElementIsRetriedOnAnotherKey()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("dies", new KeyBehavior.DiesMidStream(AfterElements: 0));
        upstream.SetKey("good", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["dies", "good"]);

        using var response = await SendAsync(proxy, HttpMethod.Post, "v1/responses", $$"""{"model":"{{Model}}","stream":true,"input":"count"}""");
        var events = Events(await response.Content.ReadAsStringAsync());

        Assert.Equal("response.created", events[0].Name);
        Assert.Equal(0, events[0].Data["sequence_number"]!.GetValue<int>());
        Assert.Equal("response.completed", events[^1].Name);
        Assert.Single(events, e => e.Name == "response.created");
        Assert.Equal(["dies", "good"], upstream.Requests.Select(r => r.Key));
    }

    [Theory]
    [InlineData("""{"model":"gemini-2.5-flash","input":"hi","background":true}""", "background")]
    [InlineData("""{"model":"gemini-2.5-flash","input":"hi","frequency_penalty":1}""", "frequency_penalty")]
    [InlineData("""{"model":"gemini-2.5-flash","input":[{"type":"function_call_output","call_id":"call_x","output":"1"}]}""", "input[0].call_id")]
    [InlineData("""{"model":"gemini-2.5-flash","input":[{"role":"user","content":"hi"},{"type":"function_call","call_id":"c","name":"f","arguments":"{}"}]}""", "input")]
    [InlineData("""{"model":"gemini-2.5-flash","input":"hi","previous_response_id":"resp_nope"}""", "previous_response_id")]
    [InlineData("""{"model":"gemini-2.5-flash","input":"hi","tools":[{"type":"file_search"}]}""", "tools[0].type")]
    [InlineData("""{"model":"gemini-2.5-flash","input":[{"role":"user","content":[{"type":"input_file","file_id":"file-abc123"}]}]}""", "input[0].content[0].file_id")]
    [InlineData("""{"model":"gemini-2.5-flash","input":[{"role":"user","content":[{"type":"input_image","file_id":"file-abc123"}]}]}""", "input[0].content[0].file_id")]
    [InlineData("""{"model":"gemini-2.5-flash","input":[{"role":"user","content":[{"type":"input_file","file_url":"https://example.com/a.pdf"}]}]}""", "input[0].content[0].file_url")]
    public async Task BadRequestGets400WithParamAndNothingGoesUpstream(string body, string param)
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await SendAsync(proxy, HttpMethod.Post, "v1/responses", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Empty(upstream.Requests);
    }

    private static List<(string Name, JsonNode Data)> Events(string sse) => NamedSseEvents.Parse(sse);

    private static async Task<EmulatedGemini> StartUpstreamAsync()
    {
        var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        return upstream;
    }

    private static ResponsesClient Client(ProxyHost proxy, string prefix = "v1") =>
        new(new ApiKeyCredential(ProxyHost.ClientToken), Options(proxy, prefix));

    // No SDK retries: the proxy's own retries are what is under test.
    private static ResponsesClientOptions Options(ProxyHost proxy, string prefix) =>
        new() { Endpoint = new Uri(proxy.BaseUrl, prefix), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };

    private static Task<HttpResponseMessage> SendAsync(ProxyHost proxy, HttpMethod method, string path, string? json = null, string token = ProxyHost.ClientToken)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return proxy.Client.SendAsync(request);
    }

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").Clone();
}
