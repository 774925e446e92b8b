using GeminiBalance.Errors;
using GeminiBalance.Keys;

namespace GeminiBalance.Upstream;

/// <summary>
/// The last upstream error as a translated surface tells it (docs/protocols.md#error-mapping): Google's message kept, the status
/// mapped where the client's protocol says otherwise, the body in the client's protocol, <c>Retry-After</c> on a rate limit.
/// </summary>
internal static class TranslatedUpstreamError
{
    public static ErrorResult From(ApiProtocol protocol, HttpResponseMessage upstream, byte[] body, UpstreamFailure failure)
    {
        var upstreamStatus = (int)upstream.StatusCode;
        var error = GoogleError.Read(body);
        var message = error.Message;
        var status = upstreamStatus switch
        {
            // A server error that is not Google's own (an HTML page from a front end): the gateway's error.
            >= 500 when !error.Found => StatusCodes.Status502BadGateway,
            // Google answers a bad key with 400; to the client that is an authentication failure (the pool
            // retries on other keys first, so a client only sees this when every key was refused).
            400 when failure.Kind == FailureKind.KeyInvalid => StatusCodes.Status401Unauthorized,
            503 when protocol == ApiProtocol.Anthropic => 529,
            _ => upstreamStatus,
        };
        string? code = protocol == ApiProtocol.OpenAi && upstreamStatus == StatusCodes.Status404NotFound ? "model_not_found" : null;
        return new ErrorResult(
            protocol,
            status,
            message.Length > 0 ? message : !error.Found && upstreamStatus >= 500 ? UpstreamErrorResult.NotGoogleError(upstream) : $"The upstream Gemini API answered {upstreamStatus} {upstream.ReasonPhrase}.",
            failure.Kind == FailureKind.RateLimited ? failure.RetryAfter : null,
            code: code);
    }
}
