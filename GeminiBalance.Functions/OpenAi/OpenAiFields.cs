using System.Text.Json;

namespace GeminiBalance.OpenAi;

/// <summary>
/// Typed reads of an OpenAI request's top-level fields. Every problem is an <see cref="OpenAiRequestException"/> naming
/// the field; a field the endpoint does not know is refused, as OpenAI does, rather than silently ignored.
/// </summary>
internal static class OpenAiFields
{
    public static void RejectUnknown(JsonElement request, params string[] known)
    {
        foreach (var property in request.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new OpenAiRequestException(property.Name, $"Unrecognized request argument supplied: {property.Name}. This endpoint accepts: {string.Join(", ", known)}.");
            }
        }
    }

    /// <returns>The string, or null when the field is absent or null.</returns>
    public static string? String(JsonElement request, string name) => Find(request, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        _ => throw new OpenAiRequestException(name, $"'{name}' must be a string."),
    };

    public static string RequiredString(JsonElement request, string name) =>
        String(request, name) is { Length: > 0 } value ? value : throw new OpenAiRequestException(name, $"'{name}' is required and must be a non-empty string.");

    public static int? Int(JsonElement request, string name, int min, int max) => Find(request, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt32(out var number) && number >= min && number <= max => number,
        _ => throw new OpenAiRequestException(name, $"'{name}' must be a whole number from {min} to {max}."),
    };

    public static double? Number(JsonElement request, string name, double min, double max) => Find(request, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.GetDouble() is var number && number >= min && number <= max => number,
        _ => throw new OpenAiRequestException(name, $"'{name}' must be a number from {min} to {max}."),
    };

    /// <summary>A string field limited to <paramref name="allowed"/>, compared as OpenAI does (exactly).</summary>
    public static string? OneOf(JsonElement request, string name, params string[] allowed) => String(request, name) switch
    {
        null => null,
        var value when allowed.Contains(value, StringComparer.Ordinal) => value,
        var value => throw new OpenAiRequestException(name, $"'{value}' is not supported for '{name}'; use one of: {string.Join(", ", allowed)}."),
    };

    /// <summary>The field's value; null for an absent field or an explicit JSON null, which OpenAI treats alike.</summary>
    public static JsonElement? Find(JsonElement request, string name) =>
        request.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}
