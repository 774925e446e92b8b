using System.Buffers;

namespace GeminiBalance.Streaming;

/// <summary>
/// Copies a stream to the client element by element: bytes are passed on unchanged, each completed
/// element is flushed as soon as it is read, and only an unfinished element is ever held.
/// </summary>
internal static class StreamRelay
{
    private const int ReadSize = 16 * 1024;

    /// <param name="relayed">Called with each flushed run of whole elements, before it is written; null when nobody looks.</param>
    /// <remarks>Upstream failures propagate; the bytes of an unfinished element are dropped with them.</remarks>
    public static async Task CopyAsync(Stream source, Stream destination, IStreamFramer framer, ElementsRelayed? relayed, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        var pending = 0;
        try
        {
            while (true)
            {
                if (buffer.Length - pending < ReadSize)
                {
                    // One element larger than the buffer (a big inline image): grow instead of splitting it.
                    buffer = Grow(buffer, pending);
                }

                var read = await source.ReadAsync(buffer.AsMemory(pending), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                var complete = framer.Scan(buffer.AsSpan(pending, read));
                if (complete == 0)
                {
                    pending += read;
                    continue;
                }

                var flushLength = pending + complete;
                relayed?.Invoke(buffer.AsSpan(0, flushLength));
                await destination.WriteAsync(buffer.AsMemory(0, flushLength), cancellationToken);
                await destination.FlushAsync(cancellationToken);
                pending = read - complete;
                buffer.AsSpan(flushLength, pending).CopyTo(buffer);
            }

            // Whatever follows the last element (trailing whitespace) still belongs to the client.
            if (pending > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, pending), cancellationToken);
            }

            await destination.FlushAsync(cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Grow(byte[] buffer, int used)
    {
        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }
}
