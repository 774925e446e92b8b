using GeminiBalance.Errors;
using GeminiBalance.Keys;
using GeminiBalance.Upstream;

namespace GeminiBalance.Files;

/// <summary>
/// How a Files API call takes Google's answer from <see cref="GeminiForwarder"/>: in Gemini's protocol, errors relayed
/// with their upload headers. What a success means (a session to keep, a file to record) is each call's own.
/// </summary>
internal abstract class FileAnswerRelay : IAnswerRelay
{
    public ApiProtocol Protocol => ApiProtocol.Gemini;

    public abstract Task<TokenUsage?> RelayAsync(HttpResponseMessage upstream, PoolKey key, HttpContext context, CancellationToken cancellationToken);

    public Task<TokenUsage?> RelayAsync(HttpResponseMessage upstream, HttpContext context, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A Files call's answer is bound to the key that got it; the forwarder says which.");

    public Task EndBrokenAnswerAsync(HttpContext context)
    {
        // A File resource or an upload's answer cannot be patched once started; aborting tells the client it is incomplete.
        context.Abort();
        return Task.CompletedTask;
    }

    public virtual IResult UpstreamError(HttpResponseMessage upstream, byte[] body, UpstreamFailure failure) => RelayedError.From(upstream, body);

    /// <summary>Reads Google's small answer; a body too large for one is refused before anything reaches the client.</summary>
    protected static async Task<byte[]?> ReadAnswerAsync(HttpResponseMessage upstream, HttpContext context, string what, CancellationToken cancellationToken)
    {
        var body = await FileUpstream.ReadSmallAsync(upstream, cancellationToken);
        if (body is null)
        {
            await FileErrors.BadGateway($"The upstream Gemini API answered {what} with an unexpectedly large body.").ExecuteAsync(context);
        }

        return body;
    }
}
