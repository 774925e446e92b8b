using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GeminiBalance.Translation;

/// <summary>Gemini's <c>tools</c> and <c>toolConfig</c>, and the function names every client protocol allows.</summary>
internal static partial class GeminiToolConfig
{
    /// <summary>
    /// Gemini's <c>tools</c>: the function declarations, or else Google Search; null when there is neither. Gemini refuses
    /// Google Search together with function declarations in one request ("Tool use with function calling is unsupported"),
    /// which clients ask for routinely (Codex always offers web search beside its functions; <c>-search</c> models and
    /// <c>web_search_options</c> meet declared tools), so the functions are sent alone then: the client's own tools keep
    /// working, and <see cref="GeminiTools.SearchDropped"/> says the search was left out, for the response header.
    /// </summary>
    public static GeminiTools Tools(ICollection<JsonObject> declarations, bool googleSearch)
    {
        if (declarations.Count > 0)
        {
            return new(new JsonArray(new JsonObject { ["functionDeclarations"] = new JsonArray([.. declarations]) }), SearchDropped: googleSearch);
        }

        return new(googleSearch ? new JsonArray(ServerRules.GoogleSearchTool()) : null, SearchDropped: false);
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
