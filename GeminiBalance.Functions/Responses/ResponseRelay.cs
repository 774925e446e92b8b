using GeminiBalance.Errors;
using GeminiBalance.Keys;
using GeminiBalance.OpenAi;
using GeminiBalance.Translation;
using GeminiBalance.Upstream;

namespace GeminiBalance.Responses;

/// <summary>A non-streamed response: the whole Gemini answer, translated, stored if asked, then written in one go.</summary>
internal sealed class ResponseRelay(ResponsesReply reply, ResponseArchive? archive) : IAnswerRelay
{
    public ApiProtocol Protocol => ApiProtocol.OpenAi;

    public async Task<TokenUsage?> RelayAsync(HttpResponseMessage upstream, HttpContext context, CancellationToken cancellationToken)
    {
        using var answer = await WholeAnswer.ReadAsync(upstream, cancellationToken);
        var root = answer.RootElement;
        GeminiResponse.RequireAnswer(root);

        var output = new ResponseOutput(reply);
        output.Add(root);
        var response = output.Complete();
        if (archive is not null)
        {
            await archive.SaveAsync(response, cancellationToken);
        }

        await WholeAnswer.WriteAsync(context.Response, writer => response.WriteTo(writer), cancellationToken);
        return output.Usage?.ToTokenUsage();
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
