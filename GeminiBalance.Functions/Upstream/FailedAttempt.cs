using GeminiBalance.Errors;
using GeminiBalance.Keys;

namespace GeminiBalance.Upstream;

/// <summary>
/// The last failure of a call, kept so that when every attempt fails the client gets what really
/// happened: the upstream's own status and body, or a clear gateway error, never a blanket 500.
/// </summary>
internal sealed class FailedAttempt
{
    private readonly Func<IResult> _result;

    private FailedAttempt(Func<IResult> result) => _result = result;

    public IResult ToResult() => _result();

    public static FailedAttempt Answered(HttpResponseMessage response, byte[] body, UpstreamFailure failure)
    {
        var statusCode = (int)response.StatusCode;
        var contentType = response.Content.Headers.ContentType?.ToString() ?? "application/json; charset=UTF-8";
        TimeSpan? retryAfter = failure.Kind == FailureKind.RateLimited ? failure.RetryAfter : null;
        return new FailedAttempt(() => new UpstreamErrorResult(statusCode, contentType, body, retryAfter));
    }

    public static FailedAttempt Unanswered(bool timedOut) => new(() => timedOut
        ? new ErrorResult(ApiProtocol.Gemini, StatusCodes.Status504GatewayTimeout, "The upstream Gemini API did not answer in time (TIME_OUT).")
        : new ErrorResult(ApiProtocol.Gemini, StatusCodes.Status502BadGateway, "The upstream Gemini API could not be reached or broke off its answer."));

    public static FailedAttempt Local(IResult result) => new(() => result);
}
