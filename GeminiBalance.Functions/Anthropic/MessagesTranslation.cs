using System.Text.Json.Nodes;
using GeminiBalance.Translation;

namespace GeminiBalance.Anthropic;

/// <summary>A Messages request translated for Gemini, with what the answer's translation needs to know.</summary>
/// <param name="ClientModel">The model as the client named it; echoed in every answer.</param>
/// <param name="Model">The Gemini model to call (suffixes resolved).</param>
/// <param name="ShowThinking">The client enabled thinking, so thought summaries become thinking blocks.</param>
/// <param name="GeminiRequest">The <c>GenerateContentRequest</c>.</param>
/// <param name="SearchDropped">Google Search was asked for but left out for the function tools (<see cref="DroppedTools"/>).</param>
internal sealed record MessagesTranslation(string ClientModel, ModelName Model, bool Stream, bool ShowThinking, JsonObject GeminiRequest, bool SearchDropped = false)
{
    public byte[] GenerateContentBody() => JsonOutput.ToUtf8(GeminiRequest);

    /// <summary>The <c>countTokens</c> body: the whole request nested, so the system instruction and tools count too (docs/protocols.md#token-counting).</summary>
    public byte[] CountTokensBody()
    {
        var nested = (JsonObject)GeminiRequest.DeepClone();
        nested.Remove("generationConfig");
        nested.Insert(0, "model", $"models/{Model.Upstream}");
        return JsonOutput.ToUtf8(new JsonObject { ["generateContentRequest"] = nested });
    }
}
