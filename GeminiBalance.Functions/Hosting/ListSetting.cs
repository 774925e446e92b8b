using System.Text.Json;

namespace GeminiBalance.Hosting;

/// <summary>
/// Parses list settings the way gemini-balance users write them: a JSON array of strings
/// (<c>["a","b"]</c>) or a comma-separated list (<c>a,b</c>). Blank entries and duplicates are dropped.
/// </summary>
internal static class ListSetting
{
    public static IReadOnlyList<string> Parse(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        var trimmed = value.Trim();
        var items = trimmed.StartsWith('[') ? ParseJsonArray(name, trimmed) : trimmed.Split(',');
        return items.Select(item => item.Trim()).Where(item => item.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
    }

    private static string[] ParseJsonArray(string name, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.EnumerateArray()
                .Select(element => element.ValueKind == JsonValueKind.String
                    ? element.GetString() ?? ""
                    : throw new SettingException(name, "must be a JSON array of strings or a comma-separated list"))
                .ToArray();
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // The JSON parser's message can quote the value, and the value may be a key: say only where it failed.
            throw new SettingException(name, "is not a valid JSON array of strings (write [\"a\",\"b\"] or a,b)");
        }
    }
}
