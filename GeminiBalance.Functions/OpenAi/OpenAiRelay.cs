using GeminiBalance.Errors;
using GeminiBalance.Keys;
using GeminiBalance.Upstream;

namespace GeminiBalance.OpenAi;

/// <summary>
/// What every OpenAI relay of a one-document answer shares: errors in OpenAI's shape with Google's status kept, and
/// nothing to patch after a break, because these relays write the client's answer only once it is complete.
/// </summary>
internal abstract class OpenAiRelay : IAnswerRelay
{
    public ApiProtocol Protocol => ApiProtocol.OpenAi;

    public abstract Task<TokenUsage?> RelayAsync(HttpResponseMessage upstream, HttpContext context, CancellationToken cancellationToken);

    public Task EndBrokenAnswerAsync(HttpContext context)
    {
        // Unreachable while answers are written whole; should one ever start early, a cut is what tells the client.
        context.Abort();
        return Task.CompletedTask;
    }

    public IResult UpstreamError(HttpResponseMessage upstream, byte[] body, UpstreamFailure failure) =>
        TranslatedUpstreamError.From(ApiProtocol.OpenAi, upstream, body, failure);
}
