using System.Buffers;
using GeminiBalance.Errors;
using GeminiBalance.Keys;
using GeminiBalance.Streaming;
using GeminiBalance.Upstream;

namespace GeminiBalance.OpenAi;

/// <summary>
/// A streamed chat completion: Gemini's SSE elements are translated and flushed one by one as they arrive. Nothing is
/// written before the first element has been translated, so an upstream that fails before it is retried on another key.
/// </summary>
internal sealed class ChatStreamRelay(ChatReply reply) : IAnswerRelay
{
    // No error shape for a broken chat stream is specified; this is what OpenAI-compatible servers send (protocols.md C.3).
    private static readonly byte[] BrokenStreamEnd =
        """
        data: {"error":{"message":"The upstream stream broke off; the answer is incomplete.","type":"server_error","param":null,"code":null}}

        data: [DONE]


        """u8.ToArray();

    public ApiProtocol Protocol => ApiProtocol.OpenAi;

    public async Task<TokenUsage?> RelayAsync(HttpResponseMessage upstream, HttpContext context, CancellationToken cancellationToken)
    {
        var translator = new ChatStreamTranslator(reply);
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
        await context.Response.Body.WriteAsync(BrokenStreamEnd, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    public IResult UpstreamError(HttpResponseMessage upstream, byte[] body, UpstreamFailure failure) =>
        TranslatedUpstreamError.From(Protocol, upstream, body, failure);
}
