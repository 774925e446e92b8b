using System.Security.Cryptography;

namespace GeminiBalance.Translation;

/// <summary>The random parts of a translated answer, injected so translations are reproducible in tests.</summary>
/// <param name="randomHex">At least 24 fresh lowercase hex digits per call.</param>
internal sealed class ReplyIds(Func<string> randomHex)
{
    public static ReplyIds Random { get; } = new(() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));

    /// <summary>An answer's id: the protocol's prefix (<c>chatcmpl-</c>, <c>msg_</c>) and 24 hex digits.</summary>
    public string Answer(string prefix) => $"{prefix}{randomHex()[..24]}";

    public string ToolCall(string functionName) => ToolCallIds.Create(functionName, randomHex());
}
