using GeminiBalance.Hosting;
using GeminiBalance.Upstream;

namespace GeminiBalance.OpenAi;

/// <summary><c>POST audio/speech</c>: Gemini TTS through the key pool, answered as WAV or raw PCM.</summary>
internal static class OpenAiSpeech
{
    public static async Task<IResult> SpeakAsync(HttpContext context, GeminiForwarder forwarder, ProxyOptions options)
    {
        OpenAiSpeechRequest request;
        try
        {
            using var body = await OpenAiRequestBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted);
            request = OpenAiSpeechRequest.Parse(body.RootElement, options);
        }
        catch (OpenAiRequestException exception)
        {
            return exception.ToResult();
        }

        var call = new GeminiCall(HttpMethod.Post, request.Model, $"/v1beta/models/{request.Model}:generateContent", OpenAiSpeechTranslation.ToGemini(request), new OpenAiSpeechRelay(request.Wav));
        await forwarder.ForwardAsync(call, context);
        return Results.Empty;
    }
}
