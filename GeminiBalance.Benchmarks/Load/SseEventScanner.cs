namespace GeminiBalance.Benchmarks.Load;

/// <summary>Counts server-sent events as their bytes arrive: an event ends at a blank line (LF or CRLF endings).</summary>
internal sealed class SseEventScanner
{
    private int _lineLength;

    /// <returns>How many events these bytes completed.</returns>
    public int Scan(ReadOnlySpan<byte> bytes)
    {
        var completed = 0;
        foreach (var b in bytes)
        {
            if (b == (byte)'\n')
            {
                if (_lineLength == 0)
                {
                    completed++;
                }

                _lineLength = 0;
            }
            else if (b != (byte)'\r')
            {
                _lineLength++;
            }
        }

        return completed;
    }
}
