using System.Text;
using System.Text.Json;
using Azure;
using GeminiBalance.Errors;
using GeminiBalance.Hosting;
using GeminiBalance.Storage;
using GeminiBalance.Translation;
using GeminiBalance.Upstream;

namespace GeminiBalance.OpenAi;

/// <summary>
/// gemini-balance's <c>&lt;CREATE_IMAGE_MODEL&gt;-chat</c> model: a chat completion whose last message is the prompt of one
/// image generation (with PAID_KEY when set, since it is a <c>:predict</c> call), answered as a markdown image in the
/// assistant's message, so chat front ends that only speak chat can make pictures. Streamed as one content chunk.
/// </summary>
internal static class ImageChat
{
    public const string Suffix = "-chat";

    public static string ModelId(ProxyOptions options) => options.CreateImageModel + Suffix;

    public static bool IsRequested(JsonElement request, ProxyOptions options) =>
        request.ValueKind == JsonValueKind.Object && request.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String
        && model.ValueEquals(ModelId(options));

    public static async Task<IResult> AnswerAsync(
        HttpContext context, JsonElement request, GeminiForwarder forwarder, ProxyOptions options, GeneratedImageStore store, TimeProvider time)
    {
        if (LastPrompt(request) is not { Length: > 0 } prompt)
        {
            return new ErrorResult(ApiProtocol.OpenAi, StatusCodes.Status400BadRequest, $"'{ModelId(options)}' draws the last message's text: 'messages' must end with a message that has text.", param: "messages");
        }

        if (prompt.Length > OpenAiImagesRequest.MaxPromptLength)
        {
            return new ErrorResult(ApiProtocol.OpenAi, StatusCodes.Status400BadRequest, $"The prompt is {prompt.Length} characters long; the limit is {OpenAiImagesRequest.MaxPromptLength}.", param: "messages");
        }

        var model = options.CreateImageModel;
        var imagen = model.StartsWith("imagen", StringComparison.Ordinal);
        var images = new OpenAiImagesRequest(model, imagen, prompt, 1, null, Url: true, "image/png", null);
        using var answer = await CapturingRelay.CallAsync(forwarder, context, HttpMethod.Post, model, OpenAiImagesTranslation.UpstreamPath(images), OpenAiImagesTranslation.ToGemini(images));
        if (answer is null)
        {
            return Results.Empty; // The forwarder answered the error.
        }

        var generated = OpenAiImagesTranslation.ReadImages(answer.RootElement, imagen);
        if (generated.Count == 0)
        {
            return OpenAiImagesTranslation.RefusalReason(answer.RootElement) is { } reason
                ? new ErrorResult(ApiProtocol.OpenAi, StatusCodes.Status400BadRequest, $"No image was generated: {reason}", param: "messages", code: "content_policy_violation")
                : new ErrorResult(ApiProtocol.OpenAi, StatusCodes.Status502BadGateway, "The upstream Gemini API answered without an image.");
        }

        var markdown = new StringBuilder();
        var baseUrl = PublicBaseUrl.Of(context.Request, options);
        foreach (var (base64, mimeType) in generated)
        {
            markdown.Append(markdown.Length > 0 ? "\n\n" : "").Append("![image](").Append(await LinkAsync(base64, mimeType, store, baseUrl, context.RequestAborted)).Append(')');
        }

        var id = ReplyIds.Random.Answer("chatcmpl-");
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        var modelId = ModelId(options);
        if (request.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True)
        {
            await WriteStreamAsync(context.Response, id, created, modelId, markdown.ToString(), context.RequestAborted);
        }
        else
        {
            await WholeAnswer.WriteAsync(context.Response, writer => WriteCompletion(writer, id, created, modelId, markdown.ToString()), context.RequestAborted);
        }

        return Results.Empty;
    }

    // A signed link to the stored image, as images/generations gives; should storage fail, the image itself as a data URL.
    private static async Task<string> LinkAsync(string base64, string mimeType, GeneratedImageStore store, string baseUrl, CancellationToken cancellationToken)
    {
        try
        {
            return await store.SaveAsync(Convert.FromBase64String(base64), mimeType, baseUrl, cancellationToken);
        }
        catch (RequestFailedException)
        {
            return $"data:{mimeType};base64,{base64}";
        }
    }

    /// <summary>The last message's text: a string content, or its text parts joined.</summary>
    private static string? LastPrompt(JsonElement request)
    {
        if (!request.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            return null;
        }

        var content = messages[messages.GetArrayLength() - 1].ValueKind == JsonValueKind.Object && messages[messages.GetArrayLength() - 1].TryGetProperty("content", out var found) ? found : default;
        return content.ValueKind switch
        {
            JsonValueKind.String => content.GetString()!.Trim(),
            JsonValueKind.Array => string.Join("\n", content.EnumerateArray()
                .Where(part => part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                .Select(part => part.GetProperty("text").GetString())).Trim(),
            _ => null,
        };
    }

    private static void WriteCompletion(Utf8JsonWriter writer, string id, long created, string model, string content)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("object", "chat.completion");
        writer.WriteNumber("created", created);
        writer.WriteString("model", model);
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("message");
        writer.WriteString("role", "assistant");
        writer.WriteString("content", content);
        writer.WriteEndObject();
        writer.WriteString("finish_reason", "stop");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static async Task WriteStreamAsync(HttpResponse response, string id, long created, string model, string content, CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await WriteChunkAsync(response, id, created, model, content, finish: null, cancellationToken);
        await WriteChunkAsync(response, id, created, model, null, finish: "stop", cancellationToken);
        await response.WriteAsync("data: [DONE]\n\n", cancellationToken);
    }

    private static async Task WriteChunkAsync(HttpResponse response, string id, long created, string model, string? content, string? finish, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("object", "chat.completion.chunk");
            writer.WriteNumber("created", created);
            writer.WriteString("model", model);
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("delta");
            if (content is not null)
            {
                writer.WriteString("role", "assistant");
                writer.WriteString("content", content);
            }

            writer.WriteEndObject();
            if (finish is null)
            {
                writer.WriteNull("finish_reason");
            }
            else
            {
                writer.WriteString("finish_reason", finish);
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        await response.WriteAsync("data: ", cancellationToken);
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
        await response.WriteAsync("\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
