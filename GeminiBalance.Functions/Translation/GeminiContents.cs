using System.Text.Json.Nodes;

namespace GeminiBalance.Translation;

/// <summary>
/// Gemini <c>contents</c> as a translator builds them: consecutive turns of one role are merged (both client protocols allow
/// them, older Gemini models refused them), except that nothing joins a turn of tool results, where Gemini would read a
/// person's words as more tool output (protocols.md E.5 #2). Turns without parts are left out (Gemini rejects them).
/// </summary>
internal sealed class GeminiContents
{
    private readonly List<(string Role, bool ToolResults, JsonArray Parts)> _turns = [];

    public bool IsEmpty => _turns.Count == 0;

    /// <param name="role">user or model.</param>
    /// <param name="toolResults">The parts answer the calls of the model turn before (<c>functionResponse</c> parts and their media).</param>
    public void Append(string role, JsonArray parts, bool toolResults = false)
    {
        if (parts.Count == 0)
        {
            return;
        }

        if (!toolResults && _turns.Count > 0 && _turns[^1] is { ToolResults: false } last && last.Role == role)
        {
            foreach (var part in parts.ToList())
            {
                parts.Remove(part);
                last.Parts.Add(part);
            }

            return;
        }

        _turns.Add((role, toolResults, parts));
    }

    public JsonArray ToJson() => [.. _turns.Select(turn => new JsonObject { ["role"] = turn.Role, ["parts"] = turn.Parts })];
}
