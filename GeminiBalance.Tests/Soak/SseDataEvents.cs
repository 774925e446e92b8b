namespace GeminiBalance.Tests.Soak;

/// <summary>The <c>data:</c> payloads of a whole server-sent event body, LF or CRLF framed, in order.</summary>
internal static class SseDataEvents
{
    public static IReadOnlyList<string> Parse(string body) =>
    [
        .. body.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => string.Join('\n', e.Split('\n').Where(line => line.StartsWith("data:", StringComparison.Ordinal)).Select(line => line[5..].TrimStart())))
            .Where(data => data.Length > 0),
    ];
}
