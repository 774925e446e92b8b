namespace GeminiBalance.Translation;

/// <summary>
/// Tool-call ids for Gemini function calls, which come without ids (docs/protocols.md#ids-and-thought-signatures). The function name is carried in
/// the id (<c>call_&lt;16 hex&gt;_&lt;name&gt;</c>), so a tool result can be matched to its function without any state,
/// even when the client trimmed the assistant turn that made the call from its history.
/// </summary>
internal static class ToolCallIds
{
    private const string Prefix = "call_";
    private const int RandomLength = 16;

    /// <param name="random">Fresh random hex digits (at least 16), injected so translations are reproducible in tests.</param>
    public static string Create(string functionName, string random) => $"{Prefix}{random[..RandomLength]}_{functionName}";

    /// <returns>The function name encoded in an id this proxy made, or null for any other id.</returns>
    public static string? FunctionNameOf(string id)
    {
        var separator = Prefix.Length + RandomLength;
        return id.Length > separator + 1 && id.StartsWith(Prefix, StringComparison.Ordinal) && id[separator] == '_'
            && id.AsSpan(Prefix.Length, RandomLength).ContainsAnyExcept("0123456789abcdef") is false
            ? id[(separator + 1)..]
            : null;
    }
}
