using System.Net;
using static GeminiBalance.Tests.TestKit.EmulatedGeminiWire;

namespace GeminiBalance.Tests.TestKit;

/// <summary>How the emulator treats declared tools: one function call per conversation, and Google's refusal of search with functions.</summary>
public sealed class EmulatedGeminiToolTests : EmulatedGeminiFixture
{
    private const string Flash = "/v1beta/models/gemini-2.5-flash";
    private const string Weather =
        """{"functionDeclarations":[{"name":"get_weather","parameters":{"type":"OBJECT","properties":{"city":{"type":"STRING"},"days":{"type":"INTEGER"},"unit":{"type":"STRING","enum":["C","F"]}},"required":["city","unit"]}},{"name":"get_time"}]}""";

    [Fact]
    public async Task DeclaredFunctionIsCalledWithArgumentsMadeUpFromItsRequiredProperties()
    {
        var body = $$$"""{"contents":[{"role":"user","parts":[{"text":"weather?"}]}],"tools":[{{{Weather}}}]}""";

        using var response = await Http.SendAsync(Post($"{Flash}:generateContent", body, GoodKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var part = (await ReadJsonAsync(response))["candidates"]![0]!["content"]!["parts"]![0]!;
        Assert.Equal("""{"name":"get_weather","args":{"city":"emulated","unit":"C"}}""", part["functionCall"]!.ToJsonString());
    }

    [Fact]
    public async Task PlannedFunctionIsCalledInAStreamAndTheConversationIsAnsweredOnceItHoldsTheResponse()
    {
        Gemini.FunctionCall = new FunctionCallPlan("get_time", """{"zone":"UTC"}""");
        var ask = $$$"""{"contents":[{"role":"user","parts":[{"text":"time?"}]}],"tools":[{{{Weather}}}]}""";

        using var stream = await Http.SendAsync(Post($"{Flash}:streamGenerateContent?alt=sse", ask, GoodKey));
        var data = await stream.Content.ReadAsStringAsync();

        Assert.Contains("""{"functionCall":{"name":"get_time","args":{"zone":"UTC"}}}""", data);
        var answered = $$$$"""
            {"contents":[{"role":"user","parts":[{"text":"time?"}]},{"role":"model","parts":[{"functionCall":{"name":"get_time","args":{}}}]},
             {"role":"user","parts":[{"functionResponse":{"name":"get_time","response":{"result":"noon"}}}]}],"tools":[{{{{Weather}}}}]}
            """;
        using var after = await Http.SendAsync(Post($"{Flash}:generateContent", answered, GoodKey));
        Assert.Null((await ReadJsonAsync(after))["candidates"]![0]!["content"]!["parts"]![0]!["functionCall"]);
    }

    [Fact]
    public async Task ModeNoneGetsTextNotACall()
    {
        var body = $$$$"""{"contents":[{"role":"user","parts":[{"text":"weather?"}]}],"tools":[{{{{Weather}}}}],"toolConfig":{"functionCallingConfig":{"mode":"NONE"}}}""";

        using var response = await Http.SendAsync(Post($"{Flash}:generateContent", body, GoodKey));

        Assert.Equal("echo: weather?", (string?)(await ReadJsonAsync(response))["candidates"]![0]!["content"]!["parts"]![0]!["text"]);
    }

    [Theory]
    [InlineData($$$"""[{{{Weather}}},{"googleSearch":{}}]""")]
    [InlineData("""[{"function_declarations":[{"name":"f"}],"google_search":{}}]""")]
    public async Task GoogleSearchWithFunctionDeclarationsIsRefusedAsGoogleRefusesIt(string tools)
    {
        var body = $$$"""{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"tools":{{{tools}}}}""";

        var (status, error) = await Http.SendForErrorAsync(Post($"{Flash}:generateContent", body, GoodKey));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("INVALID_ARGUMENT", (string?)error["status"]);
        Assert.Equal("Tool use with function calling is unsupported by the model.", (string?)error["message"]);
    }

    [Fact]
    public async Task GoogleSearchAloneIsAccepted()
    {
        const string body = """{"contents":[{"role":"user","parts":[{"text":"news"}]}],"tools":[{"googleSearch":{}}]}""";

        using var response = await Http.SendAsync(Post($"{Flash}:generateContent", body, GoodKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
