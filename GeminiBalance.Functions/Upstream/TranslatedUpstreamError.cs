using GeminiBalance.Errors;
using GeminiBalance.Keys;

namespace GeminiBalance.Upstream;

/// <summary>
/// The last upstream error as a translated surface tells it: Google's status and message kept, the body in the
/// client's protocol, <c>Retry-After</c> on a rate limit. Relays of translated surfaces answer with this.
/// </summary>
internal static class TranslatedUpstreamError
{
    public static ErrorResult From(ApiProtocol protocol, HttpResponseMessage upstream, byte[] body, UpstreamFailure failure)
    {
        var status = (int)upstream.StatusCode;
        var message = GoogleError.Read(body).Message;
        return new ErrorResult(
            protocol,
            status,
            message.Length > 0 ? message : $"The upstream Gemini API answered {status} {upstream.ReasonPhrase}.",
            failure.Kind == FailureKind.RateLimited ? failure.RetryAfter : null);
    }
}
