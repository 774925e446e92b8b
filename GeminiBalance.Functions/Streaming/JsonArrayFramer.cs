namespace GeminiBalance.Streaming;

/// <summary>
/// Gemini's default (alt=json) stream is one JSON array written incrementally, pretty-printed, with HTTP
/// chunks that do not align with elements. An element ends when its brackets balance back to the
/// array's depth; brackets inside strings (escapes included) do not count.
/// </summary>
internal sealed class JsonArrayFramer : IStreamFramer
{
    private int _depth;
    private bool _inString;
    private bool _escaped;

    public int Scan(ReadOnlySpan<byte> chunk)
    {
        var end = 0;
        for (var i = 0; i < chunk.Length; i++)
        {
            var b = chunk[i];
            if (_inString)
            {
                if (_escaped)
                {
                    _escaped = false;
                }
                else if (b == (byte)'\\')
                {
                    _escaped = true;
                }
                else if (b == (byte)'"')
                {
                    _inString = false;
                }

                continue;
            }

            switch (b)
            {
                case (byte)'"':
                    _inString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    _depth++;
                    break;
                case (byte)'}' or (byte)']':
                    _depth--;
                    // Depth 1 closes an element of the outer array; depth 0 closes the array itself.
                    if (_depth <= 1)
                    {
                        end = i + 1;
                    }

                    break;
            }
        }

        return end;
    }
}
