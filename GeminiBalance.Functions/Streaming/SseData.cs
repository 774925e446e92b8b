using System.Text;

namespace GeminiBalance.Streaming;

/// <summary>The <c>data</c> of each server-sent event in a run of whole events (lines end in CRLF, LF or CR; other fields and comments are skipped).</summary>
internal static class SseData
{
    public static IReadOnlyList<string> Read(ReadOnlySpan<byte> events)
    {
        var found = new List<string>();
        var data = new StringBuilder();
        var hasData = false;
        foreach (var line in Encoding.UTF8.GetString(events).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n'))
        {
            if (line.Length == 0)
            {
                if (hasData)
                {
                    found.Add(data.ToString());
                    data.Clear();
                    hasData = false;
                }

                continue;
            }

            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                // Multi-line data is joined with LF (https://html.spec.whatwg.org/multipage/server-sent-events.html).
                data.Append(hasData ? "\n" : "").Append(line.AsSpan(line.Length > 5 && line[5] == ' ' ? 6 : 5));
                hasData = true;
            }
        }

        if (hasData)
        {
            found.Add(data.ToString());
        }

        return found;
    }
}
