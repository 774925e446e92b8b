using System.Text.Json;
using GeminiBalance.Endpoints;

namespace GeminiBalance.OpenAi;

/// <summary>
/// Typed reads of an OpenAI request's top-level fields. Every problem is an <see cref="OpenAiRequestException"/> naming
/// the field. A field OpenAI does not define is ignored and named back (<see cref="IgnoredFields"/>); one OpenAI defines
/// but this proxy cannot honour is refused, so nothing that would change the answer is silently dropped.
/// </summary>
internal static class OpenAiFields
{
    /// <summary>Refuses the request when it sets a field of <paramref name="refused"/>.</summary>
    /// <param name="known">Every field the endpoint reads, ignores on purpose or refuses.</param>
    /// <returns>The fields outside <paramref name="known"/>, which are ignored.</returns>
    public static IReadOnlyList<string> Check(JsonElement request, IReadOnlySet<string> known, params string[] refused)
    {
        foreach (var name in refused)
        {
            if (Find(request, name) is not null)
            {
                throw new OpenAiRequestException(name, $"'{name}' is not supported by this service, so it cannot be honoured; remove it.");
            }
        }

        return IgnoredFields.Find(request, known);
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
