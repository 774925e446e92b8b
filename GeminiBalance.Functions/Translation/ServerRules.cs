using System.Text.Json.Nodes;
using GeminiBalance.Hosting;

namespace GeminiBalance.Translation;

/// <summary>
/// What gemini-balance's server adds to every generate request, whichever surface it came in on (translated or native),
/// taken from here by all of them: SAFETY_SETTINGS, the image output of <c>-image</c> models and the Google Search tool of
/// <c>-search</c> models. The model name's suffixes and the default thinking budget are <see cref="ModelName"/>'s.
/// </summary>
internal static class ServerRules
{
    /// <returns>SAFETY_SETTINGS as Gemini's <c>safetySettings</c>; null when the setting is <c>[]</c>.</returns>
    public static JsonArray? SafetySettings(ProxyOptions options) => options.SafetySettings.Count == 0
        ? null
        : new JsonArray([.. options.SafetySettings.Select(s => new JsonObject { ["category"] = s.Category, ["threshold"] = s.Threshold })]);

    /// <summary>An <c>-image</c> model's <c>responseModalities</c>.</summary>
    public static JsonArray ImageModalities() => new("TEXT", "IMAGE");

    /// <summary>A <c>-search</c> model's tool.</summary>
    public static JsonObject GoogleSearchTool() => new() { ["googleSearch"] = new JsonObject() };
}
