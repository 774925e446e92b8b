namespace GeminiBalance.Streaming;

/// <summary>
/// Server-sent events end at a blank line. Lines may end in CRLF (what Google sends), LF or CR, and a
/// CRLF may be split across two reads (https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream).
/// </summary>
internal sealed class SseFramer : IStreamFramer
{
    private bool _lineIsEmpty = true;
    private bool _afterCarriageReturn;
    private bool _carriageReturnEndedEvent;

    public int Scan(ReadOnlySpan<byte> chunk)
    {
        var end = 0;
        for (var i = 0; i < chunk.Length; i++)
        {
            var b = chunk[i];
            if (_afterCarriageReturn && b == (byte)'\n')
            {
                // The LF of a CRLF: the line already ended at the CR; keep it with the event it closes.
                _afterCarriageReturn = false;
                if (_carriageReturnEndedEvent)
                {
                    end = i + 1;
                }

                continue;
            }

            _afterCarriageReturn = b == (byte)'\r';
            _carriageReturnEndedEvent = false;
            if (b is (byte)'\r' or (byte)'\n')
            {
                if (_lineIsEmpty)
                {
                    end = i + 1;
                    _carriageReturnEndedEvent = _afterCarriageReturn;
                }

                _lineIsEmpty = true;
            }
            else
            {
                _lineIsEmpty = false;
            }
        }

        return end;
    }
}
