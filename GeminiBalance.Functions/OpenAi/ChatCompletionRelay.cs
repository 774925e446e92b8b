using GeminiBalance.Errors;
using GeminiBalance.Keys;
using GeminiBalance.Translation;
using GeminiBalance.Upstream;

namespace GeminiBalance.OpenAi;

/// <summary>A non-streamed chat completion: the whole Gemini answer, translated, written in one go.</summary>
internal sealed class ChatCompletionRelay(ChatReply reply) : IAnswerRelay
{
    public ApiProtocol Protocol => ApiProtocol.OpenAi;

    public async Task<TokenUsage?> RelayAsync(HttpResponseMessage upstream, HttpContext context, CancellationToken cancellationToken)
    {
        using var answer = await WholeAnswer.ReadAsync(upstream, cancellationToken);
        var response = answer.RootElement;
        if (!ChatJson.Candidates(response).Any() && !ChatJson.PromptBlocked(response))
        {
            // Gemini sometimes answers 200 with nothing at all (gemini-balance #326); another key may do better.
            throw new IOException("The upstream answer held no candidates.");
        }

        GeminiUsage? usage = null;
        await WholeAnswer.WriteAsync(context.Response, writer => usage = ChatResponseWriter.Write(writer, response, reply), cancellationToken);
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
