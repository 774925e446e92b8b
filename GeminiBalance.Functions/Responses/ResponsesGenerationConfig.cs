using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Hosting;
using GeminiBalance.OpenAi;
using GeminiBalance.Translation;

namespace GeminiBalance.Responses;

/// <summary>Responses sampling, length, <c>text.format</c> and <c>reasoning</c> → Gemini <c>generationConfig</c> (docs/protocols.md#responses-to-gemini).</summary>
internal static class ResponsesGenerationConfig
{
    public static JsonObject? Translate(JsonElement request, ModelName model, ProxyOptions options, bool showReasoning)
    {
        var config = new JsonObject();
        GenerationConfigFields.Set(config, "temperature", RequestJson.Number(request, "temperature", "temperature", 0, 2));
        GenerationConfigFields.Set(config, "topP", RequestJson.Number(request, "top_p", "top_p", 0, 1));
        GenerationConfigFields.Set(config, "maxOutputTokens", RequestJson.Integer(request, "max_output_tokens", "max_output_tokens", 1, int.MaxValue));

        if (RequestJson.Object(request, "text", "text") is { } text)
        {
            Format(text, config);
        }

        var reasoning = RequestJson.Object(request, "reasoning", "reasoning");
        var effort = reasoning is { } r ? RequestJson.String(r, "effort", "reasoning.effort") : null;
        if (model.Image)
        {
            config["responseModalities"] = new JsonArray("TEXT", "IMAGE");
        }
        else if (ChatGenerationConfig.ThinkingConfig(effort, "reasoning.effort", model, options, showReasoning) is { } thinking)
        {
            config["thinkingConfig"] = thinking;
        }

        return config.Count == 0 ? null : config;
    }

    /// <summary>Whether the request asks for reasoning summaries (<c>reasoning.summary</c>, or the deprecated <c>generate_summary</c>).</summary>
    public static bool WantsSummary(JsonElement request)
    {
        if (RequestJson.Object(request, "reasoning", "reasoning") is not { } reasoning)
        {
            return false;
        }

        var summary = RequestJson.String(reasoning, "summary", "reasoning.summary") ?? RequestJson.String(reasoning, "generate_summary", "reasoning.generate_summary");
        return summary switch
        {
            null or "none" => false,
            "auto" or "concise" or "detailed" => true,
            _ => throw new TranslationException("reasoning.summary", $"'{summary}' is not a valid reasoning.summary: use auto, concise or detailed."),
        };
    }

    private static void Format(JsonElement text, JsonObject config)
    {
        if (RequestJson.Object(text, "format", "text.format") is not { } format)
        {
            return;
        }

        var type = RequestJson.RequiredString(format, "type", "text.format.type");
        var schema = type == "json_schema"
            ? RequestJson.Object(format, "schema", "text.format.schema") ?? throw new TranslationException("text.format.schema", "'schema' is required.")
            : (JsonElement?)null;
        ChatGenerationConfig.SetFormat(config, type, "text.format", schema, "text.format.schema");
    }
}
