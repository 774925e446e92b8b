using GeminiBalance.Errors;
using GeminiBalance.Hosting;
using GeminiBalance.Keys;
using GeminiBalance.Upstream;

namespace GeminiBalance.Files;

/// <summary>
/// Calls to Google's Files API with one chosen key: the key goes in the <c>x-goog-api-key</c> header (never a URL),
/// every attempt runs under TIME_OUT, and failures are reported to the pool like any other call's.
/// </summary>
internal sealed class FileUpstream(HttpClient http, KeyPool pool, ICurrentOptions options)
{
    /// <summary>
    /// What the pool tracks file calls under: they name no model, and a 429 on them says nothing about any model's quota,
    /// so they get cooling of their own (shown as "files" in the admin API).
    /// </summary>
    public const string QuotaName = "files";

    // File resources and google.rpc.Status errors are a few KB; this bounds what a misbehaving upstream can make us hold.
    private const int MaxAnswerBytes = 1024 * 1024;

    // Upload answers say where the session stands in these; the session URL itself and Google's upload id are kept back.
    private static readonly string[] UploadHeaders = ["X-Goog-Upload-Status", "X-Goog-Upload-Size-Received", "X-Goog-Upload-Chunk-Granularity", "Retry-After"];

    public KeyPool Pool => pool;

    public Uri UpstreamUri(string pathAndQuery) => options.Current.UpstreamUri(pathAndQuery);

    /// <summary>A token that ends after TIME_OUT or when the client goes away; keep it alive while the answer is read.</summary>
    public CancellationTokenSource Deadline(CancellationToken aborted)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(options.Current.Timeout);
        return deadline;
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, PoolKey key, CancellationToken cancellationToken)
    {
        request.Headers.Remove("x-goog-api-key");
        request.Headers.TryAddWithoutValidation("x-goog-api-key", key.Secret);
        return http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>
    /// Sends, and when no answer comes (unreachable, reset, TIME_OUT) blames the key and gives the error to answer instead.
    /// A client that went away is not the key's fault: its cancellation propagates.
    /// </summary>
    public async Task<(HttpResponseMessage? Response, ErrorResult? Unanswered)> TrySendAsync(
        HttpRequestMessage request, PoolKey key, CancellationToken deadline, CancellationToken aborted)
    {
        try
        {
            return (await SendAsync(request, key, deadline), null);
        }
        catch (Exception exception) when (!aborted.IsCancellationRequested && exception is HttpRequestException or OperationCanceledException)
        {
            pool.ReportFailure(key, QuotaName, new UpstreamFailure(FailureKind.Transient, Reason: UnansweredAttempt.Describe(exception)));
            return (null, exception is OperationCanceledException
                ? FileErrors.Timeout()
                : FileErrors.BadGateway("The upstream Gemini API could not be reached or broke off its answer."));
        }
    }

    /// <summary>The whole answer body, or null when it is larger than any File resource or error would be.</summary>
    public static async Task<byte[]?> ReadSmallAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        response.Content.Headers.ContentLength > MaxAnswerBytes
            ? null
            : await BoundedBody.ReadAsync(response, MaxAnswerBytes, cancellationToken) is (var body, true) ? body : null;

    public void Succeeded(PoolKey key) => pool.ReportSuccess(key);

    /// <summary>Blames the key as the status and error body call for (a 429 cools it for file calls only).</summary>
    public UpstreamFailure Failed(PoolKey key, int statusCode, ReadOnlySpan<byte> body)
    {
        var failure = FailureClassifier.Classify(statusCode, body);
        pool.ReportFailure(key, QuotaName, failure);
        return failure;
    }

    /// <summary>Status, the upload headers and Content-Type of Google's answer, before its body.</summary>
    public static void CopyAnswerHead(HttpResponseMessage from, HttpResponse to)
    {
        to.StatusCode = (int)from.StatusCode;
        foreach (var name in UploadHeaders)
        {
            if (from.Headers.TryGetValues(name, out var values))
            {
                to.Headers[name] = values.ToArray();
            }
        }

        if (from.Content.Headers.ContentType is { } contentType)
        {
            to.ContentType = contentType.ToString();
        }
    }

    /// <summary>Relays an answer already read whole (an error, or a File the proxy recorded first).</summary>
    public static async Task RelayAsync(HttpResponseMessage from, byte[] body, HttpContext context)
    {
        CopyAnswerHead(from, context.Response);
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
