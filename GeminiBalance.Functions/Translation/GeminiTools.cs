using System.Text.Json.Nodes;

namespace GeminiBalance.Translation;

/// <summary>A request's Gemini <c>tools</c> (null for none), and whether Google Search was asked for but left out (see <see cref="GeminiToolConfig.Tools"/>).</summary>
internal sealed record GeminiTools(JsonArray? Tools, bool SearchDropped);
