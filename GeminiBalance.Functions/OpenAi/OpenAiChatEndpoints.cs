using System.Text.Json;
using GeminiBalance.Auth;
using GeminiBalance.Endpoints;
using GeminiBalance.Errors;
using GeminiBalance.Hosting;
using GeminiBalance.Translation;
using GeminiBalance.Upstream;

namespace GeminiBalance.OpenAi;

/// <summary>
/// OpenAI's <c>POST chat/completions</c> under <c>/v1</c>, <c>/openai/v1</c> and <c>/hf/v1</c> (one implementation, three prefixes),
/// translated to Gemini's generateContent / streamGenerateContent and sent through the key pool like any other call.
/// </summary>
internal static class OpenAiChatEndpoints
{
    public static readonly string[] Prefixes = ["v1", "openai/v1", "hf/v1"];

    public static IEndpointRouteBuilder MapOpenAiChatEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in Prefixes)
        {
            app.MapGroup(prefix).RequireClientToken(ApiProtocol.OpenAi).MapPost("chat/completions", CompleteAsync);
        }

        return app;
    }

    private static async Task<IResult> CompleteAsync(
        HttpContext context, GeminiForwarder forwarder, ProxyOptions options, ImageUrlDownloader images, TimeProvider time)
    {
        var body = await RequestBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return new ErrorResult(ApiProtocol.OpenAi, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than MAX_REQUEST_BODY_MB ({options.MaxRequestBodyBytes / (1024 * 1024)} MB).");
        }

        ChatTranslation translation;
        try
        {
            using var request = ParseJson(body);
            var root = request.RootElement;
            var downloaded = await DownloadImagesAsync(root, images, context.RequestAborted);
            translation = ChatRequestTranslator.Translate(root, options, downloaded);
        }
        catch (TranslationException exception)
        {
            return new ErrorResult(ApiProtocol.OpenAi, StatusCodes.Status400BadRequest, exception.Message, param: exception.Param.Length == 0 ? null : exception.Param);
        }

        IgnoredFields.Announce(context, translation.IgnoredFields);
        DroppedTools.Note(context.Response, translation.SearchDropped);
        var reply = ChatReply.For(translation, options, ReplyIds.Random, time);
        var model = translation.Model.Upstream;
        var call = translation.Stream
            ? GeminiCall.Translated(HttpMethod.Post, model, $"/v1beta/models/{model}:streamGenerateContent?alt=sse", translation.GeminiBody,
                new TranslatedStreamRelay(ApiProtocol.OpenAi, () => new ChatStreamTranslator(reply), ChatStreamTranslator.BrokenStreamEnd))
            : GeminiCall.Translated(HttpMethod.Post, model, $"/v1beta/models/{model}:generateContent", translation.GeminiBody,
                new TranslatedAnswerRelay(ApiProtocol.OpenAi, (writer, response) =>
                {
                    GeminiResponse.RequireAnswer(response);
                    return ChatResponseWriter.Write(writer, response, reply);
                }));
        await forwarder.ForwardAsync(call, context);
        return Results.Empty;
    }

    /// <exception cref="TranslationException">Not a JSON object; answered in OpenAI's own words.</exception>
    public static JsonDocument ParseJson(byte[] body) =>
        JsonObjectBody.Parse(body, out var refusal) ?? throw new TranslationException("", refusal == JsonBodyRefusal.NotJson
            // OpenAI's own wording, which SDK users may already search for.
            ? "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)"
            : JsonObjectBody.Describe(refusal));

    private static async Task<IReadOnlyDictionary<string, InlineMedia>> DownloadImagesAsync(JsonElement request, ImageUrlDownloader images, CancellationToken cancellationToken)
    {
        if (request.ValueKind != JsonValueKind.Object || !request.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return new Dictionary<string, InlineMedia>();
        }

        return await images.DownloadAllAsync(ChatMessages.RemoteImages(messages), cancellationToken);
    }
}
