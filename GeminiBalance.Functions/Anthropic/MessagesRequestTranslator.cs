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

        var body = new JsonObject { ["contents"] = AnthropicMessages.Translate(messages, downloadedImages, signReplayedCalls: model.IsGemini3) };
        Add(body, "systemInstruction", AnthropicMessages.System(request));
        var (tools, toolConfig) = AnthropicTools.Translate(request, model.Search);
        Add(body, "tools", tools);
        Add(body, "toolConfig", toolConfig);
        if (options.SafetySettings.Count > 0)
        {
            body["safetySettings"] = new JsonArray([.. options.SafetySettings.Select(s => new JsonObject { ["category"] = s.Category, ["threshold"] = s.Threshold })]);
        }

        var showThinking = false;
        if (!countTokens)
        {
            (var config, showThinking) = AnthropicGenerationConfig.Translate(request, model, options);
            Add(body, "generationConfig", config);
        }

        return new MessagesTranslation(clientModel, model, stream, showThinking, body);
    }

    private static void Add(JsonObject body, string name, JsonNode? value)
    {
        if (value is not null)
        {
            body[name] = value;
        }
    }
}
