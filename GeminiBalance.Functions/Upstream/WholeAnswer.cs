using System.Text.Json;

namespace GeminiBalance.Upstream;

/// <summary>
/// Reading and writing one-document answers for translated surfaces, which must see the whole upstream
/// document before they can write theirs (streams are translated element by element instead).
/// </summary>
internal static class WholeAnswer
{
    /// <exception cref="MalformedAnswerException">The answer is not JSON.</exception>
    /// <exception cref="IOException">The upstream broke off (as do <see cref="HttpRequestException"/> and <see cref="OperationCanceledException"/>).</exception>
    public static async Task<JsonDocument> ReadAsync(HttpResponseMessage upstream, CancellationToken cancellationToken)
    {
        await using var body = await upstream.Content.ReadAsStreamAsync(cancellationToken);
        try
        {
            return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }
        catch (JsonException exception)
        {
            // A 200 with a cut or garbled body is an upstream failure like a broken connection: retry elsewhere.
            throw new MalformedAnswerException("The upstream answer was not valid JSON.", exception);
        }
    }

    /// <summary>Writes a 200 JSON answer in one go, so nothing reaches the client until it is complete.</summary>
    public static async Task WriteAsync(HttpResponse client, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        client.StatusCode = StatusCodes.Status200OK;
        client.ContentType = "application/json";
        client.ContentLength = buffer.WrittenCount;
        await client.Body.WriteAsync(buffer.WrittenMemory, cancellationToken);
    }
}
