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

    public ApiProtocol Protocol => ApiProtocol.Gemini;

    public async Task<TokenUsage?> RelayAsync(HttpResponseMessage upstream, HttpContext context, CancellationToken cancellationToken)
    {
        var client = context.Response;
        client.StatusCode = (int)upstream.StatusCode;
        UpstreamHeaders.CopyToClient(upstream, client);
        await using var body = await upstream.Content.ReadAsStreamAsync(cancellationToken);
        IStreamFramer? framer = framing switch
        {
            ResponseFraming.ServerSentEvents => new SseFramer(),
            ResponseFraming.JsonArray => new JsonArrayFramer(),
            _ => null,
        };
        if (framer is null)
        {
            await body.CopyToAsync(client.Body, cancellationToken);
        }
        else
        {
            await StreamRelay.CopyAsync(body, client.Body, framer, cancellationToken);
        }

        return null;
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
