namespace GeminiBalance.Streaming;

/// <summary>
/// Copies a stream to the client element by element: bytes are passed on unchanged, each completed
/// element is flushed as soon as it is read, and only an unfinished element is ever held.
/// </summary>
internal static class StreamRelay
{
    /// <remarks>Upstream failures propagate; the bytes of an unfinished element are dropped with them.</remarks>
    public static async Task CopyAsync(Stream source, Stream destination, IStreamFramer framer, CancellationToken cancellationToken)
    {
        await foreach (var elements in StreamElements.ReadAsync(source, framer, cancellationToken))
        {
            await destination.WriteAsync(elements, cancellationToken);
            await destination.FlushAsync(cancellationToken);
        }

        await destination.FlushAsync(cancellationToken);
    }
}
