namespace GeminiBalance.Upstream;

/// <summary>Reads an upstream answer that is expected to be small (an error, a File resource) without trusting its length.</summary>
internal static class BoundedBody
{
    /// <returns>At most <paramref name="maxBytes"/> bytes of the body, and whether that was all of it.</returns>
    public static async Task<(byte[] Body, bool Complete)> ReadAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk.AsMemory(0, Math.Min(chunk.Length, maxBytes + 1 - (int)buffer.Length)), cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                return (buffer.GetBuffer().AsSpan(0, maxBytes).ToArray(), false);
            }
        }

        return (buffer.ToArray(), true);
    }
}
