using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Hosting;
using GeminiBalance.OpenAi;
using GeminiBalance.Translation;

namespace GeminiBalance.Responses;

/// <summary>A Responses request (and the stored conversation it continues) → a Gemini <c>GenerateContentRequest</c>. Pure: images by URL arrive downloaded.</summary>
internal static class ResponsesRequestTranslator
{
    /// <param name="history">The continued response's input and output items, oldest first; empty for a new conversation.</param>
    /// <exception cref="TranslationException">The request is invalid or asks for something that cannot be honoured.</exception>
    public static ResponsesTranslation Translate(
        JsonElement request, ProxyOptions options, IReadOnlyList<JsonElement> history, IReadOnlyDictionary<string, InlineMedia> downloadedImages)
    {
        if (request.ValueKind != JsonValueKind.Object)
        {
            throw new TranslationException("", "The request body must be a JSON object.");
        }

        ResponsesRequestFields.Check(request);
        var clientModel = RequestJson.RequiredString(request, "model", "model");
        var model = ModelName.Parse(clientModel, options);
        var showReasoning = ResponsesGenerationConfig.WantsSummary(request);

        var turns = new GeminiTurns(signReplayedCalls: model.IsGemini3);
        if (RequestJson.String(request, "instructions", "instructions") is { } instructions)
        {
            turns.AddSystemText(instructions);
        }

        var input = new ResponsesInput(turns, downloadedImages);
        var conversation = new JsonArray();
        foreach (var item in history)
        {
            // The stored items were checked when they were sent; a fault here is the stored conversation's.
            input.Add(item, "previous_response_id");
            conversation.Add(JsonNode.Parse(item.GetRawText()));
        }

        foreach (var (item, param) in Items(request))
        {
            input.Add(item, param);
            conversation.Add(JsonNode.Parse(item.GetRawText()));
        }

        input.Finish("input");
        var (systemInstruction, contents) = turns.Finish("input", "'input' must hold at least one message with content.");
        var (tools, toolConfig) = ResponsesTools.Translate(request, model.Search);
        var body = GeminiRequestBody.Create(contents, systemInstruction, tools.Tools, toolConfig, ResponsesGenerationConfig.Translate(request, model, options, showReasoning), options);
        var store = RequestJson.Bool(request, "store", "store") ?? true;
        return new ResponsesTranslation(
            clientModel,
            model,
            RequestJson.Bool(request, "stream", "stream") ?? false,
            store,
            showReasoning,
            conversation,
            Echo(request, store),
            body,
            tools.SearchDropped);
    }

    /// <summary>The request's input as items: a string is one user message.</summary>
    public static IEnumerable<(JsonElement Item, string Param)> Items(JsonElement request)
    {
        if (!request.TryGetProperty("input", out var input) || input.ValueKind == JsonValueKind.Null)
        {
            throw new TranslationException("input", "'input' is required.");
        }

        if (input.ValueKind == JsonValueKind.String)
        {
            var message = new JsonObject
            {
                ["type"] = "message",
                ["role"] = "user",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = input.GetString() }),
            };
            using var document = JsonDocument.Parse(message.ToJsonString());
            return [(document.RootElement.Clone(), "input")];
        }

        return input.ValueKind == JsonValueKind.Array
            ? input.EnumerateArray().Select((item, i) => (item, $"input[{i}]")).ToList()
            : throw new TranslationException("input", "'input' must be a string or an array of input items.");
    }

    /// <summary>What the response object repeats of the request, with OpenAI's defaults where the client sent nothing.</summary>
    private static JsonObject Echo(JsonElement request, bool store)
    {
        var reasoning = RequestJson.Object(request, "reasoning", "reasoning");
        return new JsonObject
        {
            ["instructions"] = Raw(request, "instructions"),
            ["max_output_tokens"] = Raw(request, "max_output_tokens"),
            ["parallel_tool_calls"] = Raw(request, "parallel_tool_calls") ?? true,
            ["previous_response_id"] = Raw(request, "previous_response_id"),
            ["reasoning"] = new JsonObject
            {
                ["effort"] = reasoning is { } r ? Raw(r, "effort") : null,
                ["summary"] = reasoning is { } s ? Raw(s, "summary") ?? Raw(s, "generate_summary") : null,
            },
            ["store"] = store,
            ["temperature"] = Raw(request, "temperature") ?? 1.0,
            ["text"] = Raw(request, "text") ?? new JsonObject { ["format"] = new JsonObject { ["type"] = "text" } },
            ["tool_choice"] = Raw(request, "tool_choice") ?? "auto",
            ["tools"] = Raw(request, "tools") ?? new JsonArray(),
            ["top_p"] = Raw(request, "top_p") ?? 1.0,
            ["truncation"] = Raw(request, "truncation") ?? "disabled",
            ["metadata"] = Raw(request, "metadata") ?? new JsonObject(),
        };
    }

    private static JsonNode? Raw(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? JsonNode.Parse(value.GetRawText()) : null;
}
