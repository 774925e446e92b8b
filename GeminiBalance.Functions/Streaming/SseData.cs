using System.Text;

namespace GeminiBalance.Streaming;

/// <summary>The <c>data</c> of each server-sent event in a run of whole events (lines end in CRLF, LF or CR; other fields and comments are skipped).</summary>
internal static class SseData
{
    /// <remarks>
    /// Runs for every element of every translated stream, so it works on the bytes and decodes only the data values:
    /// line ends are ASCII and never inside a UTF-8 sequence, so this reads the same as decoding the run first.
    /// </remarks>
    public static IReadOnlyList<string> Read(ReadOnlySpan<byte> events)
    {
        var found = new List<string>(1);
        string? data = null;
        while (!events.IsEmpty)
        {
            var end = events.IndexOfAny((byte)'\r', (byte)'\n');
            var line = end < 0 ? events : events[..end];
            events = end < 0 ? default : events[(end + (events[end..] is [(byte)'\r', (byte)'\n', ..] ? 2 : 1))..];
            if (line.IsEmpty)
            {
                if (data is not null)
                {
                    found.Add(data);
                    data = null;
                }
            }
            else if (line.StartsWith("data:"u8))
            {
                var value = Encoding.UTF8.GetString(line[(line is [_, _, _, _, _, (byte)' ', ..] ? 6 : 5)..]);

                // Multi-line data is joined with LF (https://html.spec.whatwg.org/multipage/server-sent-events.html).
                data = data is null ? value : $"{data}\n{value}";
            }
        }

        if (data is not null)
        {
            found.Add(data);
        }

        return found;
    }
}
