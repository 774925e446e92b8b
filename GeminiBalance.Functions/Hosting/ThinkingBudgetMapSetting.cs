using System.Text.Json;

namespace GeminiBalance.Hosting;

/// <summary>THINKING_BUDGET_MAP as gemini-balance users write it: a JSON object of model → budget (-1 = dynamic, 0 = off).</summary>
internal static class ThinkingBudgetMapSetting
{
    public static IReadOnlyDictionary<string, int> Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return new Dictionary<string, int>(StringComparer.Ordinal);
        }

        try
        {
            using var document = JsonDocument.Parse(value);
            var map = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                // gemini-balance stores budgets as floats; a budget is a whole number of tokens.
                var budget = entry.Value.GetDouble();
                map[entry.Name] = budget >= -1 && budget <= int.MaxValue && budget == Math.Floor(budget) ? (int)budget : throw Invalid();
            }

            return map;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            throw Invalid();
        }
    }

    private static SettingException Invalid() =>
        new(SettingNames.ThinkingBudgetMap, "must be a JSON object of model name to a whole number of at least -1, e.g. {\"gemini-2.5-flash\": 1024}");
}
