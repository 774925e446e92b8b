namespace GeminiBalance.Endpoints;

/// <summary>
/// Reads a request body into memory, up to a limit. Bodies are held because a retry on another key
/// must send the same bytes; the limit (MAX_REQUEST_BODY_MB) keeps that bounded.
/// </summary>
internal static class RequestBody
{
    /// <returns>The body, or null when it is larger than <paramref name="limit"/>.</returns>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        try
        {
            using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }
}
