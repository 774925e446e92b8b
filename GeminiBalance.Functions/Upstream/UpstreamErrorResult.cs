using System.Globalization;

namespace GeminiBalance.Upstream;

/// <summary>An upstream error relayed as Google sent it, with Retry-After added for rate limits.</summary>
internal sealed class UpstreamErrorResult(int statusCode, string contentType, byte[] body, TimeSpan? retryAfter) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        if (retryAfter is { } delay)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }
}
