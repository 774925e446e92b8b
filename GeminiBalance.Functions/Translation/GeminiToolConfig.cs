using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GeminiBalance.Translation;

/// <summary>Gemini's <c>toolConfig</c>, and the function names every client protocol allows.</summary>
internal static partial class GeminiToolConfig
{
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
