using System.Text.Json;

namespace GeminiBalance.Translation;

/// <summary>Typed reads of a client's JSON request; a value of the wrong type is a <see cref="TranslationException"/> naming the field.</summary>
internal static class RequestJson
{
    public static bool Has(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public static string? String(JsonElement obj, string name, string param) => Get(obj, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        _ => throw new TranslationException(param, $"'{param}' must be a string."),
    };

    public static string RequiredString(JsonElement obj, string name, string param) =>
        String(obj, name, param) ?? throw new TranslationException(param, $"'{param}' is required.");

    public static bool? Bool(JsonElement obj, string name, string param) => Get(obj, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw new TranslationException(param, $"'{param}' must be a boolean."),
    };

    public static double? Number(JsonElement obj, string name, string param, double min, double max) => Get(obj, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.GetDouble() is var number && number >= min && number <= max => number,
        _ => throw new TranslationException(param, $"'{param}' must be a number from {min} to {max}."),
    };

    public static long? Integer(JsonElement obj, string name, string param, long min, long max) => Get(obj, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt64(out var number) && number >= min && number <= max => number,
        _ => throw new TranslationException(param, $"'{param}' must be a whole number from {min} to {max}."),
    };

    public static JsonElement? Object(JsonElement obj, string name, string param) => Get(obj, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Object } value => value,
        _ => throw new TranslationException(param, $"'{param}' must be an object."),
    };

    public static JsonElement? Array(JsonElement obj, string name, string param) => Get(obj, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Array } value => value,
        _ => throw new TranslationException(param, $"'{param}' must be an array."),
    };

    private static JsonElement? Get(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}
