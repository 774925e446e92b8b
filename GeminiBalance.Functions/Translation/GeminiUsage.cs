using System.Text.Json;
using GeminiBalance.Upstream;

namespace GeminiBalance.Translation;

/// <summary>Gemini's <c>usageMetadata</c>. Thought tokens are not part of <c>candidatesTokenCount</c> (docs/protocols.md#gemini-response).</summary>
internal sealed record GeminiUsage(int Prompt, int Candidates, int Thoughts, int Total, int Cached)
{
    /// <summary>Visible output plus thinking: what OpenAI's <c>completion_tokens</c> and Anthropic's <c>output_tokens</c> count.</summary>
    public int Output => Candidates + Thoughts;

    public static GeminiUsage? Read(JsonElement response) =>
        response.ValueKind == JsonValueKind.Object && response.TryGetProperty("usageMetadata", out var usage) && usage.ValueKind == JsonValueKind.Object
            ? new GeminiUsage(Count(usage, "promptTokenCount"), Count(usage, "candidatesTokenCount"), Count(usage, "thoughtsTokenCount"), Count(usage, "totalTokenCount"), Count(usage, "cachedContentTokenCount"))
            : null;

    public TokenUsage ToTokenUsage() => new(Prompt, Candidates, Thoughts, Total);

    private static int Count(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) ? count : 0;
}
