using System.Text.Json.Nodes;
using GeminiBalance.Hosting;

namespace GeminiBalance.Translation;

/// <summary>Puts a translated request's pieces together as one Gemini <c>GenerateContentRequest</c>, with SAFETY_SETTINGS.</summary>
internal static class GeminiRequestBody
{
    public static byte[] Create(
        JsonArray contents, JsonObject? systemInstruction, JsonArray? tools, JsonObject? toolConfig, JsonObject? generationConfig, ProxyOptions options) =>
        JsonOutput.ToUtf8(Build(contents, systemInstruction, tools, toolConfig, generationConfig, options));

    public static JsonObject Build(
        JsonArray contents, JsonObject? systemInstruction, JsonArray? tools, JsonObject? toolConfig, JsonObject? generationConfig, ProxyOptions options)
    {
        var body = new JsonObject { ["contents"] = contents };
        Add(body, "systemInstruction", systemInstruction);
        Add(body, "tools", tools);
        Add(body, "toolConfig", toolConfig);
        Add(body, "safetySettings", ServerRules.SafetySettings(options));

        Add(body, "generationConfig", generationConfig);
        return body;
    }

    private static void Add(JsonObject body, string name, JsonNode? value)
    {
        if (value is not null)
        {
            body[name] = value;
        }
    }
}
