using System.Text.Json;
using GeminiBalance.Translation;

namespace GeminiBalance.Anthropic;

/// <summary>
/// What happens to each top-level field of a Messages request. Translated fields are handled elsewhere; fields that do
/// not change what is asked are ignored; fields that cannot be honoured are refused with a 400 naming them, as is any
/// field Anthropic does not define (as Anthropic itself does), so nothing a client relies on is silently dropped.
/// </summary>
internal static class MessagesRequestFields
{
    private static readonly HashSet<string> Translated = new(StringComparer.Ordinal)
    {
        "model", "messages", "system", "max_tokens", "stop_sequences", "stream", "temperature", "top_p", "top_k", "tools",
        "tool_choice", "thinking",
    };

    /// <summary>
    /// Bookkeeping and routing hints, and Claude Code's <c>context_management</c>: server-side trimming of old tool
    /// results, which only saves tokens; without it the whole conversation is sent, and the answer is still right.
    /// </summary>
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "metadata", "service_tier", "context_management",
    };

    // "thread" is refused apart (see Check), with the error code the SDKs fall back on.

    private static readonly HashSet<string> Unsupported = new(StringComparer.Ordinal)
    {
        "container", "mcp_servers", "output_format", "inference_geo",
    };

    public static void Check(JsonElement request)
    {
        foreach (var field in request.EnumerateObject())
        {
            if (field.Name == "thread" && field.Value.ValueKind != JsonValueKind.Null)
            {
                // Worded as Anthropic refuses a request it cannot thread: the SDKs (the beta tool runner among them) then drop
                // the thread and send the whole conversation, which this service answers as usual.
                throw new TranslationException("thread", "This request cannot be made on a message thread here: send the full conversation without 'thread'.",
                    errorCode: "thread_unsupported_request");
            }

            if (field.Name == "output_config")
            {
                CheckOutputConfig(field.Value);
                continue;
            }

            if (Unsupported.Contains(field.Name))
            {
                throw new TranslationException(field.Name, $"'{field.Name}' is not supported by this service, so it cannot be honoured; remove it.");
            }

            if (!Translated.Contains(field.Name) && !Ignored.Contains(field.Name) && field.Name != "thread")
            {
                throw new TranslationException(field.Name, "Extra inputs are not permitted.");
            }
        }
    }

    /// <summary>
    /// <c>effort</c> (which Claude Code sends on every request) says how hard to think, not what to answer, and Gemini sizes its
    /// own thinking unless <c>thinking</c> sets a budget, so it is accepted and left out. A <c>format</c> (structured output)
    /// would change the answer and is not translated, so it is refused, as is anything else.
    /// </summary>
    private static void CheckOutputConfig(JsonElement config)
    {
        if (config.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (config.ValueKind != JsonValueKind.Object)
        {
            throw new TranslationException("output_config", "'output_config' must be an object.");
        }

        foreach (var field in config.EnumerateObject())
        {
            if (field.Name != "effort" && field.Value.ValueKind != JsonValueKind.Null)
            {
                throw new TranslationException($"output_config.{field.Name}", $"'output_config.{field.Name}' is not supported by this service, so it cannot be honoured; remove it.");
            }
        }
    }
}
