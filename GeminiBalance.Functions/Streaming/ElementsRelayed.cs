namespace GeminiBalance.Streaming;

/// <summary>
/// Sees the bytes of one or more whole stream elements just before they are written to the client. It runs on the
/// relay's own buffer, so it must not keep the span; it lets a caller read what passes without buffering the stream.
/// </summary>
internal delegate void ElementsRelayed(ReadOnlySpan<byte> elements);
