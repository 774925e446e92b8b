using System.Text.Json;
using System.Text.Json.Nodes;

namespace GeminiBalance.Translation;

/// <summary>Tool results and replayed calls as Gemini wants them back (protocols.md E.4, E.5 #5).</summary>
internal static class FunctionResults
{
    /// <summary>
    /// Gemini 3 wants the thought signature back on replayed calls; a client with nowhere to keep it gets Google's
    /// documented sentinel on the first call of each turn instead.
    /// </summary>
    public const string SkippedSignature = "skip_thought_signature_validator";

    /// <summary>A tool result as the JSON object Gemini requires: an object result as is, anything else under "result".</summary>
    public static JsonObject ResponseObject(string text)
    {
        try
        {
            var parsed = JsonNode.Parse(text);
            return parsed as JsonObject ?? new JsonObject { ["result"] = parsed };
        }
        catch (JsonException)
        {
            return new JsonObject { ["result"] = text };
        }
    }
}
