using System.Text.Json;
using GeminiBalance.Hosting;
using GeminiBalance.Translation;

namespace GeminiBalance.OpenAi;

/// <summary>An OpenAI chat completion request → a Gemini <c>GenerateContentRequest</c>. Pure: images by URL arrive already downloaded.</summary>
internal static class ChatRequestTranslator
{
    /// <exception cref="TranslationException">The request is invalid or asks for something that cannot be honoured.</exception>
    public static ChatTranslation Translate(JsonElement request, ProxyOptions options, IReadOnlyDictionary<string, InlineMedia> downloadedImages)
    {
        if (request.ValueKind != JsonValueKind.Object)
        {
            throw new TranslationException("", "The request body must be a JSON object.");
        }

        var ignored = ChatRequestFields.Check(request);
        var clientModel = RequestJson.RequiredString(request, "model", "model");
        var model = ModelName.Parse(clientModel, options);
        var messages = RequestJson.Array(request, "messages", "messages") ?? throw new TranslationException("messages", "'messages' is required.");
        var stream = RequestJson.Bool(request, "stream", "stream") ?? false;
        var streamOptions = RequestJson.Object(request, "stream_options", "stream_options");
        var includeUsage = streamOptions is { } so && (RequestJson.Bool(so, "include_usage", "stream_options.include_usage") ?? false);

        var (systemInstruction, contents) = ChatMessages.Translate(messages, downloadedImages, signReplayedCalls: model.IsGemini3);
        var (tools, toolConfig) = ChatTools.Translate(request, model.Search);
        var body = GeminiRequestBody.Create(contents, systemInstruction, tools.Tools, toolConfig, ChatGenerationConfig.Translate(request, model, options), options);
        return new ChatTranslation(clientModel, model, stream, stream && includeUsage, ChatTools.UsesLegacyFunctions(request), body, tools.SearchDropped)
        {
            IgnoredFields = ignored,
        };
    }
}
