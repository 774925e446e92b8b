using System.Text.Json;
using GeminiBalance.Auth;
using GeminiBalance.Quotas;

namespace GeminiBalance.Hosting;

/// <summary>
/// KEY_MODEL_LIMITS (<c>{"gemini-2.5-pro": {"rpm": 5, "rpd": 100}, …}</c>) and KEY_TIERS
/// (<c>{"paid": {"keys": ["…"], "limits": {"gemini-2.5-pro": {"rpm": 150, "rpd": 10000}}}}</c>). A tier names its keys by
/// the short id the admin API shows, or by the key itself, which is hashed to that id at once and never kept.
/// </summary>
internal static partial class KeyLimitsSetting
{
    private const string LimitShape = "a JSON object of model name to {\"rpm\": n, \"rpd\": n, \"tpm\": n} (each optional, whole numbers of at least 1)";

    public static KeyLimits Parse(string? modelLimits, string? tiers)
    {
        var defaults = string.IsNullOrWhiteSpace(modelLimits)
            ? new Dictionary<string, ModelLimit>(StringComparer.Ordinal)
            : WithDocument(modelLimits, SettingNames.KeyModelLimits, LimitShape, root => ReadLimits(root, SettingNames.KeyModelLimits));
        var tierList = string.IsNullOrWhiteSpace(tiers)
            ? []
            : WithDocument(tiers, SettingNames.KeyTiers, TierShape, ReadTiers);
        return defaults.Count == 0 && tierList.Count == 0 ? KeyLimits.None : new KeyLimits(defaults, tierList);
    }

    private const string TierShape = "a JSON object of tier name to {\"keys\": [key ids or keys], \"limits\": " + LimitShape + "}";

    private static T WithDocument<T>(string text, string setting, string shape, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return read(document.RootElement);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            // The message never quotes the value: KEY_TIERS may hold keys.
            throw new SettingException(setting, "must be " + shape);
        }
    }

    private static Dictionary<string, ModelLimit> ReadLimits(JsonElement root, string setting)
    {
        var limits = new Dictionary<string, ModelLimit>(StringComparer.Ordinal);
        foreach (var model in root.EnumerateObject())
        {
            int? rpm = null, rpd = null, tpm = null;
            foreach (var field in model.Value.EnumerateObject())
            {
                if (field.Value.ValueKind == JsonValueKind.Null)
                {
                    continue; // As the console shows a limit that is not set.
                }

                var value = field.Value.GetInt32() >= 1 ? field.Value.GetInt32() : throw new FormatException();
                switch (field.Name)
                {
                    case "rpm": rpm = value; break;
                    case "rpd": rpd = value; break;
                    case "tpm": tpm = value; break;
                    default: throw new SettingException(setting, $"has an unknown limit '{field.Name}' for model '{model.Name}': use rpm, rpd and tpm");
                }
            }

            limits[Upstream.ModelId.IsValid(model.Name) ? model.Name : throw new FormatException()] = new ModelLimit(rpm, rpd, tpm);
        }

        return limits;
    }

    private static List<KeyTier> ReadTiers(JsonElement root)
    {
        var tiers = new List<KeyTier>();
        foreach (var tier in root.EnumerateObject())
        {
            var keys = tier.Value.GetProperty("keys").EnumerateArray().Select(key => KeyIdOf(key.GetString() ?? throw new FormatException())).ToArray();
            var limits = tier.Value.TryGetProperty("limits", out var named) ? ReadLimits(named, SettingNames.KeyTiers) : [];
            tiers.Add(new KeyTier(tier.Name, keys, limits));
        }

        return tiers;
    }

    private static string KeyIdOf(string entry) => ShortIdPattern().IsMatch(entry) ? entry : ShortId.From(entry.Trim());

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9a-f]{12}$")]
    private static partial System.Text.RegularExpressions.Regex ShortIdPattern();
}
