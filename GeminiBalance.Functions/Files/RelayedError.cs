namespace GeminiBalance.Files;

/// <summary>An upstream error kept after its response was disposed, so the last one can be answered when every key failed.</summary>
internal sealed class RelayedError(int statusCode, byte[] body, string? contentType, string? retryAfter) : IResult
{
    public static RelayedError From(HttpResponseMessage response, byte[] body) => new(
        (int)response.StatusCode,
        body,
        response.Content.Headers.ContentType?.ToString(),
        response.Headers.TryGetValues("Retry-After", out var values) ? values.FirstOrDefault() : null);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = contentType ?? "application/json; charset=utf-8";
        if (retryAfter is not null)
        {
            response.Headers.RetryAfter = retryAfter;
        }

        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, httpContext.RequestAborted);
    }
}
