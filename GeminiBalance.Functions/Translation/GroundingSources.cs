using System.Text;
using System.Text.Json;

namespace GeminiBalance.Translation;

/// <summary>The web sources of a Google-Search-grounded candidate as a markdown list (SHOW_SEARCH_LINK).</summary>
internal static class GroundingSources
{
    /// <returns>The markdown to append, or null when the candidate carries no web sources.</returns>
    public static string? Markdown(JsonElement candidate)
    {
        if (!candidate.TryGetProperty("groundingMetadata", out var grounding)
            || !grounding.TryGetProperty("groundingChunks", out var chunks) || chunks.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var chunk in chunks.EnumerateArray())
        {
            if (chunk.TryGetProperty("web", out var web) && web.TryGetProperty("uri", out var uri) && uri.GetString() is { Length: > 0 } link)
            {
                var title = web.TryGetProperty("title", out var t) && t.GetString() is { Length: > 0 } named ? named : link;
                text.Append(text.Length == 0 ? "\n\n**Sources:**\n" : "").Append($"- [{title}]({link})\n");
            }
        }

        return text.Length == 0 ? null : text.ToString();
    }
}
