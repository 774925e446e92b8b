using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Auth;
using GeminiBalance.Endpoints;
using GeminiBalance.Errors;
using GeminiBalance.Hosting;
using GeminiBalance.OpenAi;
using GeminiBalance.Storage;
using GeminiBalance.Translation;
using GeminiBalance.Upstream;

namespace GeminiBalance.Responses;

/// <summary>
/// OpenAI's Responses API under <c>/v1</c>, <c>/openai/v1</c> and <c>/hf/v1</c>: <c>POST responses</c> translated to Gemini
/// and sent through the key pool; stored responses read and deleted by the client token that created them.
/// </summary>
internal static class ResponsesEndpoints
{
    public static IEndpointRouteBuilder MapResponsesEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in OpenAiChatEndpoints.Prefixes)
        {
            var group = app.MapGroup($"{prefix}/responses").RequireClientToken(ApiProtocol.OpenAi);
            group.MapPost("", CreateAsync);
            group.MapGet("{id}", GetAsync);
            group.MapDelete("{id}", DeleteAsync);
        }

        return app;
    }

    private static async Task<IResult> CreateAsync(
        HttpContext context, GeminiForwarder forwarder, ProxyOptions options, ImageUrlDownloader images, TableResponseStore store,
        TimeProvider time, ILogger<ResponseArchive> logger)
    {
        var body = await RequestBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return new ErrorResult(ApiProtocol.OpenAi, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than MAX_REQUEST_BODY_MB ({options.MaxRequestBodyBytes / (1024 * 1024)} MB).");
        }

        var owner = Owner(context);
        ResponsesTranslation translation;
        try
        {
            using var request = OpenAiChatEndpoints.ParseJson(body);
            var root = request.RootElement;
            var history = await HistoryAsync(root, owner, store, context.RequestAborted);
            if (history is null)
            {
                var id = root.GetProperty("previous_response_id").GetString();
                return new ErrorResult(ApiProtocol.OpenAi, StatusCodes.Status400BadRequest, $"Previous response with id '{id}' not found.",
                    param: "previous_response_id", code: "previous_response_not_found");
            }

            var wanted = ResponsesInput.RemoteImages(history.Select(item => (item, "previous_response_id")).Concat(ResponsesRequestTranslator.Items(root)))
                .DistinctBy(image => image.Url).ToList();
            var downloaded = await Task.WhenAll(wanted.Select(image => images.DownloadAsync(image.Url, image.Param, context.RequestAborted)));
            translation = ResponsesRequestTranslator.Translate(root, options, history,
                wanted.Select((image, i) => (image.Url, Media: downloaded[i])).ToDictionary(pair => pair.Url, pair => pair.Media, StringComparer.Ordinal));
        }
        catch (TranslationException exception)
        {
            return new ErrorResult(ApiProtocol.OpenAi, StatusCodes.Status400BadRequest, exception.Message, param: exception.Param.Length == 0 ? null : exception.Param);
        }

        if (translation.Store && !store.CanStore(translation.Conversation))
        {
            return new ErrorResult(ApiProtocol.OpenAi, StatusCodes.Status400BadRequest,
                "The conversation is too large to store. Send it with \"store\": false (and without previous_response_id), or start a new one.", param: "store");
        }

        DroppedTools.Note(context.Response, translation.SearchDropped);
        var reply = ResponsesReply.For(translation, options, ResponsesIds.Random, time);
        var archive = translation.Store ? new ResponseArchive(store, owner, translation.Conversation, time, logger) : null;
        var model = translation.Model.Upstream;
        var call = translation.Stream
            ? GeminiCall.Translated(HttpMethod.Post, model, $"/v1beta/models/{model}:streamGenerateContent?alt=sse", translation.GeminiBody, new ResponseStreamRelay(reply, archive))
            : GeminiCall.Translated(HttpMethod.Post, model, $"/v1beta/models/{model}:generateContent", translation.GeminiBody, new ResponseRelay(reply, archive));
        await forwarder.ForwardAsync(call, context);
        return Results.Empty;
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, TableResponseStore store)
    {
        if (context.Request.Query["stream"] == "true")
        {
            return new ErrorResult(ApiProtocol.OpenAi, StatusCodes.Status400BadRequest, "Replaying a stored response as a stream is not supported here; read it without 'stream'.", param: "stream");
        }

        var stored = ResponsesIds.IsResponseId(id) ? await store.GetAsync(id, Owner(context), context.RequestAborted) : null;
        if (stored is null)
        {
            return NotFound(id);
        }

        await WholeAnswer.WriteAsync(context.Response, writer => stored.Response.WriteTo(writer), context.RequestAborted);
        return Results.Empty;
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, TableResponseStore store)
    {
        if (!ResponsesIds.IsResponseId(id) || !await store.DeleteAsync(id, Owner(context), context.RequestAborted))
        {
            return NotFound(id);
        }

        var deleted = new JsonObject { ["id"] = id, ["object"] = "response", ["deleted"] = true };
        await WholeAnswer.WriteAsync(context.Response, writer => deleted.WriteTo(writer), context.RequestAborted);
        return Results.Empty;
    }

    /// <returns>The continued response's input and output items; empty without <c>previous_response_id</c>; null when it is not found.</returns>
    private static async Task<IReadOnlyList<JsonElement>?> HistoryAsync(JsonElement request, string owner, TableResponseStore store, CancellationToken cancellationToken)
    {
        if (request.ValueKind != JsonValueKind.Object || RequestJson.String(request, "previous_response_id", "previous_response_id") is not { } id)
        {
            return [];
        }

        var stored = ResponsesIds.IsResponseId(id) ? await store.GetAsync(id, owner, cancellationToken) : null;
        if (stored is null)
        {
            return null;
        }

        var items = new JsonArray([.. stored.Input.Select(item => item?.DeepClone()), .. stored.Response["output"]!.AsArray().Select(item => item?.DeepClone())]);
        using var document = JsonDocument.Parse(JsonOutput.ToUtf8(items));
        return [.. document.RootElement.EnumerateArray().Select(item => item.Clone())];
    }

    // A response belongs to the token that created it; to any other token it does not exist (404, not 403).
    private static ErrorResult NotFound(string id) =>
        new(ApiProtocol.OpenAi, StatusCodes.Status404NotFound, $"Response with id '{id}' not found.");

    private static string Owner(HttpContext context) => context.Features.Get<ClientIdentity>()?.TokenId
        ?? throw new InvalidOperationException("The client token filter identifies every caller of these routes.");
}
