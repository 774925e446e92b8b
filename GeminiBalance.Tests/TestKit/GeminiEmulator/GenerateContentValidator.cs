using System.Text.Json.Nodes;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>
/// Google's checks on the parts of a GenerateContentRequest that translated surfaces build: tools, tool config,
/// function calls and responses, inline data, safety settings and generation config (docs/protocols.md#gemini-request, #gemini-errors, #pitfalls).
/// </summary>
internal static class GenerateContentValidator
{
    private const string StructType = "type.googleapis.com/google.protobuf.Struct";

    private static readonly string[] GenerationConfigFields =
    [
        "candidateCount", "stopSequences", "maxOutputTokens", "temperature", "topP", "topK", "seed", "presencePenalty", "frequencyPenalty",
        "responseLogprobs", "logprobs", "responseMimeType", "responseSchema", "responseJsonSchema", "responseModalities", "speechConfig",
        "thinkingConfig", "imageConfig", "mediaResolution", "enableEnhancedCivicAnswers",
    ];

    private static readonly string[] ToolFields =
        ["functionDeclarations", "googleSearch", "codeExecution", "urlContext", "googleSearchRetrieval", "computerUse", "fileSearch", "googleMaps"];

    private static readonly string[] Categories =
    [
        "HARM_CATEGORY_HARASSMENT", "HARM_CATEGORY_HATE_SPEECH", "HARM_CATEGORY_SEXUALLY_EXPLICIT", "HARM_CATEGORY_DANGEROUS_CONTENT",
        "HARM_CATEGORY_CIVIC_INTEGRITY",
    ];

    private static readonly string[] Thresholds =
        ["HARM_BLOCK_THRESHOLD_UNSPECIFIED", "BLOCK_LOW_AND_ABOVE", "BLOCK_MEDIUM_AND_ABOVE", "BLOCK_ONLY_HIGH", "BLOCK_NONE", "OFF"];

    public static void Validate(JsonObject request)
    {
        ValidateContents(request);
        ValidateTools(request);
        ValidateToolConfig(request);
        ValidateSafetySettings(request);
        ValidateGenerationConfig(request);
    }

    private static void ValidateContents(JsonObject request)
    {
        var contents = JsonFields.Get(request, "contents") as JsonArray ?? [];
        var previousCalls = 0;
        for (var i = 0; i < contents.Count; i++)
        {
            var parts = contents[i] is JsonObject content ? JsonFields.Get(content, "parts") as JsonArray ?? [] : [];
            var calls = 0;
            var responses = 0;
            for (var j = 0; j < parts.Count; j++)
            {
                if (parts[j] is not JsonObject part)
                {
                    continue;
                }

                var path = $"contents[{i}].parts[{j}]";
                if (JsonFields.Get(part, "functionCall") is JsonObject call)
                {
                    calls++;
                    RequireName(call, $"{path}.function_call");
                    if (JsonFields.Get(call, "args") is { } args and not JsonObject)
                    {
                        throw JsonFields.InvalidValue($"{path}.function_call.args", StructType, args);
                    }
                }

                if (JsonFields.Get(part, "functionResponse") is JsonObject response)
                {
                    responses++;
                    RequireName(response, $"{path}.function_response");
                    var body = JsonFields.Get(response, "response");
                    if (body is not JsonObject)
                    {
                        throw body is null
                            ? new EmulatedErrorException(EmulatedErrors.InvalidArgument($"* GenerateContentRequest.{path}.function_response.response: response is required"))
                            : JsonFields.InvalidValue($"{path}.function_response.response", StructType, body);
                    }
                }

                if (JsonFields.Get(part, "inlineData") is JsonObject inline)
                {
                    var mimeType = JsonFields.GetString(inline, "mimeType", $"{path}.inline_data.mime_type");
                    var data = JsonFields.GetString(inline, "data", $"{path}.inline_data.data");
                    if (string.IsNullOrEmpty(mimeType) || string.IsNullOrEmpty(data) || !System.Buffers.Text.Base64.IsValid(data))
                    {
                        throw new EmulatedErrorException(EmulatedErrors.InvalidArgument($"* GenerateContentRequest.{path}.inline_data: Unable to process input image or data. Please retry or report in https://developers.generativeai.google/guide/troubleshooting"));
                    }
                }
            }

            if (responses > 0 && responses != previousCalls)
            {
                throw new EmulatedErrorException(EmulatedErrors.InvalidArgument(
                    "Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn."));
            }

            previousCalls = calls;
        }
    }

    private static void ValidateTools(JsonObject request)
    {
        var tools = JsonFields.Get(request, "tools") as JsonArray ?? [];
        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i] as JsonObject ?? throw JsonFields.InvalidValue($"tools[{i}]", "Tool", tools[i]);
            RejectUnknown(tool, ToolFields, $"tools[{i}]");
            var declarations = JsonFields.Get(tool, "functionDeclarations") as JsonArray ?? [];
            for (var j = 0; j < declarations.Count; j++)
            {
                var path = $"tools[{i}].function_declarations[{j}]";
                var declaration = declarations[j] as JsonObject ?? throw JsonFields.InvalidValue(path, "FunctionDeclaration", declarations[j]);
                RejectUnknown(declaration, ["name", "description", "parameters", "parametersJsonSchema", "response", "responseJsonSchema", "behavior"], path);
                RequireName(declaration, path);
                if (JsonFields.Get(declaration, "parameters") is { } parameters)
                {
                    GeminiSchemaValidator.Validate(parameters, $"{path}.parameters");
                }
            }
        }

        // Google Search and function declarations in one request are refused (publicly reported for Gemini 2.x, and for
        // Gemini 3 on API keys), whichever tool entries carry them.
        if (tools.OfType<JsonObject>().Any(t => JsonFields.Get(t, "functionDeclarations") is JsonArray { Count: > 0 })
            && tools.OfType<JsonObject>().Any(t => JsonFields.Has(t, "googleSearch")))
        {
            throw new EmulatedErrorException(EmulatedErrors.InvalidArgument("Tool use with function calling is unsupported by the model."));
        }
    }

    private static void ValidateToolConfig(JsonObject request)
    {
        if (JsonFields.Get(request, "toolConfig") is not JsonObject config || JsonFields.Get(config, "functionCallingConfig") is not JsonObject calling)
        {
            return;
        }

        var mode = JsonFields.GetString(calling, "mode", "tool_config.function_calling_config.mode");
        if (mode is not (null or "MODE_UNSPECIFIED" or "AUTO" or "ANY" or "NONE" or "VALIDATED"))
        {
            throw JsonFields.InvalidValue("tool_config.function_calling_config.mode", "type.googleapis.com/google.ai.generativelanguage.v1beta.FunctionCallingConfig.Mode", calling["mode"]);
        }

        if (JsonFields.Has(calling, "allowedFunctionNames") && mode != "ANY")
        {
            throw new EmulatedErrorException(EmulatedErrors.InvalidArgument(
                "* GenerateContentRequest.tool_config.function_calling_config.allowed_function_names: allowed_function_names should only be set when the mode is ANY."));
        }
    }

    private static void ValidateSafetySettings(JsonObject request)
    {
        var settings = JsonFields.Get(request, "safetySettings") as JsonArray ?? [];
        for (var i = 0; i < settings.Count; i++)
        {
            var setting = settings[i] as JsonObject ?? throw JsonFields.InvalidValue($"safety_settings[{i}]", "SafetySetting", settings[i]);
            var category = JsonFields.GetString(setting, "category", $"safety_settings[{i}].category");
            var threshold = JsonFields.GetString(setting, "threshold", $"safety_settings[{i}].threshold");
            if (!Categories.Contains(category))
            {
                throw JsonFields.InvalidValue($"safety_settings[{i}].category", "type.googleapis.com/google.ai.generativelanguage.v1beta.HarmCategory", setting["category"]);
            }

            if (!Thresholds.Contains(threshold))
            {
                throw JsonFields.InvalidValue($"safety_settings[{i}].threshold", "type.googleapis.com/google.ai.generativelanguage.v1beta.SafetySetting.HarmBlockThreshold", setting["threshold"]);
            }
        }
    }

    private static void ValidateGenerationConfig(JsonObject request)
    {
        if (JsonFields.Get(request, "generationConfig") is not JsonObject config)
        {
            return;
        }

        RejectUnknown(config, GenerationConfigFields, "generation_config");
        if (JsonFields.Get(config, "stopSequences") is JsonArray { Count: > 5 })
        {
            throw new EmulatedErrorException(EmulatedErrors.InvalidArgument("* GenerateContentRequest.generation_config.stop_sequences: at most 5 stop sequences are allowed"));
        }

        var candidates = JsonFields.GetInt(config, "candidateCount", "generation_config.candidate_count");
        if (candidates is < 1 or > 8)
        {
            throw new EmulatedErrorException(EmulatedErrors.InvalidArgument("* GenerateContentRequest.generation_config.candidate_count: must be between 1 and 8"));
        }

        if (JsonFields.Get(config, "responseSchema") is { } schema)
        {
            if (JsonFields.GetString(config, "responseMimeType", "generation_config.response_mime_type") != "application/json")
            {
                throw new EmulatedErrorException(EmulatedErrors.InvalidArgument(
                    "* GenerateContentRequest.generation_config.response_schema: response_mime_type must be application/json when response_schema is set"));
            }

            GeminiSchemaValidator.Validate(schema, "generation_config.response_schema");
        }

        if (JsonFields.Get(config, "thinkingConfig") is JsonObject thinking)
        {
            RejectUnknown(thinking, ["includeThoughts", "thinkingBudget", "thinkingLevel"], "generation_config.thinking_config");
            if (JsonFields.Has(thinking, "thinkingBudget") && JsonFields.Has(thinking, "thinkingLevel"))
            {
                throw new EmulatedErrorException(EmulatedErrors.InvalidArgument("You can only set only one of thinking budget and thinking level."));
            }
        }
    }

    private static void RequireName(JsonObject obj, string path)
    {
        if (string.IsNullOrEmpty(JsonFields.GetString(obj, "name", $"{path}.name")))
        {
            throw new EmulatedErrorException(EmulatedErrors.InvalidArgument($"* GenerateContentRequest.{path}.name: name is required"));
        }
    }

    private static void RejectUnknown(JsonObject obj, string[] fields, string path)
    {
        var unknown = obj.Select(p => p.Key).FirstOrDefault(name => !fields.Any(f => f == name || JsonFields.ToSnake(f) == name));
        if (unknown is not null)
        {
            throw new EmulatedErrorException(EmulatedErrors.InvalidJson($"Unknown name \"{unknown}\" at '{path}': Cannot find field."));
        }
    }
}
