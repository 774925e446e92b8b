using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Translation;

namespace GeminiBalance.Anthropic;

/// <summary>
/// Anthropic <c>tools</c>/<c>tool_choice</c> → Gemini <c>tools</c> and <c>toolConfig</c> (docs/protocols.md#messages-to-gemini). Input schemas are
/// cleaned to Gemini's subset (<see cref="JsonSchemaCleaner"/>); <c>cache_control</c>, <c>strict</c> and Claude Code's
/// loading hints have no bearing on what is asked and are left out.
/// </summary>
internal static class AnthropicTools
{
    public static (GeminiTools Tools, JsonObject? ToolConfig) Translate(JsonElement request, bool googleSearch)
    {
        var declarations = RequestJson.Array(request, "tools", "tools") is { } list ? Declarations(list, ref googleSearch) : [];
        var toolConfig = RequestJson.Object(request, "tool_choice", "tool_choice") is { } choice ? ToolConfig(choice, declarations) : null;
        return (GeminiToolConfig.Tools(declarations.Values, googleSearch), toolConfig);
    }

    /// <param name="googleSearch">Set when Anthropic's server <c>web_search</c> tool is offered: Google Search does that job.</param>
    private static Dictionary<string, JsonObject> Declarations(JsonElement list, ref bool googleSearch)
    {
        var declarations = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var i = 0;
        foreach (var tool in list.EnumerateArray())
        {
            var param = $"tools[{i++}]";
            if (tool.ValueKind != JsonValueKind.Object)
            {
                throw new TranslationException(param, $"'{param}' must be an object.");
            }

            var type = RequestJson.String(tool, "type", $"{param}.type");
            if (type is not null && type.StartsWith("web_search_", StringComparison.Ordinal))
            {
                googleSearch = true;
                continue;
            }

            if (type is not (null or "custom"))
            {
                throw new TranslationException($"{param}.type", $"Server tools such as '{type}' are not supported here: only custom tools (name, description, input_schema) and web_search.");
            }

            var name = RequestJson.RequiredString(tool, "name", $"{param}.name");
            if (!GeminiToolConfig.IsValidFunctionName(name))
            {
                throw new TranslationException($"{param}.name", "A tool name must be 1 to 64 letters, digits, underscores or dashes.");
            }

            var declaration = new JsonObject { ["name"] = name };
            if (RequestJson.String(tool, "description", $"{param}.description") is { Length: > 0 } description)
            {
                declaration["description"] = description;
            }

            var schema = RequestJson.Object(tool, "input_schema", $"{param}.input_schema") ?? throw new TranslationException($"{param}.input_schema", "'input_schema' is required.");
            if (JsonSchemaCleaner.CleanParameters(schema, $"{param}.input_schema") is { } cleaned)
            {
                declaration["parameters"] = cleaned;
            }

            if (!declarations.TryAdd(name, declaration))
            {
                throw new TranslationException($"{param}.name", $"The tool '{name}' is declared twice.");
            }
        }

        return declarations;
    }

    /// <remarks><c>disable_parallel_tool_use</c> has no Gemini equivalent; Gemini may still make several calls, each answered as usual.</remarks>
    private static JsonObject? ToolConfig(JsonElement choice, Dictionary<string, JsonObject> declarations)
    {
        var type = RequestJson.RequiredString(choice, "type", "tool_choice.type");
        if (declarations.Count == 0 && type is "any" or "tool")
        {
            throw new TranslationException("tool_choice", $"tool_choice '{type}' needs at least one tool in 'tools'.");
        }

        return type switch
        {
            // Without tools there is nothing to choose from, and Gemini would refuse a config for no functions.
            "auto" or "none" when declarations.Count == 0 => null,
            "auto" => GeminiToolConfig.Mode("AUTO"),
            "any" => GeminiToolConfig.Mode("ANY"),
            "none" => GeminiToolConfig.Mode("NONE"),
            "tool" => GeminiToolConfig.Mode("ANY", [Declared(RequestJson.RequiredString(choice, "name", "tool_choice.name"), declarations)]),
            _ => throw new TranslationException("tool_choice.type", $"'{type}' is not a valid tool_choice type: use auto, any, tool or none."),
        };
    }

    private static string Declared(string name, Dictionary<string, JsonObject> declarations) =>
        declarations.ContainsKey(name) ? name : throw new TranslationException("tool_choice.name", $"tool_choice names the tool '{name}', which is not in 'tools'.");
}
