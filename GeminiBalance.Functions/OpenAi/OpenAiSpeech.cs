using GeminiBalance.Hosting;
using GeminiBalance.Upstream;

namespace GeminiBalance.OpenAi;

/// <summary><c>POST audio/speech</c>: Gemini TTS through the key pool, answered as WAV or raw PCM.</summary>
internal static class OpenAiSpeech
{
    public static Task<IResult> SpeakAsync(HttpContext context, GeminiForwarder forwarder, ProxyOptions options) =>
        OpenAiRequestBody.HandleAsync(context, options.MaxRequestBodyBytes, body => OpenAiSpeechRequest.Parse(body, options), async request =>
        {
            var call = GeminiCall.Translated(HttpMethod.Post, request.Model, $"/v1beta/models/{request.Model}:generateContent", OpenAiSpeechTranslation.ToGemini(request), new OpenAiSpeechRelay(request.Wav));
            await forwarder.ForwardAsync(call, context);
            return Results.Empty;
        });
}
