using System.Net;
using GeminiBalance.Tests.TestKit.GeminiEmulator;
using static GeminiBalance.Tests.TestKit.EmulatedGeminiWire;

namespace GeminiBalance.Tests.TestKit;

/// <summary>The emulator's media-output models (docs/protocols.md#imagen, #gemini-speech), which the OpenAI image and speech tests rely on.</summary>
public sealed class EmulatedGeminiMediaTests : EmulatedGeminiFixture
{
    private const string Speak = """{"contents":[{"parts":[{"text":"say two"}]}],"generationConfig":{"responseModalities":["AUDIO"]}}""";
    private const string Draw = """{"contents":[{"parts":[{"text":"a cat"}]}],"generationConfig":{"responseModalities":["TEXT","IMAGE"]}}""";

    [Fact]
    public async Task TtsModelSpeaksHeaderlessL16PcmAt24kHz()
    {
        using var response = await Http.SendAsync(Post("/v1beta/models/gemini-2.5-flash-preview-tts:generateContent", Speak, GoodKey));

        var inline = (await ReadJsonAsync(response))["candidates"]![0]!["content"]!["parts"]![0]!["inlineData"]!;
        Assert.Equal("audio/L16;codec=pcm;rate=24000", (string)inline["mimeType"]!);
        Assert.Equal(2 * MediaReplies.SamplesPerWord * 2, Convert.FromBase64String((string)inline["data"]!).Length);
    }

    [Fact]
    public async Task ImageModelDrawsAPngAfterItsText()
    {
        using var response = await Http.SendAsync(Post("/v1beta/models/gemini-2.5-flash-image:generateContent", Draw, GoodKey));

        var parts = (await ReadJsonAsync(response))["candidates"]![0]!["content"]!["parts"]!;
        Assert.NotNull(parts[0]!["text"]);
        Assert.Equal("image/png", (string)parts[1]!["inlineData"]!["mimeType"]!);
    }

    [Theory]
    [InlineData("gemini-2.5-flash", Speak)]
    [InlineData("gemini-2.5-flash", Draw)]
    [InlineData("gemini-2.5-flash-preview-tts", """{"contents":[{"parts":[{"text":"hi"}]}]}""")]
    public async Task ModelsRefuseModalitiesTheyCannotProduce(string model, string body)
    {
        var (status, error) = await Http.SendForErrorAsync(Post($"/v1beta/models/{model}:generateContent", body, GoodKey));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("INVALID_ARGUMENT", (string)error["status"]!);
    }
}
