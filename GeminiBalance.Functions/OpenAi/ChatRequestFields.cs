using System.Text.Json;
using GeminiBalance.Endpoints;
using GeminiBalance.Translation;

namespace GeminiBalance.OpenAi;

/// <summary>
/// What happens to each top-level field of a chat request. Translated fields are handled elsewhere; fields that do not
/// change the answer are ignored; fields whose meaning cannot be honoured are refused with a 400 naming them. A field
/// OpenAI does not define is a client's own extra (<c>repetition_penalty</c>, <c>include_reasoning</c>…) and is ignored,
/// as gemini-balance and most gateways do, and named back to the client (<see cref="IgnoredFields"/>).
/// </summary>
internal static class ChatRequestFields
{
    private static readonly HashSet<string> Translated = new(StringComparer.Ordinal)
    {
        "model", "messages", "stream", "stream_options", "temperature", "top_p", "top_k", "max_tokens", "max_completion_tokens",
        "n", "stop", "seed", "presence_penalty", "frequency_penalty", "response_format", "reasoning_effort", "tools",
        "tool_choice", "functions", "function_call", "web_search_options", "modalities", "logprobs", "logit_bias",
    };

    /// <summary>Bookkeeping, routing and caching hints with no bearing on the answer; and <c>parallel_tool_calls</c>, which Gemini cannot enforce.</summary>
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "user", "store", "metadata", "service_tier", "prompt_cache_key", "prompt_cache_retention", "safety_identifier",
        "parallel_tool_calls", "prediction", "verbosity",
    };

    /// <summary>OpenAI fields that would change the answer in ways Gemini cannot (audio output, token alternatives).</summary>
    private static readonly string[] Refused = ["audio", "top_logprobs"];

    private static readonly HashSet<string> Known = [.. Translated, .. Ignored, .. Refused];

    /// <returns>The fields OpenAI does not define, which are ignored.</returns>
    public static IReadOnlyList<string> Check(JsonElement request)
    {
        foreach (var field in Refused)
        {
            if (RequestJson.Has(request, field))
            {
                throw Unsupported(field);
            }
        }

        if (RequestJson.Bool(request, "logprobs", "logprobs") == true)
        {
            throw Unsupported("logprobs");
        }

        if (RequestJson.Object(request, "logit_bias", "logit_bias") is { } bias && bias.EnumerateObject().Any())
        {
            throw Unsupported("logit_bias");
        }

        if (RequestJson.Array(request, "modalities", "modalities") is { } modalities && modalities.EnumerateArray().Any(m => m.GetString() != "text"))
        {
            throw new TranslationException("modalities", "Only text output is supported here; use /v1/audio/speech for audio, or an '-image' model for images.");
        }

        return IgnoredFields.Find(request, Known);
    }

    private static TranslationException Unsupported(string field) =>
        new(field, $"'{field}' is not supported by this service, so it cannot be honoured; remove it.");
}
