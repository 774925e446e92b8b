using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Hosting;
using GeminiBalance.Translation;

namespace GeminiBalance.OpenAi;

/// <summary>OpenAI sampling, length, format and reasoning parameters → Gemini <c>generationConfig</c> (docs/protocols.md#chat-to-gemini).</summary>
internal static class ChatGenerationConfig
{
    public static JsonObject? Translate(JsonElement request, ModelName model, ProxyOptions options)
    {
        var config = new JsonObject();
        GenerationConfigFields.Set(config, "temperature", RequestJson.Number(request, "temperature", "temperature", 0, 2));
        GenerationConfigFields.Set(config, "topP", RequestJson.Number(request, "top_p", "top_p", 0, 1));
        GenerationConfigFields.Set(config, "topK", RequestJson.Integer(request, "top_k", "top_k", 1, int.MaxValue));
        GenerationConfigFields.Set(config, "maxOutputTokens",
            RequestJson.Integer(request, "max_completion_tokens", "max_completion_tokens", 1, int.MaxValue)
            ?? RequestJson.Integer(request, "max_tokens", "max_tokens", 1, int.MaxValue));
        GenerationConfigFields.Set(config, "candidateCount", RequestJson.Integer(request, "n", "n", 1, 8));
        GenerationConfigFields.Set(config, "seed", RequestJson.Integer(request, "seed", "seed", int.MinValue, int.MaxValue));
        GenerationConfigFields.Set(config, "presencePenalty", RequestJson.Number(request, "presence_penalty", "presence_penalty", -2, 2));
        GenerationConfigFields.Set(config, "frequencyPenalty", RequestJson.Number(request, "frequency_penalty", "frequency_penalty", -2, 2));
        if (StopSequences(request) is { } stop)
        {
            config["stopSequences"] = stop;
        }

        ResponseFormat(request, config);
        if (model.Image)
        {
            config["responseModalities"] = ServerRules.ImageModalities();
        }
        else if (ThinkingConfig(RequestJson.String(request, "reasoning_effort", "reasoning_effort"), "reasoning_effort", model, options, options.ShowThinkingProcess) is { } thinking)
        {
            config["thinkingConfig"] = thinking;
        }

        return config.Count == 0 ? null : config;
    }

    private static JsonArray? StopSequences(JsonElement request)
    {
        if (!request.TryGetProperty("stop", out var stop) || stop.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (stop.ValueKind == JsonValueKind.String)
        {
            return stop.GetString() is { Length: > 0 } one ? new JsonArray(one) : null;
        }

        // OpenAI allows 4; Gemini 5. Up to Gemini's limit is honoured.
        return GenerationConfigFields.StopSequences(stop, "stop", "'stop' must be a string or an array of up to 5 strings.");
    }

    private static void ResponseFormat(JsonElement request, JsonObject config)
    {
        if (RequestJson.Object(request, "response_format", "response_format") is not { } format)
        {
            return;
        }

        var type = RequestJson.RequiredString(format, "type", "response_format.type");
        var jsonSchema = type == "json_schema"
            ? RequestJson.Object(format, "json_schema", "response_format.json_schema") ?? throw new TranslationException("response_format.json_schema", "'json_schema' is required.")
            : default;
        SetFormat(config, type, "response_format", type == "json_schema" ? RequestJson.Object(jsonSchema, "schema", "response_format.json_schema.schema") : null,
            "response_format.json_schema.schema");
    }

    /// <summary>An OpenAI output format (text, json_object, json_schema) as Gemini's response MIME type and schema.</summary>
    /// <param name="param">Where the client put the format, for errors.</param>
    public static void SetFormat(JsonObject config, string type, string param, JsonElement? schema, string schemaParam)
    {
        switch (type)
        {
            case "text":
                break;
            case "json_object":
                config["responseMimeType"] = "application/json";
                break;
            case "json_schema":
                config["responseMimeType"] = "application/json";
                if (schema is { } value)
                {
                    config["responseSchema"] = JsonSchemaCleaner.Clean(value, schemaParam);
                }

                break;
            default:
                throw new TranslationException($"{param}.type", $"'{type}' is not a supported {param}: use text, json_object or json_schema.");
        }
    }

    /// <summary>
    /// reasoning_effort wins, then the -non-thinking suffix, then THINKING_BUDGET_MAP. Budgets follow Google's own
    /// OpenAI-compatible mapping (low 1K, medium 8K, high 24K); Gemini 3 takes a level instead.
    /// </summary>
    /// <param name="effortParam">Where the client put the effort (<c>reasoning_effort</c>, <c>reasoning.effort</c>).</param>
    /// <param name="includeThoughts">Whether to ask for thought summaries when the model thinks.</param>
    public static JsonObject? ThinkingConfig(string? effort, string effortParam, ModelName model, ProxyOptions options, bool includeThoughts)
    {
        if (!model.Thinks)
        {
            return effort is null or "none"
                ? null
                : throw new TranslationException(effortParam, $"The model '{model.Upstream}' does not think, so '{effortParam}' cannot be honoured.");
        }

        var thinking = new JsonObject();
        int? budget = null;
        if (effort is not null)
        {
            if (model.IsGemini3)
            {
                thinking["thinkingLevel"] = effort switch
                {
                    "none" or "minimal" or "low" => "low",
                    "medium" or "high" or "xhigh" or "max" => "high",
                    _ => throw InvalidEffort(effort, effortParam),
                };
            }
            else
            {
                budget = effort switch
                {
                    "none" => model.LeastBudget,
                    "minimal" => Math.Max(model.LeastBudget, 512),
                    "low" => 1024,
                    "medium" => 8192,
                    "high" => 24576,
                    "xhigh" or "max" => model.MostBudget,
                    _ => throw InvalidEffort(effort, effortParam),
                };
            }
        }
        else
        {
            budget = model.DefaultThinkingBudget(options);
        }

        if (budget is { } value)
        {
            thinking["thinkingBudget"] = value;
        }

        if (includeThoughts && budget is not 0)
        {
            thinking["includeThoughts"] = true;
        }

        return thinking.Count == 0 ? null : thinking;
    }

    private static TranslationException InvalidEffort(string effort, string param) =>
        new(param, $"'{effort}' is not a valid {param}: use none, minimal, low, medium, high, xhigh or max.");
}
