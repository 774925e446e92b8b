using System.Text.Json.Nodes;
using GeminiBalance.Hosting;
using GeminiBalance.Translation;

namespace GeminiBalance.Responses;

/// <summary>What every event and the final object of one response share, and how the request asked it to be shaped.</summary>
/// <param name="CreatedAt">Unix seconds.</param>
internal sealed record ResponsesReply(string Id, long CreatedAt, string Model, ResponsesIds Ids, bool ShowReasoning, bool ShowSearchLink, JsonObject Echo)
{
    public static ResponsesReply For(ResponsesTranslation translation, ProxyOptions options, ResponsesIds ids, TimeProvider time) => new(
        ids.Response(),
        time.GetUtcNow().ToUnixTimeSeconds(),
        translation.ClientModel,
        ids,
        translation.ShowReasoning,
        options.ShowSearchLink,
        translation.Echo);

    /// <summary>The response object (docs/protocols.md#openai-responses) in a given state.</summary>
    /// <param name="incomplete">Why the response is incomplete (<c>max_output_tokens</c>, <c>content_filter</c>), if it is.</param>
    public JsonObject Response(string status, JsonArray output, GeminiUsage? usage, string? incomplete = null, JsonObject? error = null)
    {
        var response = new JsonObject
        {
            ["id"] = Id,
            ["object"] = "response",
            ["created_at"] = CreatedAt,
            ["status"] = status,
            ["background"] = false,
            ["error"] = error,
            ["incomplete_details"] = incomplete is null ? null : new JsonObject { ["reason"] = incomplete },
            ["model"] = Model,
            ["output"] = output,
        };
        foreach (var (name, value) in Echo)
        {
            response[name] = value?.DeepClone();
        }

        response["usage"] = usage is null ? null : Usage(usage);
        return response;
    }

    /// <summary>
    /// The <c>namespace</c> tool that declared <paramref name="functionName"/>, if one did: Gemini knows the function by its
    /// own name (<see cref="ResponsesTools"/>), and the client finds it by both, so the call goes back with its namespace.
    /// </summary>
    public string? NamespaceOf(string functionName) =>
        (Echo["tools"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(tool => (string?)tool["type"] == "namespace" && tool["tools"] is JsonArray)
            .FirstOrDefault(tool => tool["tools"]!.AsArray().OfType<JsonObject>().Any(inner => (string?)inner["name"] == functionName))
            ?["name"]?.GetValue<string>();

    /// <summary>Thinking counted in output_tokens and shown as reasoning_tokens (docs/protocols.md#responses-to-gemini).</summary>
    private static JsonObject Usage(GeminiUsage usage) => new()
    {
        ["input_tokens"] = usage.Prompt,
        ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = usage.Cached },
        ["output_tokens"] = usage.Output,
        ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = usage.Thoughts },
        ["total_tokens"] = usage.Total,
    };
}
