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

    private static readonly HashSet<string> Unsupported = new(StringComparer.Ordinal)
    {
        "container", "mcp_servers", "output_config", "output_format", "inference_geo",
    };

    public static void Check(JsonElement request)
    {
        foreach (var field in request.EnumerateObject())
        {
            if (Unsupported.Contains(field.Name))
            {
                throw new TranslationException(field.Name, $"'{field.Name}' is not supported by this service, so it cannot be honoured; remove it.");
            }

            if (!Translated.Contains(field.Name) && !Ignored.Contains(field.Name))
            {
                throw new TranslationException(field.Name, "Extra inputs are not permitted.");
            }
        }
    }
}
