using System.Text.Json.Nodes;

namespace GeminiBalance.Translation;

/// <summary>Media for a Gemini <c>inlineData</c> part.</summary>
/// <param name="Data">Base64.</param>
internal sealed record InlineMedia(string MimeType, string Data)
{
    public JsonObject ToPart() => new() { ["inlineData"] = new JsonObject { ["mimeType"] = MimeType, ["data"] = Data } };
}
