using System.Text.Json;
using GeminiBalance.Errors;
using GeminiBalance.Keys;
using GeminiBalance.Translation;

namespace GeminiBalance.Upstream;

/// <summary>A non-streamed answer on a translated surface: the whole Gemini answer, translated, written in one go.</summary>
/// <param name="write">
/// Writes the client's answer from Gemini's and returns its usage. It writes into a buffer, so it may still refuse the
/// answer with an <see cref="IOException"/> (another key is then tried) before anything reaches the client.
/// </param>
internal sealed class TranslatedAnswerRelay(ApiProtocol protocol, Func<Utf8JsonWriter, JsonElement, GeminiUsage?> write) : IAnswerRelay
{
    public ApiProtocol Protocol => protocol;

    public async Task<TokenUsage?> RelayAsync(HttpResponseMessage upstream, HttpContext context, CancellationToken cancellationToken)
    {
        using var answer = await WholeAnswer.ReadAsync(upstream, cancellationToken);
        GeminiUsage? usage = null;
        await WholeAnswer.WriteAsync(context.Response, writer => usage = write(writer, answer.RootElement), cancellationToken);
        return usage?.ToTokenUsage();
    }

    public Task EndBrokenAnswerAsync(HttpContext context)
    {
        // The answer is written in one go, so only the write itself can break; aborting tells the client it is incomplete.
        context.Abort();
        return Task.CompletedTask;
    }

    public IResult UpstreamError(HttpResponseMessage upstream, byte[] body, UpstreamFailure failure) =>
        TranslatedUpstreamError.From(Protocol, upstream, body, failure);
}
