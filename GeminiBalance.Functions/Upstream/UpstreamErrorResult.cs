using GeminiBalance.Errors;
using GeminiBalance.Keys;

namespace GeminiBalance.Upstream;

/// <summary>
/// An upstream error relayed as Google sent it, with Retry-After added for rate limits: when every attempt
/// fails, the client learns what really happened, never a blanket 500.
/// </summary>
internal sealed class UpstreamErrorResult(int statusCode, string contentType, byte[] body, TimeSpan? retryAfter) : IResult
{
    public static UpstreamErrorResult From(HttpResponseMessage response, byte[] body, UpstreamFailure failure) => new(
        (int)response.StatusCode,
        response.Content.Headers.ContentType?.ToString() ?? "application/json; charset=UTF-8",
        body,
        failure.Kind == FailureKind.RateLimited ? failure.RetryAfter : null);

    /// <summary>What the client is told of an upstream server error with no Gemini error in its body.</summary>
    public static string NotGoogleError(HttpResponseMessage response) =>
        $"The upstream Gemini API answered {(int)response.StatusCode} {response.ReasonPhrase} without a Gemini error in its body.";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        if (retryAfter is { } delay)
        {
            RetryAfterHeader.Set(response, delay);
        }

        return response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }
}
