namespace GeminiBalance.Files;

/// <summary>
/// A Files call's upstream error kept after its response was disposed, to be answered when no other key may try. Its
/// upload headers go with it: a refused chunk says in X-Goog-Upload-Size-Received where to resume.
/// </summary>
internal sealed class RelayedError(int statusCode, byte[] body, string? contentType, KeyValuePair<string, string[]>[] uploadHeaders) : IResult
{
    public static RelayedError From(HttpResponseMessage response, byte[] body) => new(
        (int)response.StatusCode,
        body,
        response.Content.Headers.ContentType?.ToString(),
        FileUpstream.UploadHeadersOf(response));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = contentType ?? "application/json; charset=utf-8";
        foreach (var (name, values) in uploadHeaders)
        {
            response.Headers[name] = values;
        }

        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, httpContext.RequestAborted);
    }
}
