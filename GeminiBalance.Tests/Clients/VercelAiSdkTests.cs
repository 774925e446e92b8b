using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Clients;

/// <summary>
/// The Vercel AI SDK (<c>ai</c> with <c>@ai-sdk/openai</c>, <c>@ai-sdk/google</c>, <c>@ai-sdk/anthropic</c>, pinned in
/// package.json), each provider on its own surface: an object, text, a stream and a two-step tool round trip.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class VercelAiSdkTests(AzuriteFixture storage)
{
    private const string PoolKey = "pool-key-secret-AIzaSyVercelAi";

    [Fact]
    public Task VercelAiSdkOpenAiProviderOnTheResponsesApi() => RunAsync("openai", "/v1beta/models/gemini-2.5-flash:generateContent");

    [Fact]
    public Task VercelAiSdkGoogleProvider() => RunAsync("google", "/v1beta/models/gemini-2.5-flash:generateContent");

    [Fact]
    public Task VercelAiSdkAnthropicProvider() => RunAsync("anthropic", "/v1beta/models/gemini-2.5-flash:generateContent");

    private async Task RunAsync(string provider, string firstPath)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        upstream.FunctionCall = new FunctionCallPlan("get_weather", """{"city":"Rome"}""");
        upstream.Script("""{"candidates":[{"content":{"parts":[{"text":"{\"city\":\"Paris\",\"celsius\":21}"}],"role":"model"},"finishReason":"STOP","index":0}]}""");
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var output = JsonDocument.Parse(await NodeScript.RunAsync("vercel-ai.mjs", provider, proxy.BaseUrl.ToString().TrimEnd('/'), ProxyHost.ClientToken));
        var result = output.RootElement;

        Assert.Equal("""{"city":"Paris","celsius":21}""", result.GetProperty("object").GetRawText());
        Assert.Equal(firstPath, upstream.Requests[0].Path);
        Assert.Equal("echo: hello from the ai sdk", result.GetProperty("text").GetString());
        Assert.Equal("chunk 0 chunk 1 chunk 2 ", string.Concat(result.GetProperty("stream").EnumerateArray().Select(c => c.GetString())));
        var toolRun = result.GetProperty("toolRun");
        Assert.Equal(["Rome"], toolRun.GetProperty("calls").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(2, toolRun.GetProperty("steps").GetInt32());
        Assert.StartsWith("echo:", toolRun.GetProperty("text").GetString());
        var last = JsonNode.Parse(upstream.Requests[^1].Body)!["contents"]!.AsArray();
        // The Google provider sends its own functionResponse (with an id) through the native route; the others are translated.
        var response = last[^1]!["parts"]![0]!["functionResponse"]!;
        Assert.Equal("get_weather", (string?)response["name"]);
        Assert.Contains("sunny in Rome", response["response"]!.ToJsonString());
        Assert.All(upstream.Requests, request => Assert.Equal(PoolKey, request.Key));
    }
}
