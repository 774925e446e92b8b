using System.Text.Json;

namespace GeminiBalance.Hosting;

/// <summary>
/// SAFETY_SETTINGS as gemini-balance users write it: a JSON array of <c>{"category","threshold"}</c>. Unset means
/// gemini-balance's default (every category off); <c>[]</c> sends none, leaving Google's own defaults.
/// </summary>
internal static class SafetySettingsSetting
{
    private static readonly string[] Thresholds =
        ["HARM_BLOCK_THRESHOLD_UNSPECIFIED", "BLOCK_LOW_AND_ABOVE", "BLOCK_MEDIUM_AND_ABOVE", "BLOCK_ONLY_HIGH", "BLOCK_NONE", "OFF"];

    public static IReadOnlyList<SafetySetting> Default { get; } =
    [
        new("HARM_CATEGORY_HARASSMENT", "OFF"),
        new("HARM_CATEGORY_HATE_SPEECH", "OFF"),
        new("HARM_CATEGORY_SEXUALLY_EXPLICIT", "OFF"),
        new("HARM_CATEGORY_DANGEROUS_CONTENT", "OFF"),
        new("HARM_CATEGORY_CIVIC_INTEGRITY", "BLOCK_NONE"),
    ];

    public static IReadOnlyList<SafetySetting> Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Default;
        }

        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.EnumerateArray().Select(Read).ToArray();
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw Invalid();
        }
    }

    private static SafetySetting Read(JsonElement item)
    {
        var category = item.GetProperty("category").GetString() ?? "";
        var threshold = item.GetProperty("threshold").GetString() ?? "";
        return category.StartsWith("HARM_CATEGORY_", StringComparison.Ordinal) && Thresholds.Contains(threshold)
            ? new SafetySetting(category, threshold)
            : throw Invalid();
    }

    private static SettingException Invalid() => new(
        SettingNames.SafetySettings,
        $"must be a JSON array of {{\"category\":\"HARM_CATEGORY_…\",\"threshold\":…}} with a threshold among {string.Join(", ", Thresholds)}");
}
