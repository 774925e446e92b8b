namespace GeminiBalance.Streaming;

/// <summary>
/// Finds where whole stream elements end, whatever the read boundaries, so the relay can flush
/// exactly at element boundaries: never half an event, never an event held back.
/// </summary>
internal interface IStreamFramer
{
    /// <summary>
    /// Scans the next bytes of the stream, continuing from earlier calls, and returns how many bytes of
    /// <paramref name="chunk"/> (from its start) end with the last element completed inside it; 0 if none completed.
    /// </summary>
    int Scan(ReadOnlySpan<byte> chunk);
}
