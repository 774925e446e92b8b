using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.OpenAi;
using GeminiBalance.Translation;

namespace GeminiBalance.Responses;

/// <summary>
/// Responses <c>tools</c> (flat function tools, also grouped in namespaces; <c>web_search</c> as Google Search) and <c>tool_choice</c> → Gemini
/// <c>tools</c> and <c>toolConfig</c> (docs/protocols.md#responses-to-gemini). Declarations are made as for chat (<see cref="ChatTools"/>).
/// </summary>
internal static class ResponsesTools
{
    public static (GeminiTools Tools, JsonObject? ToolConfig) Translate(JsonElement request, bool googleSearch)
    {
        var declarations = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (RequestJson.Array(request, "tools", "tools") is { } list)
        {
            Declare(declarations, list, "tools", ref googleSearch);
        }

        var toolConfig = request.TryGetProperty("tool_choice", out var choice) && choice.ValueKind != JsonValueKind.Null
            ? ToolConfig(choice, declarations)
            : null;
        return (GeminiToolConfig.Tools(declarations.Values, googleSearch), toolConfig);
    }

    /// <summary>
    /// Declares the function tools of <paramref name="list"/>, and those grouped in a <c>namespace</c> tool (Codex groups its
    /// sub-agent tools so), which Gemini knows by their own names.
    /// </summary>
    private static void Declare(Dictionary<string, JsonObject> declarations, JsonElement list, string listParam, ref bool googleSearch)
    {
        var i = 0;
        foreach (var tool in list.EnumerateArray())
        {
            var param = $"{listParam}[{i++}]";
            if (tool.ValueKind != JsonValueKind.Object)
            {
                throw new TranslationException(param, $"'{param}' must be an object.");
            }

            switch (RequestJson.RequiredString(tool, "type", $"{param}.type"))
            {
                case "function":
                    ChatTools.Declare(declarations, tool, param);
                    break;
                case "namespace":
                    Declare(declarations, RequestJson.Array(tool, "tools", $"{param}.tools") ?? throw new TranslationException($"{param}.tools", "'tools' is required."), $"{param}.tools", ref googleSearch);
                    break;
                case "web_search" or "web_search_preview":
                    googleSearch = true;
                    break;
                case var other:
                    throw new TranslationException($"{param}.type", $"Tools of type '{other}' are not supported: use function, namespace or web_search.");
            }
        }
    }

    private static JsonObject? ToolConfig(JsonElement choice, Dictionary<string, JsonObject> declarations)
    {
        const string param = "tool_choice";
        if (choice.ValueKind == JsonValueKind.String)
        {
            return choice.GetString() switch
            {
                // The defaults: meaningful only when functions are declared, and harmless otherwise.
                "auto" => declarations.Count == 0 ? null : GeminiToolConfig.Mode("AUTO"),
                "none" => declarations.Count == 0 ? null : GeminiToolConfig.Mode("NONE"),
                "required" when declarations.Count > 0 => GeminiToolConfig.Mode("ANY"),
                "required" => throw new TranslationException(param, "'tool_choice' is 'required' but no function tools are declared."),
                var other => throw new TranslationException(param, $"'{other}' is not a valid tool_choice: use none, auto, required or a named function."),
            };
        }

        if (choice.ValueKind != JsonValueKind.Object)
        {
            throw new TranslationException(param, "'tool_choice' must be a string or an object.");
        }

        return RequestJson.RequiredString(choice, "type", "tool_choice.type") switch
        {
            "function" => GeminiToolConfig.Mode("ANY", [ChatTools.Declared(RequestJson.RequiredString(choice, "name", "tool_choice.name"), param, declarations)]),
            "allowed_tools" => AllowedTools(choice, declarations),
            var other => throw new TranslationException("tool_choice.type", $"'{other}' is not a supported tool_choice type: use function or allowed_tools."),
        };
    }

    private static JsonObject AllowedTools(JsonElement choice, Dictionary<string, JsonObject> declarations)
    {
        var names = new List<string>();
        var i = 0;
        foreach (var tool in (RequestJson.Array(choice, "tools", "tool_choice.tools") ?? throw new TranslationException("tool_choice.tools", "'tools' is required.")).EnumerateArray())
        {
            var toolParam = $"tool_choice.tools[{i++}]";
            if (tool.ValueKind != JsonValueKind.Object || RequestJson.String(tool, "type", $"{toolParam}.type") != "function")
            {
                throw new TranslationException(toolParam, "Only function tools can be allowed here.");
            }

            names.Add(ChatTools.Declared(RequestJson.RequiredString(tool, "name", $"{toolParam}.name"), "tool_choice", declarations));
        }

        return RequestJson.RequiredString(choice, "mode", "tool_choice.mode") switch
        {
            "required" => GeminiToolConfig.Mode("ANY", names),
            "auto" => ChatTools.RemoveAllBut(names, declarations),
            var mode => throw new TranslationException("tool_choice.mode", $"'{mode}' is not a valid mode: use auto or required."),
        };
    }
}
