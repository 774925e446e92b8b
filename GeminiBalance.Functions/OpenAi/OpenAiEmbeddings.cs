using GeminiBalance.Errors;
using GeminiBalance.Hosting;
using GeminiBalance.Upstream;

namespace GeminiBalance.OpenAi;

/// <summary><c>POST embeddings</c>: the inputs go to Gemini in batches through the key pool; the vectors come back in input order.</summary>
internal static class OpenAiEmbeddings
{
    public static Task<IResult> EmbedAsync(HttpContext context, GeminiForwarder forwarder, ProxyOptions options) =>
        OpenAiRequestBody.HandleAsync(context, options.MaxRequestBodyBytes, OpenAiEmbeddingsRequest.Parse, request => EmbedAsync(request, context, forwarder));

    private static async Task<IResult> EmbedAsync(OpenAiEmbeddingsRequest request, HttpContext context, GeminiForwarder forwarder)
    {
        var vectors = new List<float[]>(request.Inputs.Count);
        for (var start = 0; start < request.Inputs.Count; start += OpenAiEmbeddingsTranslation.BatchSize)
        {
            var count = Math.Min(OpenAiEmbeddingsTranslation.BatchSize, request.Inputs.Count - start);
            var path = $"/v1beta/models/{request.Model}:batchEmbedContents";
            using var answer = await CapturingRelay.CallAsync(forwarder, context, HttpMethod.Post, request.Model, path, OpenAiEmbeddingsTranslation.ToGemini(request, start, count));
            if (answer is null)
            {
                return Results.Empty;
            }

            if (OpenAiEmbeddingsTranslation.ReadVectors(answer.RootElement, count) is not { } batch)
            {
                return new ErrorResult(ApiProtocol.OpenAi, StatusCodes.Status502BadGateway, $"The upstream Gemini API did not answer with {count} embeddings.");
            }

            vectors.AddRange(batch);
        }

        await WholeAnswer.WriteAsync(context.Response, writer => OpenAiEmbeddingsTranslation.WriteResponse(writer, request, vectors), context.RequestAborted);
        return Results.Empty;
    }
}
