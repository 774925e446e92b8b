using System.Security.Cryptography;
using GeminiBalance.Translation;

namespace GeminiBalance.OpenAi;

/// <summary>The random parts of a chat answer, injected so translations are reproducible in tests.</summary>
/// <param name="randomHex">At least 24 fresh lowercase hex digits per call.</param>
internal sealed class ChatIds(Func<string> randomHex)
{
    public static ChatIds Random { get; } = new(() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));

    public string Completion() => $"chatcmpl-{randomHex()[..24]}";

    public string ToolCall(string functionName) => ToolCallIds.Create(functionName, randomHex());
}
