using System.Text.Json.Nodes;
using GeminiBalance.Hosting;

namespace GeminiBalance.Settings;

/// <summary>
/// What the console and <c>/manage/config</c> know about one setting: its section, whether it is a secret (shown
/// masked), why it cannot change while the app runs (null: it can), and how to show the value in force.
/// </summary>
/// <param name="Show">The value in force, from the resolved options, in the JSON shape a PUT takes back (secrets masked).</param>
internal sealed record SettingInfo(string Name, string Group, bool Secret, string? ReadOnlyBecause, Func<ProxyOptions, JsonNode?> Show)
{
    public bool Live => ReadOnlyBecause is null;
}
