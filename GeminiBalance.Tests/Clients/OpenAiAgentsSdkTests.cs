using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Clients;

/// <summary>
/// The OpenAI Agents SDK (<c>@openai/agents</c>, pinned in package.json) on both APIs it speaks, the Responses API (its
/// default) and Chat Completions: a run with a function tool (called, executed by the SDK, its result sent back, then the
/// final answer), and the same run streamed.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class OpenAiAgentsSdkTests(AzuriteFixture storage)
{
    private const string PoolKey = "pool-key-secret-AIzaSyAgentsSdk";

    [Fact]
    public Task OpenAiAgentsSdkToolRoundTripOnTheResponsesApi() => RunAsync("responses");

    [Fact]
    public Task OpenAiAgentsSdkToolRoundTripOnChatCompletions() => RunAsync("chat_completions");

    private async Task RunAsync(string api)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        upstream.FunctionCall = new FunctionCallPlan("get_weather", """{"city":"Rome"}""");
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var output = JsonDocument.Parse(await NodeScript.RunAsync("openai-agents.mjs", api, proxy.BaseUrl.ToString().TrimEnd('/'), ProxyHost.ClientToken));
        var result = output.RootElement;

        var toolRun = result.GetProperty("toolRun");
        Assert.Equal(["Rome"], toolRun.GetProperty("calls").EnumerateArray().Select(c => c.GetString()));
        Assert.StartsWith("echo:", toolRun.GetProperty("final").GetString());
        // The SDK names a tool result it ran "tool_call_output_item" (RunToolCallOutputItem).
        Assert.Contains("tool_call_output_item", toolRun.GetProperty("items").EnumerateArray().Select(i => i.GetString()));
        var streamed = result.GetProperty("streamed");
        Assert.Equal(["Rome"], streamed.GetProperty("calls").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(streamed.GetProperty("final").GetString(), streamed.GetProperty("text").GetString());
        Assert.False(string.IsNullOrEmpty(streamed.GetProperty("text").GetString()));

        // Each run: the tool call asked for, then the answer to the tool's result, which went upstream as Gemini's functionResponse.
        Assert.Equal(4, upstream.Requests.Count);
        var answered = JsonNode.Parse(upstream.Requests[1].Body)!["contents"]!.AsArray();
        var response = answered[^1]!["parts"]![0]!["functionResponse"]!;
        Assert.Equal("get_weather", (string?)response["name"]);
        Assert.Contains("sunny in Rome", response["response"]!.ToJsonString());
        Assert.All(upstream.Requests, request => Assert.Equal(PoolKey, request.Key));
    }
}
