using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Clients;

/// <summary>The Anthropic TypeScript SDK's beta tool runner, which starts on a message thread this service does not keep.</summary>
[Collection(ProxyCollection.Name)]
public sealed class AnthropicToolRunnerTests(AzuriteFixture storage)
{
    private const string PoolKey = "pool-key-secret-AIzaSyToolRunner";

    [Fact]
    public async Task ToolRunnerFallsBackFromItsThreadAndRunsTheToolRoundTrip()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        upstream.FunctionCall = new FunctionCallPlan("get_weather", """{"city":"Paris"}""");
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var output = JsonDocument.Parse(await NodeScript.RunAsync("anthropic-tool-runner.mjs", proxy.BaseUrl.ToString().TrimEnd('/'), ProxyHost.ClientToken));
        var result = output.RootElement;

        Assert.Equal([true, false, false], result.GetProperty("threaded").EnumerateArray().Select(t => t.GetBoolean()));
        Assert.Equal(["Paris"], result.GetProperty("calls").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("end_turn", result.GetProperty("stop_reason").GetString());
        Assert.StartsWith("echo:", result.GetProperty("text").GetString());
        // The thread was refused before anything went upstream; then the call, then the answer with its result.
        Assert.Equal(2, upstream.Requests.Count);
        var answer = JsonNode.Parse(upstream.Requests[1].Body)!["contents"]!.AsArray();
        Assert.Equal("""{"name":"get_weather","response":{"result":"sunny in Paris"}}""", answer[^1]!["parts"]![0]!["functionResponse"]!.ToJsonString());
    }
}
