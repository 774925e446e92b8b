using System.Security.Cryptography;
using System.Text.RegularExpressions;
using GeminiBalance.Translation;

namespace GeminiBalance.Responses;

/// <summary>The ids of a response and its output items, random parts injected so translations are reproducible in tests.</summary>
/// <param name="randomHex">At least 32 fresh lowercase hex digits per call.</param>
internal sealed partial class ResponsesIds(Func<string> randomHex)
{
    public static ResponsesIds Random { get; } = new(() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));

    public string Response() => $"resp_{randomHex()[..32]}";

    public string Message() => $"msg_{randomHex()[..32]}";

    public string Reasoning() => $"rs_{randomHex()[..32]}";

    public string FunctionCall() => $"fc_{randomHex()[..32]}";

    /// <summary>A call id that carries the function's name, as the chat surface's do (<see cref="ToolCallIds"/>).</summary>
    public string CallId(string functionName) => ToolCallIds.Create(functionName, randomHex());

    /// <summary>Whether <paramref name="id"/> could be one of ours; anything else is not looked up (it also becomes a table key).</summary>
    public static bool IsResponseId(string id) => ResponseId().IsMatch(id);

    [GeneratedRegex("^resp_[0-9a-f]{32}$")]
    private static partial Regex ResponseId();
}
