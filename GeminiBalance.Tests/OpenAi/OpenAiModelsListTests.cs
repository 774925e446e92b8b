using System.Text.Json;
using GeminiBalance.Hosting;
using GeminiBalance.OpenAi;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.OpenAi;

public sealed class OpenAiModelsListTests
{
    [Fact]
    public void Build_StripsThePrefixAddsVariantsAfterTheirBaseAndDropsFilteredModels()
    {
        var options = Options(search: "gemini-2.5-flash,gemini-9-absent", image: "gemini-2.5-flash,gemini-2.0-flash-exp", filtered: "gemini-2.0-flash-exp,text-embedding-004");

        var ids = OpenAiModelsList.Build(
            ["models/gemini-2.5-flash", "models/gemini-2.0-flash-exp", "models/text-embedding-004", "models/gemini-2.5-pro"], options);

        // A variant needs its base upstream and unfiltered: gemini-9-absent and the filtered 2.0 model get none.
        Assert.Equal(["gemini-2.5-flash", "gemini-2.5-flash-search", "gemini-2.5-flash-image", "gemini-2.5-pro", "imagen-4.0-generate-001-chat"], ids);
    }

    [Fact]
    public void WriteList_HasOpenAisShape()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            OpenAiModelsList.WriteList(writer, ["gemini-2.5-flash"]);
        }

        Assert.Equal(
            """{"object":"list","data":[{"id":"gemini-2.5-flash","object":"model","created":0,"owned_by":"google"}]}""",
            System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static ProxyOptions Options(string search, string image, string filtered) =>
        TestOptions.Read((SettingNames.SearchModels, search), (SettingNames.ImageModels, image), (SettingNames.FilteredModels, filtered));
}
