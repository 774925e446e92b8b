using System.Text.Json;
using GeminiBalance.Translation;

namespace GeminiBalance.Responses;

/// <summary>
/// What happens to each top-level field of a Responses request (docs/protocols.md#openai-responses): translated, echoed, ignored because it
/// does not change the answer, or refused with a 400 naming it when its meaning cannot be honoured, as is any field
/// OpenAI does not define, so nothing a client relies on is silently dropped.
/// </summary>
internal static class ResponsesRequestFields
{
    private static readonly HashSet<string> Translated = new(StringComparer.Ordinal)
    {
        "model", "input", "instructions", "tools", "tool_choice", "max_output_tokens", "temperature", "top_p", "text",
        "reasoning", "stream", "store", "previous_response_id", "metadata",
    };

    /// <summary>
    /// Bookkeeping and caching hints; <c>parallel_tool_calls</c> and <c>max_tool_calls</c>, which Gemini cannot enforce;
    /// <c>truncation</c>, since nothing is truncated either way; <c>include</c>, whose extras (encrypted reasoning, logprobs)
    /// Gemini has no equivalent for; <c>stream_options</c>, whose only option (obfuscation) is padding; <c>client_metadata</c>,
    /// Codex's labels for its own turns and windows.
    /// </summary>
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "user", "safety_identifier", "prompt_cache_key", "prompt_cache_retention", "service_tier", "parallel_tool_calls",
        "max_tool_calls", "truncation", "include", "stream_options", "client_metadata",
    };

    public static void Check(JsonElement request)
    {
        foreach (var field in request.EnumerateObject())
        {
            if (!Translated.Contains(field.Name) && !Ignored.Contains(field.Name) && Refusal(field) is { } refused)
            {
                throw refused;
            }
        }
    }

    private static TranslationException? Refusal(JsonProperty field) => field.Name switch
    {
        // Their defaults ask for nothing, and some SDKs send them.
        "background" when field.Value.ValueKind is JsonValueKind.False or JsonValueKind.Null => null,
        "top_logprobs" when field.Value.ValueKind is JsonValueKind.Null || (field.Value.TryGetInt32(out var n) && n == 0) => null,
        "background" or "top_logprobs" or "conversation" or "prompt" =>
            new TranslationException(field.Name, $"'{field.Name}' is not supported by this service, so it cannot be honoured; remove it."),
        _ => new TranslationException(field.Name, $"Unrecognized request argument supplied: {field.Name}"),
    };
}
