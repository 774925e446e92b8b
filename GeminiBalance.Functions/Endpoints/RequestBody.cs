using System.Buffers;

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
            if (request.ContentLength is { } length)
            {
                // Kestrel ends the body at the declared length and fails a shorter one, so the bytes land in place, once
                // (a copy through a MemoryStream cost a 16 KB buffer per request and twice the body).
                var body = new byte[length];
                await request.Body.ReadExactlyAsync(body, cancellationToken);
                return body;
            }

            using var buffer = new MemoryStream(4096);
            var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int read;
                while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
                {
                    if (buffer.Length + read > limit)
                    {
                        return null;
                    }

                    buffer.Write(chunk, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            return buffer.ToArray();
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        catch (EndOfStreamException exception)
        {
            // Kestrel reports a short body itself; any other server that ends it early gets the same answer, never a 500.
            throw new BadHttpRequestException("The request body ended before its Content-Length.", StatusCodes.Status400BadRequest, exception);
        }
    }
}
