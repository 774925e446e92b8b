using System.Text;
using System.Text.Json.Nodes;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>Field access that accepts both proto3-JSON spellings, since clients send lowerCamel and snake_case (docs/protocols.md#gemini-transport).</summary>
internal static class JsonFields
{
    public static JsonNode? Get(JsonObject obj, string camelName) =>
        obj.TryGetPropertyValue(camelName, out var value) || obj.TryGetPropertyValue(ToSnake(camelName), out value) ? value : null;

    public static bool Has(JsonObject obj, string camelName) =>
        obj.ContainsKey(camelName) || obj.ContainsKey(ToSnake(camelName));

    public static string ToSnake(string camelName)
    {
        var snake = new StringBuilder(camelName.Length + 4);
        foreach (var c in camelName)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                snake.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                snake.Append(c);
            }
        }

        return snake.ToString();
    }

    public static string? GetString(JsonObject obj, string camelName, string fieldPath) => Get(obj, camelName) switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var other => throw InvalidValue(fieldPath, "TYPE_STRING", other),
    };

    public static int? GetInt(JsonObject obj, string camelName, string fieldPath) => Get(obj, camelName) switch
    {
        null => null,
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, out var i) => i, // int-as-string is valid proto3 JSON
        var other => throw InvalidValue(fieldPath, "TYPE_INT32", other),
    };

    public static JsonObject? GetObject(JsonObject obj, string camelName, string fieldPath, string messageType) =>
        Get(obj, camelName) switch
        {
            null => null,
            JsonObject o => o,
            var other => throw InvalidValue(fieldPath, messageType, other),
        };

    public static JsonArray? GetArray(JsonObject obj, string camelName, string fieldPath, string messageType) =>
        Get(obj, camelName) switch
        {
            null => null,
            JsonArray a => a,
            var other => throw InvalidValue(fieldPath, messageType, other),
        };

    public static EmulatedErrorException InvalidValue(string fieldPath, string type, JsonNode? value) =>
        new(EmulatedErrors.InvalidJson($"Invalid value at '{fieldPath}' ({type}), {value?.ToJsonString() ?? "null"}"));
}
