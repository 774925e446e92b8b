using System.Buffers;
using GeminiBalance.Errors;
using GeminiBalance.Keys;
using GeminiBalance.Streaming;

namespace GeminiBalance.Upstream;

/// <summary>The native Gemini surface: the upstream answer reaches the client byte for byte, flushed element by element.</summary>
internal sealed class PassThroughRelay(ResponseFraming framing) : IAnswerRelay
{
    public static readonly PassThroughRelay Whole = new(ResponseFraming.Whole);
    public static readonly PassThroughRelay ServerSentEvents = new(ResponseFraming.ServerSentEvents);
    public static readonly PassThroughRelay JsonArray = new(ResponseFraming.JsonArray);

    // usageMetadata with every detail array, modelVersion and responseId stay well within this.
    private const int UsageTailBytes = 8 * 1024;

    public ApiProtocol Protocol => ApiProtocol.Gemini;

    public StreamSignals? Stream => framing switch
    {
        ResponseFraming.ServerSentEvents => StreamSignals.GeminiSse,
        ResponseFraming.JsonArray => StreamSignals.GeminiJsonArray,
        _ => null,
    };

    public async Task<TokenUsage?> RelayAsync(HttpResponseMessage upstream, HttpContext context, CancellationToken cancellationToken)
    {
        var client = context.Response;
        if (!client.HasStarted)
        {
            // Otherwise keep-alives started the stream (a 200) and the upstream's headers can no longer go with it.
            client.StatusCode = (int)upstream.StatusCode;
            UpstreamHeaders.CopyToClient(upstream, client);
        }

        await using var body = await upstream.Content.ReadAsStreamAsync(cancellationToken);
        IStreamFramer? framer = framing switch
        {
            ResponseFraming.ServerSentEvents => new SseFramer(),
            ResponseFraming.JsonArray => new JsonArrayFramer(),
            _ => null,
        };
        if (framer is null)
        {
            return await CopyWholeAsync(body, client.Body, cancellationToken);
        }

        TokenUsage? usage = null;
        await StreamRelay.CopyAsync(body, client.Body, framer, elements => usage = UsageMetadataReader.FindLast(elements) ?? usage, cancellationToken);
        return usage;
    }

    // Google writes usageMetadata after the candidates, so the document's last bytes hold it; a large answer (inline
    // images) is never held whole for it.
    private static async Task<TokenUsage?> CopyWholeAsync(Stream body, Stream client, CancellationToken cancellationToken)
    {
        using var tail = new TailWindow(UsageTailBytes);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await client.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                tail.Append(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return UsageMetadataReader.FindLast(tail.Bytes);
    }

    public async Task EndBrokenAnswerAsync(HttpContext context)
    {
        if (framing == ResponseFraming.Whole)
        {
            // A started JSON document cannot be patched; aborting tells the client it is incomplete.
            context.Abort();
            return;
        }

        await StreamErrorElement.WriteAsync(context.Response.Body, framing, context.RequestAborted);
    }

    public IResult UpstreamError(HttpResponseMessage upstream, byte[] body, UpstreamFailure failure) =>
        UpstreamErrorResult.From(upstream, body, failure);
}
