using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GeminiBalance.Translation;

/// <summary>Gemini's <c>tools</c> and <c>toolConfig</c>, and the function names every client protocol allows.</summary>
internal static partial class GeminiToolConfig
{
    /// <returns>Gemini's <c>tools</c>: the function declarations, then Google Search; null when there is neither.</returns>
    public static JsonArray? Tools(ICollection<JsonObject> declarations, bool googleSearch)
    {
        var tools = new JsonArray();
        if (declarations.Count > 0)
        {
            tools.Add(new JsonObject { ["functionDeclarations"] = new JsonArray([.. declarations]) });
        }

        if (googleSearch)
        {
            tools.Add(ServerRules.GoogleSearchTool());
        }

        return tools.Count == 0 ? null : tools;
    }

    /// <param name="mode">AUTO, ANY or NONE.</param>
    /// <param name="allowed">The only functions the model may call; Gemini honours this in ANY mode only.</param>
    public static JsonObject Mode(string mode, IEnumerable<string>? allowed = null)
    {
        var config = new JsonObject { ["mode"] = mode };
        if (allowed is not null)
        {
            config["allowedFunctionNames"] = new JsonArray([.. allowed.Select(name => JsonValue.Create(name))]);
        }

        return new JsonObject { ["functionCallingConfig"] = config };
    }

    // OpenAI's and Anthropic's rule for function names; every such name is also valid for Gemini ([A-Za-z0-9_.:-], up to 64).
    public static bool IsValidFunctionName(string name) => FunctionName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex FunctionName();
}
