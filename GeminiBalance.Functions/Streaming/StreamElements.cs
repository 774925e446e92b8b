using System.Buffers;

namespace GeminiBalance.Streaming;

/// <summary>
/// Reads a stream as runs of whole elements, whatever the read boundaries: each yielded run ends where an element
/// ends (it may hold several), so a consumer can act on every element as soon as it is complete, and only an unfinished
/// element is ever held. Whatever follows the last element (trailing whitespace) is yielded last.
/// </summary>
internal static class StreamElements
{
    private const int ReadSize = 16 * 1024;

    /// <remarks>A yielded run is only valid until the next one is asked for. Upstream failures propagate.</remarks>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(
        Stream source, IStreamFramer framer, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        var pending = 0;

        // An upstream body's limits (TIME_OUT, size) count per element in a stream.
        var upstream = source as Upstream.UpstreamBody;
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

                var length = pending + complete;
                upstream?.ElementEnded();
                yield return buffer.AsMemory(0, length);
                pending = read - complete;
                buffer.AsSpan(length, pending).CopyTo(buffer);
            }

            if (pending > 0)
            {
                yield return buffer.AsMemory(0, pending);
            }
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
