using System.Buffers;
using GeminiBalance.Errors;
using GeminiBalance.Keys;
using GeminiBalance.Streaming;
using GeminiBalance.Translation;

namespace GeminiBalance.Upstream;

/// <summary>
/// A streamed answer on a translated surface: Gemini's SSE elements are translated and flushed one by one as they arrive.
/// Nothing is written before the first element has been translated, so an upstream that fails before it is retried on
/// another key; after it, a failure ends the stream with the protocol's own error event and is never replayed.
/// </summary>
/// <param name="brokenStreamEnd">What the client reads last when the upstream broke off after the first byte.</param>
internal sealed class TranslatedStreamRelay(ApiProtocol protocol, Func<IStreamTranslator> newTranslator, byte[] brokenStreamEnd) : IAnswerRelay
{
    public ApiProtocol Protocol => protocol;

    public StreamSignals? Stream => protocol == ApiProtocol.Anthropic ? StreamSignals.Anthropic : StreamSignals.OpenAiChat;

    public async Task<TokenUsage?> RelayAsync(HttpResponseMessage upstream, HttpContext context, CancellationToken cancellationToken)
    {
        // One translator per attempt: a retried attempt starts from a clean state.
        var translator = newTranslator();
        var output = new ArrayBufferWriter<byte>(4096);
        await using var body = await upstream.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var events in StreamElements.ReadAsync(body, new SseFramer(), cancellationToken))
        {
            foreach (var data in SseData.Read(events.Span))
            {
                translator.Translate(data, output);
            }

            await SseResponse.WriteAsync(context.Response, output, cancellationToken);
        }

        translator.Complete(output);
        await SseResponse.WriteAsync(context.Response, output, cancellationToken);
        return translator.Usage?.ToTokenUsage();
    }

    public async Task EndBrokenAnswerAsync(HttpContext context)
    {
        await context.Response.Body.WriteAsync(brokenStreamEnd, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    public IResult UpstreamError(HttpResponseMessage upstream, byte[] body, UpstreamFailure failure) =>
        TranslatedUpstreamError.From(Protocol, upstream, body, failure);
}
