using System.Text;
using System.Text.Json;
using GeminiBalance.Hosting;
using GeminiBalance.OpenAi;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.OpenAi;

public sealed class OpenAiSpeechTranslationTests
{
    private static readonly ProxyOptions Options = TestOptions.Read((SettingNames.TtsModel, "gemini-tts-configured"));

    [Fact]
    public void ToGemini_AsksForAudioInTheMappedVoiceWithStyleAndSpeedLeadingTheText()
    {
        var request = Parse("""{"model":"tts-1","input":"Hello there","voice":"alloy","response_format":"wav","instructions":"Sound cheerful.","speed":1.5}""");

        var body = Encoding.UTF8.GetString(OpenAiSpeechTranslation.ToGemini(request));

        Assert.Equal("gemini-tts-configured", request.Model);
        Assert.Equal(
            """{"contents":[{"role":"user","parts":[{"text":"Sound cheerful. Speak at 1.5 times the normal speed: Hello there"}]}],"generationConfig":"""
            + """{"responseModalities":["AUDIO"],"speechConfig":{"voiceConfig":{"prebuiltVoiceConfig":{"voiceName":"Kore"}}}}}""",
            body);
    }

    [Fact]
    public void Parse_GeminiModelAndVoiceNamesPassThroughAndPlainTextStaysPlain()
    {
        var request = Parse("""{"model":"gemini-2.5-pro-preview-tts","input":"Hi","voice":"Sulafat","response_format":"pcm","speed":1}""");

        Assert.Equal(new OpenAiSpeechRequest("gemini-2.5-pro-preview-tts", "Hi", "Sulafat", Wav: false), request);
    }

    [Fact]
    public void ReadAudio_JoinsAudioPartsAndReadsTheRate()
    {
        using var answer = JsonDocument.Parse("""
            {"candidates":[{"content":{"parts":[
              {"inlineData":{"mimeType":"audio/L16;codec=pcm;rate=16000","data":"AQI="}},
              {"inlineData":{"mimeType":"audio/L16;codec=pcm;rate=16000","data":"AwQ="}}]}}]}
            """);

        var (pcm, rate) = OpenAiSpeechTranslation.ReadAudio(answer.RootElement)!.Value;

        Assert.Equal([1, 2, 3, 4], pcm);
        Assert.Equal(16000, rate);
    }

    [Fact]
    public void ReadAudio_WithoutAudio_IsNull()
    {
        using var blocked = JsonDocument.Parse("""{"promptFeedback":{"blockReason":"SAFETY"}}""");
        using var text = JsonDocument.Parse("""{"candidates":[{"content":{"parts":[{"text":"no"}]}}]}""");

        Assert.Null(OpenAiSpeechTranslation.ReadAudio(blocked.RootElement));
        Assert.Null(OpenAiSpeechTranslation.ReadAudio(text.RootElement));
    }

    [Fact]
    public void WavHeader_Describes24kHz16BitMono()
    {
        var header = OpenAiSpeechWav.Header(4800, 24000);

        Assert.Equal(44, header.Length);
        Assert.Equal("RIFF", Encoding.ASCII.GetString(header, 0, 4));
        Assert.Equal(36 + 4800, BitConverter.ToInt32(header, 4));
        Assert.Equal("WAVEfmt ", Encoding.ASCII.GetString(header, 8, 8));
        Assert.Equal(1, BitConverter.ToInt16(header, 20));
        Assert.Equal(1, BitConverter.ToInt16(header, 22));
        Assert.Equal(24000, BitConverter.ToInt32(header, 24));
        Assert.Equal(48000, BitConverter.ToInt32(header, 28));
        Assert.Equal(2, BitConverter.ToInt16(header, 32));
        Assert.Equal(16, BitConverter.ToInt16(header, 34));
        Assert.Equal("data", Encoding.ASCII.GetString(header, 36, 4));
        Assert.Equal(4800, BitConverter.ToInt32(header, 40));
    }

    [Theory]
    [InlineData("""{"model":"tts-1","input":"x","voice":"alloy","response_format":"mp3"}""", "response_format")]
    [InlineData("""{"model":"tts-1","input":"x","voice":"alloy","response_format":"opus"}""", "response_format")]
    [InlineData("""{"model":"tts-1","input":"x","response_format":"wav"}""", "voice")]
    [InlineData("""{"model":"tts-1","voice":"alloy","response_format":"wav"}""", "input")]
    [InlineData("""{"input":"x","voice":"alloy","response_format":"wav"}""", "model")]
    [InlineData("""{"model":"tts-1","input":"x","voice":"alloy","response_format":"wav","speed":4.5}""", "speed")]
    [InlineData("""{"model":"tts-1","input":"x","voice":"alloy","response_format":"wav","stream_format":"sse"}""", "stream_format")]
    [InlineData("""{"model":"tts-1","input":"x","voice":"alloy","response_format":"flac"}""", "response_format")]
    public void Parse_BadRequest_NamesTheField(string json, string field) =>
        OpenAiRefusal.AssertNames(field, () => Parse(json));

    [Fact]
    public void Parse_NoResponseFormatMeansWavAsInGeminiBalance_AndUnknownFieldsAreIgnoredAndListed()
    {
        var request = Parse("""{"model":"tts-1","input":"x","voice":"alloy","speed":1.0,"volume":2}""");

        Assert.True(request.Wav);
        Assert.Equal(["volume"], request.IgnoredFields);
        Assert.False(Parse("""{"model":"tts-1","input":"x","voice":"alloy","response_format":"pcm"}""").Wav);
    }

    [Fact]
    public void Parse_InputOverTheLimit_IsRefused()
    {
        var json = JsonSerializer.Serialize(new { model = "tts-1", input = new string('a', 4097), voice = "alloy", response_format = "wav" });
        var exception = Assert.Throws<OpenAiRequestException>(() => Parse(json));
        Assert.Contains("4096", exception.Message);
        Assert.Equal(new string('a', 4096), Parse(json.Replace(new string('a', 4097), new string('a', 4096))).Prompt);
    }

    private static OpenAiSpeechRequest Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return OpenAiSpeechRequest.Parse(document.RootElement, Options);
    }
}
