using System.Text;
using System.Text.Json;
using GeminiBalance.Hosting;
using GeminiBalance.OpenAi;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.OpenAi;

public sealed class OpenAiImagesTranslationTests
{
    private static readonly ProxyOptions Options = TestOptions.Read((SettingNames.CreateImageModel, "imagen-configured"));

    [Fact]
    public void ToGemini_ImagenGetsSampleCountNearestRatioSizeAndMimeType()
    {
        var request = Parse("""{"model":"dall-e-3","prompt":"a red fox","n":3,"size":"1792x1024","quality":"hd","output_format":"jpeg","response_format":"b64_json"}""");

        Assert.Equal("imagen-configured", request.Model);
        Assert.False(request.Url);
        Assert.Equal("/v1beta/models/imagen-configured:predict", OpenAiImagesTranslation.UpstreamPath(request));
        Assert.Equal(
            """{"instances":[{"prompt":"a red fox"}],"parameters":{"sampleCount":3,"aspectRatio":"16:9","sampleImageSize":"2K","outputOptions":{"mimeType":"image/jpeg"}}}""",
            Encoding.UTF8.GetString(OpenAiImagesTranslation.ToGemini(request)));
    }

    [Fact]
    public void ToGemini_GeminiImageModelAsksForTextAndImageWithItsRatio()
    {
        var request = Parse("""{"model":"gemini-2.5-flash-image","prompt":"a red fox","size":"1536x1024"}""");

        Assert.True(request.Url);
        Assert.Equal("/v1beta/models/gemini-2.5-flash-image:generateContent", OpenAiImagesTranslation.UpstreamPath(request));
        Assert.Equal(
            """{"contents":[{"role":"user","parts":[{"text":"a red fox"}]}],"generationConfig":{"responseModalities":["TEXT","IMAGE"],"imageConfig":{"aspectRatio":"3:2"}}}""",
            Encoding.UTF8.GetString(OpenAiImagesTranslation.ToGemini(request)));
    }

    [Theory]
    [InlineData("1024x1024", "1:1")]
    [InlineData("256x256", "1:1")]
    [InlineData("1024x1792", "9:16")]
    [InlineData("1536x1024", "4:3")]
    [InlineData("768x1024", "3:4")]
    public void Parse_SizeBecomesTheNearestImagenRatio(string size, string ratio) =>
        Assert.Equal(ratio, Parse($$"""{"prompt":"p","size":"{{size}}"}""").AspectRatio);

    [Theory]
    [InlineData("""{"model":"imagen-4.0-generate-001"}""", "prompt")]
    [InlineData("""{"prompt":"p","n":5}""", "n")]
    [InlineData("""{"prompt":"p","n":0}""", "n")]
    [InlineData("""{"prompt":"p","model":"gemini-2.5-flash-image","n":2}""", "n")]
    [InlineData("""{"prompt":"p","size":"big"}""", "size")]
    [InlineData("""{"prompt":"p","response_format":"bytes"}""", "response_format")]
    [InlineData("""{"prompt":"p","output_format":"webp"}""", "output_format")]
    [InlineData("""{"prompt":"p","model":"gemini-2.5-flash-image","quality":"hd"}""", "quality")]
    [InlineData("""{"prompt":"p","style":"vivid"}""", "style")]
    [InlineData("""{"prompt":"p","model":"imagen/../x"}""", "model")]
    public void Parse_BadRequest_NamesTheField(string json, string field) =>
        OpenAiRefusal.AssertNames(field, () => Parse(json));

    [Fact]
    public void ReadImages_ReadsPredictionsAndInlineImagesButNotText()
    {
        using var imagen = JsonDocument.Parse("""{"predictions":[{"bytesBase64Encoded":"AAA=","mimeType":"image/jpeg"},{"raiFilteredReason":"filtered"}]}""");
        using var gemini = JsonDocument.Parse("""{"candidates":[{"content":{"parts":[{"text":"here"},{"inlineData":{"mimeType":"image/png","data":"AQE="}}]}}]}""");

        Assert.Equal([("AAA=", "image/jpeg")], OpenAiImagesTranslation.ReadImages(imagen.RootElement, imagen: true));
        Assert.Equal([("AQE=", "image/png")], OpenAiImagesTranslation.ReadImages(gemini.RootElement, imagen: false));
    }

    [Fact]
    public void RefusalReason_NamesWhatGeminiSaid()
    {
        using var imagen = JsonDocument.Parse("""{"predictions":[{"raiFilteredReason":"The prompt violates policy."}]}""");
        using var blocked = JsonDocument.Parse("""{"promptFeedback":{"blockReason":"SAFETY"}}""");
        using var silent = JsonDocument.Parse("""{"candidates":[{"content":{"parts":[{"text":"sorry"}]},"finishReason":"STOP"}]}""");

        Assert.Equal("The prompt violates policy.", OpenAiImagesTranslation.RefusalReason(imagen.RootElement));
        Assert.Contains("SAFETY", OpenAiImagesTranslation.RefusalReason(blocked.RootElement));
        Assert.Null(OpenAiImagesTranslation.RefusalReason(silent.RootElement));
    }

    private static OpenAiImagesRequest Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return OpenAiImagesRequest.Parse(document.RootElement, Options);
    }
}
