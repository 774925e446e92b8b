using System.Text.Json.Nodes;

namespace GeminiBalance.Tests.Soak;

/// <summary>Whether an error body (or error event) has the shape its protocol's SDKs expect (docs/protocols.md#gemini-errors, #openai).</summary>
internal static class ErrorShapes
{
    /// <summary>google.rpc.Status: <c>{"error":{"code","message","status"}}</c>; the code equals the HTTP status when there is one.</summary>
    public static bool IsGoogleError(JsonNode? node, int? httpStatus) =>
        node?["error"] is JsonObject error
        && error["code"] is JsonValue code && code.TryGetValue<int>(out var value) && (httpStatus is null || value == httpStatus)
        && IsText(error["message"]) && IsText(error["status"]);

    /// <summary>OpenAI: <c>{"error":{"message","type",…}}</c>.</summary>
    public static bool IsOpenAiError(JsonNode? node) =>
        node?["error"] is JsonObject error && IsText(error["message"]) && IsText(error["type"]);

    public static JsonNode? TryParse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static bool IsText(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0;
}
