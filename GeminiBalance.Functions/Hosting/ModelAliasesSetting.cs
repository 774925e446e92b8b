using System.Text.Json;
using GeminiBalance.Upstream;

namespace GeminiBalance.Hosting;

/// <summary>MODEL_ALIASES: a JSON object of the name a client uses to the Gemini model it means, e.g. <c>{"gpt-4o": "gemini-2.5-pro"}</c>.</summary>
internal static class ModelAliasesSetting
{
    public static IReadOnlyDictionary<string, string> Parse(string? value)
    {
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(value))
        {
            return aliases;
        }

        try
        {
            using var document = JsonDocument.Parse(value);
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                var target = entry.Value.GetString() ?? "";
                // Both sides end up in an upstream path or a model list, so both must be model ids; an alias of an alias
                // would make the answer depend on the order of lookups.
                aliases[ModelId.IsValid(entry.Name) && ModelId.IsValid(target) ? entry.Name : throw Invalid()] = target;
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            throw Invalid();
        }

        return aliases.Values.Any(aliases.ContainsKey)
            ? throw new SettingException(SettingNames.ModelAliases, "maps a name to another alias: point every alias at a Gemini model")
            : aliases;
    }

    private static SettingException Invalid() =>
        new(SettingNames.ModelAliases, "must be a JSON object of model name to model name, e.g. {\"gpt-4o\": \"gemini-2.5-pro\"}");
}
