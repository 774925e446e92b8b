using GeminiBalance.Upstream;

namespace GeminiBalance.Files;

/// <summary>
/// What the Files API calls share once <see cref="GeminiForwarder"/> has an answer for them: the name their cooling,
/// usage and logs are kept under, reading Google's small answers, and relaying an answer's upload headers.
/// </summary>
internal static class FileUpstream
{
    /// <summary>
    /// What the pool tracks file calls under: they name no model, and a 429 on them says nothing about any model's quota,
    /// so they get cooling of their own (shown as "files" in the admin API, the usage statistics and the logs).
    /// </summary>
    public const string QuotaName = "files";

    // File resources are a few KB; this bounds what a misbehaving upstream can make us hold.
    private const int MaxAnswerBytes = 1024 * 1024;

    // Upload answers say where the session stands in these; the session URL itself and Google's upload id are kept back.
    private static readonly string[] UploadHeaders = ["X-Goog-Upload-Status", "X-Goog-Upload-Size-Received", "X-Goog-Upload-Chunk-Granularity", "Retry-After"];

    /// <summary>The whole answer body, or null when it is larger than any File resource would be.</summary>
    /// <exception cref="IOException">The upstream broke off (as do <see cref="HttpRequestException"/> and <see cref="OperationCanceledException"/>).</exception>
    public static async Task<byte[]?> ReadSmallAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        response.Content.Headers.ContentLength > MaxAnswerBytes
            ? null
            : await BoundedBody.ReadAsync(response, MaxAnswerBytes, cancellationToken) is (var body, true) ? body : null;

    /// <summary>The upload headers of Google's answer, kept to be relayed later.</summary>
    public static KeyValuePair<string, string[]>[] UploadHeadersOf(HttpResponseMessage from) =>
        [.. UploadHeaders.Where(name => from.Headers.Contains(name)).Select(name => KeyValuePair.Create(name, from.Headers.GetValues(name).ToArray()))];

    /// <summary>Status, the upload headers and Content-Type of Google's answer, before its body.</summary>
    public static void CopyAnswerHead(HttpResponseMessage from, HttpResponse to)
    {
        to.StatusCode = (int)from.StatusCode;
        foreach (var (name, values) in UploadHeadersOf(from))
        {
            to.Headers[name] = values;
        }

        if (from.Content.Headers.ContentType is { } contentType)
        {
            to.ContentType = contentType.ToString();
        }
    }

    /// <summary>Relays an answer already read whole (a File the proxy recorded first, or the answer to a get).</summary>
    public static async Task RelayAsync(HttpResponseMessage from, byte[] body, HttpContext context)
    {
        CopyAnswerHead(from, context.Response);
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
