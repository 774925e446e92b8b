using System.Buffers;
using GeminiBalance.Errors;
using GeminiBalance.Keys;
using GeminiBalance.Streaming;
using GeminiBalance.Translation;
using GeminiBalance.Upstream;

namespace GeminiBalance.Responses;

/// <summary>
/// A streamed response: Gemini's SSE elements become Responses events, flushed as they are made. Nothing is written
/// before the first element has been translated, so an upstream that fails before it is retried on another key; one
/// that breaks after it ends the stream with <c>error</c> and <c>response.failed</c>.
/// </summary>
internal sealed class ResponseStreamRelay(ResponsesReply reply, ResponseArchive? archive) : IAnswerRelay
{
    private readonly ArrayBufferWriter<byte> _events = new(4096);
    private ResponseOutput? _output;

    public ApiProtocol Protocol => ApiProtocol.OpenAi;

    public StreamSignals? Stream => StreamSignals.Responses;

    public async Task<TokenUsage?> RelayAsync(HttpResponseMessage upstream, HttpContext context, CancellationToken cancellationToken)
    {
        // A retry on another key starts over: nothing of the failed attempt reached the client.
        _events.ResetWrittenCount();
        var output = _output = new ResponseOutput(reply, new ResponseEventWriter(_events));
        await using var body = await upstream.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var elements in StreamElements.ReadAsync(body, new SseFramer(), cancellationToken))
        {
            foreach (var data in SseData.Read(elements.Span))
            {
                using var element = GeminiResponse.ParseStreamElement(data);
                output.Add(element.RootElement);
            }

            await SseResponse.WriteAsync(context.Response, _events, cancellationToken);
        }

        var response = output.Complete();
        if (archive is not null)
        {
            await archive.SaveAsync(response, cancellationToken);
        }

        await SseResponse.WriteAsync(context.Response, _events, cancellationToken);
        return output.Usage?.ToTokenUsage();
    }

    public async Task EndBrokenAnswerAsync(HttpContext context)
    {
        _events.ResetWrittenCount();
        _output?.Fail("The upstream stream broke off; the response is incomplete.");
        await SseResponse.WriteAsync(context.Response, _events, context.RequestAborted);
    }

    public IResult UpstreamError(HttpResponseMessage upstream, byte[] body, UpstreamFailure failure) =>
        TranslatedUpstreamError.From(Protocol, upstream, body, failure);
}
