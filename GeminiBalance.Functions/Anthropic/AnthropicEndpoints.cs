using System.Text.Json;
using GeminiBalance.Auth;
using GeminiBalance.Endpoints;
using GeminiBalance.Errors;
using GeminiBalance.Hosting;
using GeminiBalance.Translation;
using GeminiBalance.Upstream;

namespace GeminiBalance.Anthropic;

/// <summary>
/// Anthropic's <c>POST /v1/messages</c> and <c>POST /v1/messages/count_tokens</c>, translated to Gemini's generateContent /
/// streamGenerateContent / countTokens and sent through the key pool like any other call. The token comes as
/// <c>x-api-key</c> (or Bearer); <c>anthropic-version</c> and <c>anthropic-beta</c> are accepted and change nothing.
/// </summary>
internal static class AnthropicEndpoints
{
    public static IEndpointRouteBuilder MapAnthropicEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("v1/messages").RequireClientToken(ApiProtocol.Anthropic);
        group.MapPost("", CreateAsync);
        group.MapPost("count_tokens", CountTokensAsync);
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, GeminiForwarder forwarder, ProxyOptions options, ImageUrlDownloader images)
    {
        var (translation, error) = await TranslateAsync(context, options, images, countTokens: false);
        if (translation is null)
        {
            return error!;
        }

        DroppedTools.Note(context.Response, translation.SearchDropped);
        var reply = MessageReply.For(translation, options, ReplyIds.Random);
        var model = translation.Model.Upstream;
        var call = translation.Stream
            ? GeminiCall.Translated(HttpMethod.Post, model, $"/v1beta/models/{model}:streamGenerateContent?alt=sse", translation.GenerateContentBody(),
                new TranslatedStreamRelay(ApiProtocol.Anthropic, () => new MessageStreamTranslator(reply), MessageStreamTranslator.BrokenStreamEnd))
            : GeminiCall.Translated(HttpMethod.Post, model, $"/v1beta/models/{model}:generateContent", translation.GenerateContentBody(),
                new TranslatedAnswerRelay(ApiProtocol.Anthropic, (writer, response) =>
                {
                    GeminiResponse.RequireAnswer(response);
                    return MessageResponseWriter.Write(writer, response, reply);
                }));
        await forwarder.ForwardAsync(call, context);
        return Results.Empty;
    }

    private static async Task<IResult> CountTokensAsync(HttpContext context, GeminiForwarder forwarder, ProxyOptions options, ImageUrlDownloader images)
    {
        var (translation, error) = await TranslateAsync(context, options, images, countTokens: true);
        if (translation is null)
        {
            return error!;
        }

        var model = translation.Model.Upstream;
        var call = GeminiCall.Translated(HttpMethod.Post, model, $"/v1beta/models/{model}:countTokens", translation.CountTokensBody(),
            new TranslatedAnswerRelay(ApiProtocol.Anthropic, (writer, response) =>
            {
                var total = response.TryGetProperty("totalTokens", out var count) && count.TryGetInt32(out var n)
                    ? n
                    : throw new Upstream.MalformedAnswerException("The upstream countTokens answer held no totalTokens.");
                writer.WriteStartObject();
                writer.WriteNumber("input_tokens", total);
                writer.WriteEndObject();
                return null;
            }));
        await forwarder.ForwardAsync(call, context);
        return Results.Empty;
    }

    private static async Task<(MessagesTranslation? Translation, IResult? Error)> TranslateAsync(
        HttpContext context, ProxyOptions options, ImageUrlDownloader images, bool countTokens)
    {
        var body = await RequestBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return (null, new ErrorResult(ApiProtocol.Anthropic, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than MAX_REQUEST_BODY_MB ({options.MaxRequestBodyBytes / (1024 * 1024)} MB)."));
        }

        try
        {
            using var request = ParseJson(body);
            var root = request.RootElement;
            var downloaded = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array
                ? await images.DownloadAllAsync(AnthropicMessages.RemoteImages(messages), context.RequestAborted)
                : new Dictionary<string, InlineMedia>();
            return (MessagesRequestTranslator.Translate(root, options, downloaded, countTokens), null);
        }
        catch (TranslationException exception)
        {
            // Anthropic has no separate field in its errors; like Anthropic, the message starts with the field's path.
            var message = exception.Param.Length == 0 ? exception.Message : $"{exception.Param}: {exception.Message}";
            return (null, new ErrorResult(ApiProtocol.Anthropic, StatusCodes.Status400BadRequest, message, code: exception.ErrorCode));
        }
    }

    private static JsonDocument ParseJson(byte[] body) =>
        JsonObjectBody.Parse(body, out var refusal) ?? throw new TranslationException("", refusal == JsonBodyRefusal.NotJson
            ? "There was an issue with your request body: it is not valid JSON."
            : JsonObjectBody.Describe(refusal));
}
