using System.Text.Json.Nodes;

namespace GeminiBalance.Settings;

/// <summary>One setting as <c>GET /manage/config</c> shows it.</summary>
/// <param name="Source">"console", "app setting" or "default".</param>
/// <param name="ReadOnlyBecause">Why it cannot change while the app runs; null when it can (<paramref name="Live"/>).</param>
internal sealed record SettingView(JsonNode? Value, string Source, bool Live, string Group, bool Secret, string? ReadOnlyBecause);
