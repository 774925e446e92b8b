using System.Text.Json.Nodes;

namespace GeminiBalance.Tests.TestKit;

/// <summary>The <c>functionResponse</c> parts that reached the emulated Gemini: the tool results a client sent back.</summary>
public static class SentFunctionResponses
{
    /// <summary>Every functionResponse in the generateContent and streamGenerateContent requests, in the order they arrived.</summary>
    public static IReadOnlyList<JsonNode> In(EmulatedGemini upstream) =>
        [.. upstream.Requests
            .Where(r => r.Path.EndsWith(":generateContent", StringComparison.Ordinal) || r.Path.EndsWith(":streamGenerateContent", StringComparison.Ordinal))
            .SelectMany(r => JsonNode.Parse(r.Body)!["contents"]!.AsArray())
            .SelectMany(content => content!["parts"]!.AsArray())
            .Select(part => part!["functionResponse"])
            .OfType<JsonNode>()];
}
