using System.Buffers;

namespace GeminiBalance.Streaming;

/// <summary>Writes translated server-sent events to the client as they are produced.</summary>
internal static class SseResponse
{
    /// <summary>Sends and flushes what <paramref name="output"/> holds, starting the 200 event stream on the first call.</summary>
    public static async Task WriteAsync(HttpResponse client, ArrayBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        if (output.WrittenCount == 0)
        {
            return;
        }

        if (!client.HasStarted)
        {
            client.StatusCode = StatusCodes.Status200OK;
            client.ContentType = "text/event-stream; charset=utf-8";
            client.Headers.CacheControl = "no-cache";
        }

        await client.Body.WriteAsync(output.WrittenMemory, cancellationToken);
        await client.Body.FlushAsync(cancellationToken);
        output.ResetWrittenCount();
    }
}
