using GeminiBalance.Errors;
using GeminiBalance.Translation;
using GeminiBalance.Upstream;

namespace GeminiBalance.OpenAi;

/// <summary>Turns a Gemini TTS answer into OpenAI's binary speech body: a WAV file, or the raw PCM.</summary>
internal sealed class OpenAiSpeechRelay(bool wav) : OpenAiRelay
{
    public override async Task<TokenUsage?> RelayAsync(HttpResponseMessage upstream, HttpContext context, CancellationToken cancellationToken)
    {
        using var answer = await WholeAnswer.ReadAsync(upstream, cancellationToken);
        var usage = GeminiUsage.Read(answer.RootElement)?.ToTokenUsage();
        if (OpenAiSpeechTranslation.ReadAudio(answer.RootElement) is not var (pcm, sampleRate))
        {
            // The key worked and the model answered without audio (a blocked prompt): another key would say the same.
            await new ErrorResult(ApiProtocol.OpenAi, StatusCodes.Status502BadGateway, "The upstream Gemini API answered without audio.").ExecuteAsync(context);
            return usage;
        }

        var client = context.Response;
        client.StatusCode = StatusCodes.Status200OK;
        client.ContentType = wav ? "audio/wav" : "audio/pcm";
        client.ContentLength = (wav ? OpenAiSpeechWav.HeaderSize : 0) + pcm.Length;
        if (wav)
        {
            await client.Body.WriteAsync(OpenAiSpeechWav.Header(pcm.Length, sampleRate), cancellationToken);
        }

        await client.Body.WriteAsync(pcm, cancellationToken);
        return usage;
    }
}
