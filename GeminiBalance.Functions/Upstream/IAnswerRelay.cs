using GeminiBalance.Errors;
using GeminiBalance.Keys;
using GeminiBalance.Streaming;

namespace GeminiBalance.Upstream;

/// <summary>
/// How one API surface hands a Gemini answer to its client: the native API relays it byte for byte, the
/// OpenAI and Anthropic surfaces translate it. The forwarder owns keys, retries and timeouts; a relay owns
/// only the shape of what the client sees, so every surface gets the same rotation and the same guarantees.
/// </summary>
internal interface IAnswerRelay
{
    /// <summary>The protocol the proxy's own errors (no usable key, timeouts) are written in.</summary>
    ApiProtocol Protocol { get; }

    /// <summary>
    /// For a streamed answer, its keep-alive and in-stream error (<see cref="StreamKeepAlive"/>); null for an answer
    /// written in one go, which gets no keep-alive.
    /// </summary>
    StreamSignals? Stream => null;

    /// <summary>
    /// Writes a successful upstream answer to the client. Must not start the client response before the
    /// first element is ready, so that an upstream that breaks before it can still be retried on another key. A stream
    /// may already have been started by keep-alives (<see cref="StreamKeepAlive"/>): status and headers are then set.
    /// </summary>
    /// <returns>The token counts the answer reported, if any.</returns>
    /// <exception cref="IOException">The upstream broke off (as do <see cref="HttpRequestException"/> and <see cref="OperationCanceledException"/>).</exception>
    Task<TokenUsage?> RelayAsync(HttpResponseMessage upstream, HttpContext context, CancellationToken cancellationToken);

    /// <summary>
    /// What the forwarder calls: <see cref="RelayAsync(HttpResponseMessage, HttpContext, CancellationToken)"/>, told which
    /// key got the answer, for answers that bind something to it (an upload's session, a file's owner).
    /// </summary>
    Task<TokenUsage?> RelayAsync(HttpResponseMessage upstream, PoolKey key, HttpContext context, CancellationToken cancellationToken) =>
        RelayAsync(upstream, context, cancellationToken);

    /// <summary>Ends a client response that already started when the upstream broke off, in a way the client sees as an error.</summary>
    Task EndBrokenAnswerAsync(HttpContext context);

    /// <summary>The client's answer when the last attempt got an upstream error: its status kept, its body in the client's protocol.</summary>
    IResult UpstreamError(HttpResponseMessage upstream, byte[] body, UpstreamFailure failure);
}
