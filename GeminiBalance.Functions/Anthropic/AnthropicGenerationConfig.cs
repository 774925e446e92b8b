using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Hosting;
using GeminiBalance.Translation;

namespace GeminiBalance.Anthropic;

/// <summary>Anthropic sampling, length, stop and thinking parameters → Gemini <c>generationConfig</c> (docs/protocols.md#messages-to-gemini).</summary>
internal static class AnthropicGenerationConfig
{
    // Anthropic's own floor for a thinking budget.
    private const int LeastThinkingBudget = 1024;

    /// <returns>The config (null when empty), and whether thought summaries were asked for.</returns>
    public static (JsonObject? Config, bool ShowThinking) Translate(JsonElement request, ModelName model, ProxyOptions options)
    {
        var config = new JsonObject();
        var maxTokens = RequestJson.Integer(request, "max_tokens", "max_tokens", 1, int.MaxValue)
            ?? throw new TranslationException("max_tokens", "'max_tokens' is required.");
        config["maxOutputTokens"] = maxTokens;
        GenerationConfigFields.Set(config, "temperature", RequestJson.Number(request, "temperature", "temperature", 0, 1));
        GenerationConfigFields.Set(config, "topP", RequestJson.Number(request, "top_p", "top_p", 0, 1));
        GenerationConfigFields.Set(config, "topK", RequestJson.Integer(request, "top_k", "top_k", 1, int.MaxValue));
        if (StopSequences(request) is { } stop)
        {
            config["stopSequences"] = stop;
        }

        var (thinking, show) = ThinkingConfig(request, model, options, maxTokens);
        if (thinking is not null)
        {
            config["thinkingConfig"] = thinking;
        }

        return (config, show);
    }

    private static JsonArray? StopSequences(JsonElement request)
    {
        if (RequestJson.Array(request, "stop_sequences", "stop_sequences") is not { } list)
        {
            return null;
        }

        return GenerationConfigFields.StopSequences(list, "stop_sequences", "'stop_sequences' must be an array of up to 5 strings here (Gemini's limit).");
    }

    /// <summary>
    /// <c>enabled</c> → the budget (capped at the model's most; for Gemini 3, a level) with thought summaries; <c>adaptive</c> →
    /// Gemini's dynamic thinking with summaries; <c>disabled</c> → the model's least; none → the <c>-non-thinking</c> suffix or
    /// THINKING_BUDGET_MAP, without summaries.
    /// </summary>
    private static (JsonObject? Config, bool Show) ThinkingConfig(JsonElement request, ModelName model, ProxyOptions options, long maxTokens)
    {
        var thinking = RequestJson.Object(request, "thinking", "thinking");
        var type = thinking is { } t ? RequestJson.RequiredString(t, "type", "thinking.type") : null;
        if (type is not (null or "enabled" or "disabled" or "adaptive"))
        {
            throw new TranslationException("thinking.type", $"'{type}' is not a valid thinking type: use enabled, disabled or adaptive.");
        }

        if (!model.Thinks)
        {
            return type is null or "disabled"
                ? (null, false)
                : throw new TranslationException("thinking", $"The model '{model.Upstream}' does not think, so 'thinking' cannot be honoured.");
        }

        var config = new JsonObject();
        switch (type)
        {
            case "enabled":
                var budget = RequestJson.Integer(thinking!.Value, "budget_tokens", "thinking.budget_tokens", LeastThinkingBudget, int.MaxValue)
                    ?? throw new TranslationException("thinking.budget_tokens", "'budget_tokens' is required when thinking is enabled.");
                if (budget >= maxTokens)
                {
                    throw new TranslationException("thinking.budget_tokens", "'max_tokens' must be greater than 'thinking.budget_tokens'.");
                }

                if (model.IsGemini3)
                {
                    config["thinkingLevel"] = budget < 8192 ? "low" : "high";
                }
                else
                {
                    config["thinkingBudget"] = Math.Min(budget, model.MostBudget);
                }

                config["includeThoughts"] = true;
                return (config, true);
            case "adaptive":
                if (!model.IsGemini3)
                {
                    config["thinkingBudget"] = -1;
                }

                config["includeThoughts"] = true;
                return (config, true);
            case "disabled":
                if (model.IsGemini3)
                {
                    config["thinkingLevel"] = "low";
                }
                else
                {
                    config["thinkingBudget"] = model.LeastBudget;
                }

                return (config, false);
            default:
                if (model.NonThinking)
                {
                    config["thinkingBudget"] = model.LeastBudget;
                }
                else if (options.ThinkingBudgets.TryGetValue(model.Upstream, out var mapped))
                {
                    config["thinkingBudget"] = mapped;
                }

                return (config.Count == 0 ? null : config, false);
        }
    }
}
