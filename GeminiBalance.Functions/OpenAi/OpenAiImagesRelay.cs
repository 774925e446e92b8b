using Azure;
using GeminiBalance.Errors;
using GeminiBalance.Hosting;
using GeminiBalance.Storage;
using GeminiBalance.Translation;
using GeminiBalance.Upstream;

namespace GeminiBalance.OpenAi;

/// <summary>Turns Imagen's predictions or a Gemini image model's inline images into OpenAI's image answer, storing them for links when asked.</summary>
internal sealed class OpenAiImagesRelay(OpenAiImagesRequest request, GeneratedImageStore store, TimeProvider time) : OpenAiRelay
{
    public override async Task<TokenUsage?> RelayAsync(HttpResponseMessage upstream, HttpContext context, CancellationToken cancellationToken)
    {
        using var answer = await WholeAnswer.ReadAsync(upstream, cancellationToken);
        var usage = GeminiUsage.Read(answer.RootElement)?.ToTokenUsage();
        var images = OpenAiImagesTranslation.ReadImages(answer.RootElement, request.Imagen);
        if (images.Count == 0)
        {
            // The key worked and the model declined: another key would decline too.
            var result = OpenAiImagesTranslation.RefusalReason(answer.RootElement) is { } reason
                ? new ErrorResult(ApiProtocol.OpenAi, StatusCodes.Status400BadRequest, $"No image was generated: {reason}", param: "prompt", code: "content_policy_violation")
                : new ErrorResult(ApiProtocol.OpenAi, StatusCodes.Status502BadGateway, "The upstream Gemini API answered without an image.");
            await result.ExecuteAsync(context);
            return usage;
        }

        var data = images.Select(image => image.Base64).ToList();
        if (request.Url)
        {
            try
            {
                var baseUrl = PublicBaseUrl.Of(context.Request, context.RequestServices.GetRequiredService<ProxyOptions>());
                for (var i = 0; i < images.Count; i++)
                {
                    data[i] = await store.SaveAsync(Convert.FromBase64String(images[i].Base64), images[i].MimeType, baseUrl, cancellationToken);
                }
            }
            catch (RequestFailedException exception)
            {
                await new ErrorResult(ApiProtocol.OpenAi, StatusCodes.Status502BadGateway, $"The image was generated but could not be stored for a link ({exception.Status} {exception.ErrorCode}); ask for response_format b64_json.")
                    .ExecuteAsync(context);
                return usage;
            }
        }

        var created = time.GetUtcNow().ToUnixTimeSeconds();
        await WholeAnswer.WriteAsync(context.Response, writer => OpenAiImagesTranslation.WriteResponse(writer, created, data, request.Url), cancellationToken);
        return usage;
    }
}
