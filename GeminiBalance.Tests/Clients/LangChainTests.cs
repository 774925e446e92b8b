using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Clients;

/// <summary>
/// LangChain JS chat models (<c>@langchain/openai</c>, <c>@langchain/google-genai</c>, <c>@langchain/anthropic</c>, pinned in
/// package.json), each on its own surface of the proxy: structured output, invoke, stream, and a tool round trip.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class LangChainTests(AzuriteFixture storage)
{
    private const string PoolKey = "pool-key-secret-AIzaSyLangChain";

    [Fact]
    public Task LangChainOpenAiChatModel() => RunAsync("openai", scriptsJson: true);

    [Fact]
    public Task LangChainGoogleChatModel() => RunAsync("google", scriptsJson: true);

    [Fact]
    public Task LangChainAnthropicChatModel() => RunAsync("anthropic", scriptsJson: false);

    private async Task RunAsync(string provider, bool scriptsJson)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        upstream.FunctionCall = new FunctionCallPlan("get_weather", """{"city":"Rome"}""");
        if (scriptsJson)
        {
            upstream.Script("""{"candidates":[{"content":{"parts":[{"text":"{\"city\":\"Paris\",\"celsius\":21}"}],"role":"model"},"finishReason":"STOP","index":0}]}""");
        }

        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var output = JsonDocument.Parse(await NodeScript.RunAsync("langchain.mjs", provider, proxy.BaseUrl.ToString().TrimEnd('/'), ProxyHost.ClientToken));
        var result = output.RootElement;

        // Structured output: the scripted JSON, or (as a forced tool call) arguments the emulated model made up from the schema.
        Assert.Equal(scriptsJson ? """{"city":"Paris","celsius":21}""" : """{"city":"emulated","celsius":1}""", result.GetProperty("structured").GetRawText());
        var first = JsonNode.Parse(upstream.Requests[0].Body)!;
        if (scriptsJson)
        {
            Assert.Equal("application/json", (string?)first["generationConfig"]!["responseMimeType"]);
        }
        else
        {
            Assert.Equal("ANY", (string?)first["toolConfig"]!["functionCallingConfig"]!["mode"]);
        }

        Assert.Equal("echo: hello from langchain", result.GetProperty("invoke").GetString());
        Assert.Equal("chunk 0 chunk 1 chunk 2 ", string.Concat(result.GetProperty("stream").EnumerateArray().Select(c => c.GetString())));
        Assert.Equal("""[{"name":"get_weather","args":{"city":"Rome"}}]""", result.GetProperty("toolCalls").GetRawText());
        Assert.StartsWith("echo:", result.GetProperty("toolAnswer").GetString());
        var last = JsonNode.Parse(upstream.Requests[^1].Body)!["contents"]!.AsArray();
        Assert.Equal("""{"name":"get_weather","response":{"result":"sunny in Rome"}}""", last[^1]!["parts"]![0]!["functionResponse"]!.ToJsonString());
        Assert.All(upstream.Requests, request => Assert.Equal(PoolKey, request.Key));
    }
}
