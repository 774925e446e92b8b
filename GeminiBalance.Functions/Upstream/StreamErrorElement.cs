using System.Text;

namespace GeminiBalance.Upstream;

/// <summary>
/// Ends a stream that broke after the first byte. Google itself reports such failures as an
/// <c>{"error":…}</c> element, and the official SDKs check every element for one (docs/protocols.md#gemini-streaming).
/// </summary>
internal static class StreamErrorElement
{
    private const string Error = """{"error":{"code":502,"message":"The upstream stream broke off; the answer is incomplete.","status":"UNAVAILABLE"}}""";

    private static readonly byte[] SseEvent = Encoding.UTF8.GetBytes($"data: {Error}\r\n\r\n");
    private static readonly byte[] ArrayTail = Encoding.UTF8.GetBytes($",\r\n{Error}\r\n]");

    public static async Task WriteAsync(Stream client, ResponseFraming framing, CancellationToken cancellationToken)
    {
        var bytes = framing == ResponseFraming.ServerSentEvents ? SseEvent : ArrayTail;
        await client.WriteAsync(bytes, cancellationToken);
        await client.FlushAsync(cancellationToken);
    }
}
