using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Translation;

namespace GeminiBalance.OpenAi;

/// <summary>
/// OpenAI <c>tools</c>/<c>tool_choice</c> (and the legacy <c>functions</c>/<c>function_call</c>) → Gemini <c>tools</c> and
/// <c>toolConfig</c>. Schemas are cleaned to Gemini's subset (<see cref="JsonSchemaCleaner"/>).
/// </summary>
internal static class ChatTools
{
    public static (GeminiTools Tools, JsonObject? ToolConfig) Translate(JsonElement request, bool googleSearch)
    {
        var hasTools = Declares(request, "tools");
        var hasFunctions = Declares(request, "functions");
        if (hasTools && hasFunctions)
        {
            throw new TranslationException("functions", "Send 'tools' or the deprecated 'functions', not both.");
        }

        var declarations = hasFunctions
            ? Declarations(RequestJson.Array(request, "functions", "functions")!.Value, "functions", legacy: true)
            : hasTools ? Declarations(RequestJson.Array(request, "tools", "tools")!.Value, "tools", legacy: false) : [];

        var choiceName = hasFunctions || (!hasTools && RequestJson.Has(request, "function_call")) ? "function_call" : "tool_choice";
        var toolConfig = request.TryGetProperty(choiceName, out var choice) && choice.ValueKind != JsonValueKind.Null && !MeansNothingWithoutTools(choice, declarations)
            ? ToolConfig(choice, choiceName, declarations)
            : null;

        return (GeminiToolConfig.Tools(declarations.Values, googleSearch || RequestJson.Has(request, "web_search_options")), toolConfig);
    }

    /// <summary>Whether the client declared functions the old way, so replies must use <c>function_call</c>.</summary>
    public static bool UsesLegacyFunctions(JsonElement request) => Declares(request, "functions");

    /// <summary>
    /// Whether the list declares anything: an empty <c>tools</c> or <c>functions</c> array is the same as none (clients and
    /// gemini-balance's own "full parameters" example send <c>"functions": []</c>). Anything but an array is still refused.
    /// </summary>
    private static bool Declares(JsonElement request, string name) =>
        RequestJson.Array(request, name, name) is { } list && list.GetArrayLength() > 0;

    /// <summary>"auto" and "none" with nothing declared ask for what happens anyway: no function is called.</summary>
    private static bool MeansNothingWithoutTools(JsonElement choice, Dictionary<string, JsonObject> declarations) =>
        declarations.Count == 0 && choice.ValueKind == JsonValueKind.String && choice.GetString() is "auto" or "none";

    private static Dictionary<string, JsonObject> Declarations(JsonElement list, string param, bool legacy)
    {
        var declarations = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var i = 0;
        foreach (var tool in list.EnumerateArray())
        {
            var toolParam = $"{param}[{i++}]";
            if (tool.ValueKind != JsonValueKind.Object)
            {
                throw new TranslationException(toolParam, $"'{toolParam}' must be an object.");
            }

            var function = tool;
            var functionParam = toolParam;
            if (!legacy)
            {
                var type = RequestJson.RequiredString(tool, "type", $"{toolParam}.type");
                if (type != "function")
                {
                    throw new TranslationException($"{toolParam}.type", $"Tools of type '{type}' are not supported: only 'function' (use a '-search' model or 'web_search_options' for Google Search).");
                }

                functionParam = $"{toolParam}.function";
                function = RequestJson.Object(tool, "function", functionParam) ?? throw new TranslationException(functionParam, "'function' is required.");
            }

            Declare(declarations, function, functionParam);
        }

        return declarations;
    }

    /// <summary>Adds the Gemini declaration of one function (<c>name</c>, <c>description</c>, <c>parameters</c>) to <paramref name="declarations"/>.</summary>
    public static void Declare(Dictionary<string, JsonObject> declarations, JsonElement function, string functionParam)
    {
        var name = RequestJson.RequiredString(function, "name", $"{functionParam}.name");
        if (!GeminiToolConfig.IsValidFunctionName(name))
        {
            throw new TranslationException($"{functionParam}.name", "A function name must be 1 to 64 letters, digits, underscores or dashes.");
        }

        var declaration = new JsonObject { ["name"] = name };
        if (RequestJson.String(function, "description", $"{functionParam}.description") is { Length: > 0 } description)
        {
            declaration["description"] = description;
        }

        if (RequestJson.Object(function, "parameters", $"{functionParam}.parameters") is { } parameters
            && JsonSchemaCleaner.CleanParameters(parameters, $"{functionParam}.parameters") is { } cleaned)
        {
            declaration["parameters"] = cleaned;
        }

        if (!declarations.TryAdd(name, declaration))
        {
            throw new TranslationException($"{functionParam}.name", $"The function '{name}' is declared twice.");
        }
    }

    private static JsonObject ToolConfig(JsonElement choice, string param, Dictionary<string, JsonObject> declarations)
    {
        if (declarations.Count == 0)
        {
            throw new TranslationException(param, $"'{param}' is only allowed when functions are declared.");
        }

        if (choice.ValueKind == JsonValueKind.String)
        {
            return choice.GetString() switch
            {
                "none" => GeminiToolConfig.Mode("NONE"),
                "auto" => GeminiToolConfig.Mode("AUTO"),
                "required" => GeminiToolConfig.Mode("ANY"),
                var other => throw new TranslationException(param, $"'{other}' is not a valid {param}: use none, auto, required or a named function."),
            };
        }

        if (choice.ValueKind != JsonValueKind.Object)
        {
            throw new TranslationException(param, $"'{param}' must be a string or an object.");
        }

        // Legacy {"name":"f"}; current {"type":"function","function":{"name":"f"}}; or {"type":"allowed_tools",…}.
        var type = RequestJson.String(choice, "type", $"{param}.type");
        if (type == "allowed_tools")
        {
            return AllowedTools(choice, param, declarations);
        }

        if (type is not (null or "function"))
        {
            throw new TranslationException($"{param}.type", $"'{type}' is not a supported {param} type: use function or allowed_tools.");
        }

        var named = type is null ? choice : RequestJson.Object(choice, "function", $"{param}.function") ?? throw new TranslationException($"{param}.function", "'function' is required.");
        var name = RequestJson.RequiredString(named, "name", type is null ? $"{param}.name" : $"{param}.function.name");
        return GeminiToolConfig.Mode("ANY", [Declared(name, param, declarations)]);
    }

    private static JsonObject AllowedTools(JsonElement choice, string param, Dictionary<string, JsonObject> declarations)
    {
        var allowed = RequestJson.Object(choice, "allowed_tools", $"{param}.allowed_tools") ?? throw new TranslationException($"{param}.allowed_tools", "'allowed_tools' is required.");
        var mode = RequestJson.RequiredString(allowed, "mode", $"{param}.allowed_tools.mode");
        var names = new List<string>();
        var i = 0;
        foreach (var tool in (RequestJson.Array(allowed, "tools", $"{param}.allowed_tools.tools") ?? throw new TranslationException($"{param}.allowed_tools.tools", "'tools' is required.")).EnumerateArray())
        {
            var toolParam = $"{param}.allowed_tools.tools[{i++}]";
            var function = RequestJson.Object(tool, "function", $"{toolParam}.function") ?? throw new TranslationException($"{toolParam}.function", "'function' is required.");
            names.Add(Declared(RequestJson.RequiredString(function, "name", $"{toolParam}.function.name"), param, declarations));
        }

        return mode switch
        {
            "required" => GeminiToolConfig.Mode("ANY", names),
            // Gemini restricts names only in ANY mode; in auto mode the other functions are simply not offered.
            "auto" => RemoveAllBut(names, declarations),
            _ => throw new TranslationException($"{param}.allowed_tools.mode", $"'{mode}' is not a valid mode: use auto or required."),
        };
    }

    public static JsonObject RemoveAllBut(List<string> names, Dictionary<string, JsonObject> declarations)
    {
        foreach (var name in declarations.Keys.Except(names).ToList())
        {
            declarations.Remove(name);
        }

        return GeminiToolConfig.Mode("AUTO");
    }

    public static string Declared(string name, string param, Dictionary<string, JsonObject> declarations) =>
        declarations.ContainsKey(name) ? name : throw new TranslationException(param, $"'{param}' names the function '{name}', which is not declared.");
}
