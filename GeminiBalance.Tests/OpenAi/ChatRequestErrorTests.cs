using System.Text.Json;
using GeminiBalance.OpenAi;
using GeminiBalance.Tests.TestKit;
using GeminiBalance.Translation;

namespace GeminiBalance.Tests.OpenAi;

/// <summary>Requests the translation must refuse with a 400 naming the field, rather than drop something or let Google fail.</summary>
public sealed class ChatRequestErrorTests
{
    private const string Hello = """[{"role":"user","content":"hi"}]""";

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""", "model")]
    [InlineData("""{"model":"gemini-2.5-flash"}""", "messages")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":[]}""", "messages")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":[{"role":"system","content":"only rules"}]}""", "messages")]
    [InlineData("""{"model":"../admin","messages":HELLO}""", "model")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":HELLO,"logprobs":true}""", "logprobs")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":HELLO,"top_logprobs":2}""", "top_logprobs")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":HELLO,"logit_bias":{"50256":-100}}""", "logit_bias")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":HELLO,"audio":{"voice":"alloy","format":"wav"}}""", "audio")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":HELLO,"modalities":["text","audio"]}""", "modalities")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":HELLO,"temperature":3}""", "temperature")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":HELLO,"n":9}""", "n")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":HELLO,"stop":["1","2","3","4","5","6"]}""", "stop")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":HELLO,"reasoning_effort":"extreme"}""", "reasoning_effort")]
    [InlineData("""{"model":"gemini-2.0-flash","messages":HELLO,"reasoning_effort":"high"}""", "reasoning_effort")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":HELLO,"response_format":{"type":"xml"}}""", "response_format.type")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":HELLO,"tool_choice":"required"}""", "tool_choice")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":HELLO,"tools":[],"tool_choice":"required"}""", "tool_choice")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":HELLO,"functions":{}}""", "functions")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":HELLO,"tools":[{"type":"custom","custom":{"name":"x"}}]}""", "tools[0].type")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":HELLO,"tools":[{"type":"function","function":{"name":"bad name"}}]}""", "tools[0].function.name")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":HELLO,"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":{"type":"function","function":{"name":"g"}}}""", "tool_choice")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":HELLO,"tools":[{"type":"function","function":{"name":"f","parameters":{"$ref":"#/$defs/n","$defs":{"n":{"type":"object","properties":{"next":{"$ref":"#/$defs/n"}}}}}}}]}""", "tools[0].function.parameters")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":[{"role":"robot","content":"x"}]}""", "messages[0].role")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":[{"role":"user","content":[{"type":"video","video":{}}]}]}""", "messages[0].content[0].type")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png,notbase64"}}]}]}""", "messages[0].content[0].image_url.url")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://x/y.png"}}]}]}""", "messages[0].content[0].image_url.url")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":[{"role":"user","content":[{"type":"file","file":{"file_id":"file-abc"}}]}]}""", "messages[0].content[0].file.file_id")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AAAA","format":"opus"}}]}]}""", "messages[0].content[0].input_audio.format")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":[{"role":"system","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]},{"role":"user","content":"x"}]}""", "messages[0].content[0].type")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"x"},{"role":"tool","tool_call_id":"call_1","content":"orphan"}]}""", "messages[1].tool_call_id")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}},{"id":"c2","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":"1"},{"role":"user","content":"next"}]}""", "messages[3]")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]}]}""", "messages")]
    [InlineData("""{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"[1,2]"}}]},{"role":"tool","tool_call_id":"c1","content":"1"}]}""", "messages[1].tool_calls[0].function.arguments")]
    public void RefusedWithTheFieldNamed(string body, string param)
    {
        using var request = JsonDocument.Parse(body.Replace("HELLO", Hello, StringComparison.Ordinal));
        var options = GoldenFiles.Options([]);

        var exception = Assert.Throws<TranslationException>(() => ChatRequestTranslator.Translate(request.RootElement, options, new Dictionary<string, InlineMedia>()));

        Assert.Equal(param, exception.Param);
        Assert.False(string.IsNullOrWhiteSpace(exception.Message));
    }

    [Fact]
    public void FieldsOpenAiDoesNotDefineAreIgnoredAndListed_AndEmptyToolListsAreAbsent()
    {
        using var request = JsonDocument.Parse("""
            {"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}],"repetition_penalty":1.1,"user":"u","functions":[],"function_call":"auto","tools":[],"tool_choice":"none"}
            """);

        var translation = ChatRequestTranslator.Translate(request.RootElement, GoldenFiles.Options([]), new Dictionary<string, InlineMedia>());

        Assert.Equal(["repetition_penalty"], translation.IgnoredFields);
        Assert.False(translation.LegacyFunctions);
        using var sent = JsonDocument.Parse(translation.GeminiBody);
        Assert.False(sent.RootElement.TryGetProperty("tools", out _));
        Assert.False(sent.RootElement.TryGetProperty("toolConfig", out _));
    }

    [Fact]
    public void ModelSuffixOfAnUnconfiguredBaseIsARealModelName()
    {
        // gemini-balance #386: gemini-2.5-flash-image is a real model, not the -image variant of gemini-2.5-flash.
        var options = GoldenFiles.Options([]);

        var image = ModelName.Parse("gemini-2.5-flash-image", options);
        var search = ModelName.Parse("gemini-2.5-flash-search", options);

        Assert.Equal(new ModelName("gemini-2.5-flash-image", false, false, false), image);
        Assert.Equal(new ModelName("gemini-2.5-flash", true, false, false), search);
    }
}
