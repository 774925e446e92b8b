using System.Text.Json.Nodes;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>Builds GenerateContentResponse bodies with deterministic text and word-count usage.</summary>
internal static class GenerateContentReplies
{
    public static JsonObject Echo(GeminiPrompt prompt, string modelId, string responseId)
    {
        var text = $"echo: {prompt.LastUserText}";
        return Build(text, finished: true, prompt.TokenCount, GeminiPrompt.CountWords(text), modelId, responseId);
    }

    /// <summary>Element <paramref name="index"/> of a stream: the text increment "chunk {index} ", cumulative usage, STOP only on the last.</summary>
    public static JsonObject StreamElement(int index, int count, GeminiPrompt prompt, string modelId, string responseId)
    {
        const int wordsPerChunk = 2;
        return Build($"chunk {index} ", index == count - 1, prompt.TokenCount, wordsPerChunk * (index + 1), modelId, responseId);
    }

    private static JsonObject Build(string text, bool finished, int promptTokens, int candidateTokens, string modelId, string responseId)
    {
        var candidate = new JsonObject
        {
            ["content"] = new JsonObject
            {
                ["parts"] = new JsonArray(new JsonObject { ["text"] = text }),
                ["role"] = "model",
            },
        };
        if (finished)
        {
            candidate["finishReason"] = "STOP";
        }

        candidate["index"] = 0;
        return new JsonObject
        {
            ["candidates"] = new JsonArray(candidate),
            ["usageMetadata"] = new JsonObject
            {
                ["promptTokenCount"] = promptTokens,
                ["candidatesTokenCount"] = candidateTokens,
                ["totalTokenCount"] = promptTokens + candidateTokens,
            },
            ["modelVersion"] = modelId,
            ["responseId"] = responseId,
        };
    }
}
