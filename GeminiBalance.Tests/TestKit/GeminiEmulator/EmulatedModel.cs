using System.Text.Json.Nodes;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>One entry of the emulator's model catalogue, serialised as a v1beta <c>Model</c>.</summary>
internal sealed record EmulatedModel(
    string Id,
    string Version,
    string DisplayName,
    int InputTokenLimit,
    int OutputTokenLimit,
    IReadOnlyList<string> SupportedGenerationMethods,
    int EmbeddingDimensions = 0)
{
    public bool Supports(string method) => SupportedGenerationMethods.Contains(method);

    public JsonObject ToJson() => new()
    {
        ["name"] = $"models/{Id}",
        ["version"] = Version,
        ["displayName"] = DisplayName,
        ["description"] = $"{DisplayName} (emulated)",
        ["inputTokenLimit"] = InputTokenLimit,
        ["outputTokenLimit"] = OutputTokenLimit,
        ["supportedGenerationMethods"] = new JsonArray([.. SupportedGenerationMethods.Select(m => JsonValue.Create(m))]),
    };
}
