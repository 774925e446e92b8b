namespace GeminiBalance.Streaming;

/// <summary>
/// Copies a stream to the client element by element: bytes are passed on unchanged, each completed
/// element is flushed as soon as it is read, and only an unfinished element is ever held.
/// </summary>
internal static class StreamRelay
{
    /// <param name="relayed">Called with each flushed run of whole elements, before it is written; null when nobody looks.</param>
    /// <remarks>Upstream failures propagate; the bytes of an unfinished element are dropped with them.</remarks>
    public static async Task CopyAsync(Stream source, Stream destination, IStreamFramer framer, ElementsRelayed? relayed, CancellationToken cancellationToken)
    {
        await foreach (var elements in StreamElements.ReadAsync(source, framer, cancellationToken))
        {
            relayed?.Invoke(elements.Span);
            await destination.WriteAsync(elements, cancellationToken);
            await destination.FlushAsync(cancellationToken);
        }

        await destination.FlushAsync(cancellationToken);
    }
}
