using System.Text.Json;
using System.Text.Json.Nodes;

namespace GeminiBalance.Translation;

/// <summary>The <c>generationConfig</c> pieces every translated surface fills the same way.</summary>
internal static class GenerationConfigFields
{
    // Gemini's limit; dropping the rest would let the model run past a stop the client relies on, so more is refused.
    private const int MaxStopSequences = 5;

    /// <summary>Sets <paramref name="name"/> when the client sent a value.</summary>
    public static void Set(JsonObject config, string name, double? value)
    {
        if (value is { } number)
        {
            config[name] = number;
        }
    }

    /// <inheritdoc cref="Set(JsonObject, string, double?)"/>
    public static void Set(JsonObject config, string name, long? value)
    {
        if (value is { } number)
        {
            config[name] = number;
        }
    }

    /// <summary>An array of up to five strings as <c>stopSequences</c>, empty strings left out; null when none remain.</summary>
    /// <exception cref="TranslationException">Not such an array; <paramref name="message"/> says what the field takes.</exception>
    public static JsonArray? StopSequences(JsonElement list, string field, string message)
    {
        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() > MaxStopSequences || list.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String))
        {
            throw new TranslationException(field, message);
        }

        var sequences = list.EnumerateArray().Select(s => s.GetString() ?? "").Where(s => s.Length > 0).ToArray();
        return sequences.Length == 0 ? null : new JsonArray([.. sequences.Select(s => JsonValue.Create(s))]);
    }
}
