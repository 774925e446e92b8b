using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Hosting;
using GeminiBalance.Translation;

namespace GeminiBalance.Anthropic;

/// <summary>An Anthropic Messages request → a Gemini <c>GenerateContentRequest</c>. Pure: images by URL arrive already downloaded.</summary>
internal static class MessagesRequestTranslator
{
    /// <param name="countTokens">For <c>count_tokens</c>, which takes no <c>max_tokens</c> and needs no generation config.</param>
    /// <exception cref="TranslationException">The request is invalid or asks for something that cannot be honoured.</exception>
    public static MessagesTranslation Translate(JsonElement request, ProxyOptions options, IReadOnlyDictionary<string, InlineMedia> downloadedImages, bool countTokens = false)
    {
        if (request.ValueKind != JsonValueKind.Object)
        {
            throw new TranslationException("", "The request body must be a JSON object.");
        }

        MessagesRequestFields.Check(request);
        var clientModel = RequestJson.RequiredString(request, "model", "model");
        var model = ModelName.Parse(clientModel, options);
        if (model.Image)
        {
            throw new TranslationException("model", "The Messages API has no image output: call an '-image' model through the OpenAI or Gemini API.");
        }

        var messages = RequestJson.Array(request, "messages", "messages") ?? throw new TranslationException("messages", "'messages' is required.");
        var stream = RequestJson.Bool(request, "stream", "stream") ?? false;

        var contents = AnthropicMessages.Translate(messages, downloadedImages, signReplayedCalls: model.IsGemini3);
        var systemInstruction = AnthropicMessages.System(request);
        var (tools, toolConfig) = AnthropicTools.Translate(request, model.Search);
        var (config, showThinking) = countTokens ? (null, false) : AnthropicGenerationConfig.Translate(request, model, options);
        var body = GeminiRequestBody.Build(contents, systemInstruction, tools.Tools, toolConfig, config, options);
        return new MessagesTranslation(clientModel, model, stream, showThinking, body, tools.SearchDropped);
    }
}
