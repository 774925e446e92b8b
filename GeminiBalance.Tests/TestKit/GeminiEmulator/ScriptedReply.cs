using System.Text.Json.Nodes;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>
/// A test's chosen answer, as the stream elements Google would send. A stream sends them as they are; generateContent
/// answers with what they add up to, as Google's unary answer is the whole of its stream: each candidate's parts in
/// order (adjacent plain texts joined), and the last finishReason, groundingMetadata and usageMetadata.
/// </summary>
internal sealed record ScriptedReply(IReadOnlyList<JsonObject> Elements)
{
    public JsonObject Whole()
    {
        var candidates = new SortedDictionary<int, JsonObject>();
        var whole = new JsonObject();
        foreach (var element in Elements)
        {
            foreach (var (name, value) in element.Where(p => p.Key != "candidates"))
            {
                whole[name] = value?.DeepClone();
            }

            foreach (var candidate in (element["candidates"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var index = candidate["index"]?.GetValue<int>() ?? 0;
                if (!candidates.TryGetValue(index, out var merged))
                {
                    merged = new JsonObject { ["content"] = new JsonObject { ["parts"] = new JsonArray(), ["role"] = "model" }, ["index"] = index };
                    candidates[index] = merged;
                }

                var parts = (JsonArray)merged["content"]!["parts"]!;
                foreach (var part in (candidate["content"]?["parts"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    if (IsPlainText(part) && parts.Count > 0 && parts[^1] is JsonObject last && IsPlainText(last))
                    {
                        last["text"] = last["text"]!.GetValue<string>() + part["text"]!.GetValue<string>();
                    }
                    else
                    {
                        parts.Add(part.DeepClone());
                    }
                }

                foreach (var (name, value) in candidate.Where(p => p.Key is not ("content" or "index")))
                {
                    merged[name] = value?.DeepClone();
                }
            }
        }

        if (candidates.Count > 0)
        {
            whole["candidates"] = new JsonArray([.. candidates.Values]);
        }

        return whole;
    }

    private static bool IsPlainText(JsonObject part) => part.Count == 1 && part["text"] is not null;
}
