using GeminiBalance.Hosting;
using GeminiBalance.Storage;
using GeminiBalance.Upstream;

namespace GeminiBalance.OpenAi;

/// <summary><c>POST images/generations</c>: Imagen or a Gemini image model through the key pool, answered as base64 or as links.</summary>
internal static class OpenAiImages
{
    public static Task<IResult> GenerateAsync(HttpContext context, GeminiForwarder forwarder, ProxyOptions options, GeneratedImageStore store, TimeProvider time) =>
        OpenAiRequestBody.HandleAsync(context, options.MaxRequestBodyBytes, body => OpenAiImagesRequest.Parse(body, options), async request =>
        {
            var relay = new OpenAiImagesRelay(request, store, time);
            await forwarder.ForwardAsync(GeminiCall.Translated(HttpMethod.Post, request.Model, OpenAiImagesTranslation.UpstreamPath(request), OpenAiImagesTranslation.ToGemini(request), relay), context);
            return Results.Empty;
        });
}
