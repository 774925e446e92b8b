using GeminiBalance.Upstream;

namespace GeminiBalance.Streaming;

/// <summary>
/// Checks that every <c>data</c> line of a run of whole server-sent events is one JSON value, as every event Google sends
/// is. A relay that passes bytes through unchanged calls it before writing them, so a garbled event is refused (and
/// retried on another key, or ends the stream with an error element) instead of reaching a client that cannot parse it.
/// </summary>
internal static class SseJsonCheck
{
    /// <exception cref="MalformedAnswerException">A data line is not JSON.</exception>
    public static void Require(ReadOnlySpan<byte> events)
    {
        while (!events.IsEmpty)
        {
            var end = events.IndexOfAny((byte)'\r', (byte)'\n');
            var line = end < 0 ? events : events[..end];
            events = end < 0 ? default : events[(end + 1)..];
            if (line.StartsWith("data:"u8) && !JsonCheck.IsOneValue(line[5..]))
            {
                throw new MalformedAnswerException("The upstream stream sent an event that is not JSON.");
            }
        }
    }
}
