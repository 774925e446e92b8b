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

        IStreamFramer? framer = framing switch
        {
            ResponseFraming.ServerSentEvents => new SseFramer(),
            ResponseFraming.JsonArray => new JsonArrayFramer(),
            _ => null,
        };
        if (framer is null)
        {
            return await CopyWholeAsync(upstream, client, cancellationToken);
        }

        await using var body = await upstream.Content.ReadAsStreamAsync(cancellationToken);

        TokenUsage? usage = null;
        var sse = framing == ResponseFraming.ServerSentEvents;
        await StreamRelay.CopyAsync(
            body,
            client.Body,
            framer,
            elements =>
            {
                if (sse)
                {
                    SseJsonCheck.Require(elements);
                }

                usage = UsageMetadataReader.FindLast(elements) ?? usage;
            },
            cancellationToken);
        return usage;
    }

    // A unary answer is held whole (at most UpstreamBody.MaxElementBytes) and checked before the client sees a byte: a
    // cut, garbled or endless answer is then a clear error (or another key's answer), never a 200 the client cannot parse.
    private static async Task<TokenUsage?> CopyWholeAsync(HttpResponseMessage upstream, HttpResponse client, CancellationToken cancellationToken)
    {
        var (body, complete) = await BoundedBody.ReadAsync(upstream, UpstreamBody.MaxElementBytes, cancellationToken);
        if (!complete)
        {
            throw new MalformedAnswerException($"The upstream answer exceeded {UpstreamBody.MaxElementBytes / (1024 * 1024)} MiB.");
        }

        if (!JsonCheck.IsOneValue(body))
        {
            throw new MalformedAnswerException("The upstream answer was not valid JSON.");
        }

        client.ContentLength = body.Length;
        await client.Body.WriteAsync(body, cancellationToken);

        // Google writes usageMetadata after the candidates, so the document's last bytes hold it.
        return UsageMetadataReader.FindLast(body.AsSpan(Math.Max(0, body.Length - UsageTailBytes)));
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

    // A server error whose body is not Google's (an HTML page from a front end) would reach a Gemini client as something it
    // cannot parse: it gets the gateway's own error in Google's shape instead.
    public IResult UpstreamError(HttpResponseMessage upstream, byte[] body, UpstreamFailure failure) =>
        (int)upstream.StatusCode >= 500 && !GoogleError.Read(body).Found
            ? new ErrorResult(Protocol, StatusCodes.Status502BadGateway, UpstreamErrorResult.NotGoogleError(upstream))
            : UpstreamErrorResult.From(upstream, body, failure);
}
