using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using GeminiBalance.Tests.TestKit;
using GeminiBalance.Tests.TestKit.GeminiEmulator;
using OpenAI.Audio;

namespace GeminiBalance.Tests.Integration;

[Collection(ProxyCollection.Name)]
public sealed class OpenAiSpeechTests(AzuriteFixture storage)
{
    [Theory]
    [InlineData("v1")]
    [InlineData("openai/v1")]
    [InlineData("hf/v1")]
    public async Task SdkGetsAWavFileWhoseHeaderDescribesGeminisPcm(string prefix)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-1", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"]);

        var audio = (await OpenAiSdk.Client(proxy, prefix).GetAudioClient("tts-1")
            .GenerateSpeechAsync("three little words", GeneratedSpeechVoice.Nova, new SpeechGenerationOptions { ResponseFormat = GeneratedSpeechFormat.Wav })).Value.ToArray();

        var dataLength = 3 * MediaReplies.SamplesPerWord * 2;
        Assert.Equal(44 + dataLength, audio.Length);
        Assert.Equal("RIFF", Encoding.ASCII.GetString(audio, 0, 4));
        Assert.Equal("WAVE", Encoding.ASCII.GetString(audio, 8, 4));
        Assert.Equal(24000, BitConverter.ToInt32(audio, 24));
        Assert.Equal(16, BitConverter.ToInt16(audio, 34));
        Assert.Equal(dataLength, BitConverter.ToInt32(audio, 40));
        var sent = upstream.Requests.Single();
        Assert.Equal("/v1beta/models/gemini-2.5-flash-preview-tts:generateContent", sent.Path);
        Assert.Contains("\"voiceName\":\"Aoede\"", sent.Body);
    }

    [Fact]
    public async Task PcmIsTheRawAudioAndSpeedReachesThePrompt()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-1", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"]);

        using var wav = await proxy.Client.SendAsync(OpenAiSdk.Request(HttpMethod.Post, "v1/audio/speech", """{"model":"gemini-2.5-flash-preview-tts","input":"two words","voice":"Puck","response_format":"wav","speed":0.5}"""));
        using var pcm = await proxy.Client.SendAsync(OpenAiSdk.Request(HttpMethod.Post, "v1/audio/speech", """{"model":"gemini-2.5-flash-preview-tts","input":"two words","voice":"Puck","response_format":"pcm","speed":0.5}"""));

        Assert.Equal("audio/wav", wav.Content.Headers.ContentType?.MediaType);
        Assert.Equal("audio/pcm", pcm.Content.Headers.ContentType?.MediaType);
        var wavBytes = await wav.Content.ReadAsByteArrayAsync();
        var pcmBytes = await pcm.Content.ReadAsByteArrayAsync();
        Assert.Equal(wavBytes[44..], pcmBytes);
        Assert.Contains("Speak at 0.5 times the normal speed: two words", upstream.Requests[1].Body);
    }

    [Theory]
    [InlineData("""{"model":"tts-1","input":"hi","voice":"alloy","response_format":"mp3"}""")]
    [InlineData("""{"model":"tts-1","input":"hi","voice":"alloy","response_format":"opus"}""")]
    public async Task FormatsOtherThanWavAndPcmGetA400NamingTheSupportedOnes(string json)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"]);

        using var response = await proxy.Client.SendAsync(OpenAiSdk.Request(HttpMethod.Post, "openai/v1/audio/speech", json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("response_format", error.GetProperty("param").GetString());
        Assert.Contains("wav or pcm", error.GetProperty("message").GetString());
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task WrongTokenGetsA401InOpenAisShape()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"]);

        var failure = await Assert.ThrowsAsync<ClientResultException>(() => OpenAiSdk.Client(proxy, token: "not-a-token").GetAudioClient("tts-1")
            .GenerateSpeechAsync("hi", GeneratedSpeechVoice.Alloy, new SpeechGenerationOptions { ResponseFormat = GeneratedSpeechFormat.Pcm }));
        using var raw = await proxy.Client.SendAsync(OpenAiSdk.Request(HttpMethod.Post, "hf/v1/audio/speech", "{}", token: "not-a-token"));

        Assert.Equal(401, failure.Status);
        using var body = JsonDocument.Parse(await raw.Content.ReadAsStringAsync());
        Assert.Equal("invalid_api_key", body.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", body.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task OverloadedAndInvalidKeysArePassedOver()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("overloaded", new KeyBehavior.Unavailable());
        upstream.SetKey("invalid", new KeyBehavior.Invalid());
        upstream.SetKey("good", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["overloaded", "invalid", "good"]);

        var audio = (await OpenAiSdk.Client(proxy).GetAudioClient("tts-1")
            .GenerateSpeechAsync("hello", GeneratedSpeechVoice.Alloy, new SpeechGenerationOptions { ResponseFormat = GeneratedSpeechFormat.Pcm })).Value;

        Assert.Equal(MediaReplies.SamplesPerWord * 2, audio.ToArray().Length);
        // Every attempt before the answer went to a failing key, and the answer came from the good one.
        var keys = upstream.Requests.Select(request => request.Key).ToArray();
        Assert.Equal("good", keys[^1]);
        Assert.All(keys[..^1], key => Assert.Contains(key, new[] { "overloaded", "invalid" }));
        Assert.Equal("overloaded", keys[0]);
    }
}
