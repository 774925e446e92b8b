using Azure;
using GeminiBalance.Keys;
using GeminiBalance.Upstream;

namespace GeminiBalance.Files;

/// <summary>
/// The answer to a get or delete of one recorded file, made with the key that owns it. The proxy's record follows what
/// Google says: a deleted file is forgotten, a fetched one's state (PROCESSING → ACTIVE) is kept for the listing, and a
/// file Google no longer has is forgotten and answered as gone.
/// </summary>
internal sealed class FileCallRelay(HttpMethod method, FileRecord record, IFileRecords records) : FileAnswerRelay
{
    // Google answers a delete with {}; gemini-balance's documented answer is this, and SDKs read neither.
    private static readonly IResult Deleted = Results.Text("""{"success":true,"message":"File deleted successfully"}""", "application/json; charset=utf-8");

    public override async Task<TokenUsage?> RelayAsync(HttpResponseMessage upstream, PoolKey key, HttpContext context, CancellationToken cancellationToken)
    {
        if (await ReadAnswerAsync(upstream, context, $"files/{record.FileId}", cancellationToken) is not { } body)
        {
            return null;
        }

        if (method == HttpMethod.Delete)
        {
            await ForgetAsync(records, record, context.RequestAborted);
            await Deleted.ExecuteAsync(context);
            return null;
        }

        if (FileResource.Read(body) is { } fresh)
        {
            await RememberAsync(records, record with { Resource = fresh.Json }, context.RequestAborted);
        }

        await FileUpstream.RelayAsync(upstream, body, context);
        return null;
    }

    public override IResult UpstreamError(HttpResponseMessage upstream, byte[] body, UpstreamFailure failure) =>
        GoneUpstream((int)upstream.StatusCode, body) ? new Gone(method, record, records) : base.UpstreamError(upstream, body, failure);

    // Google answers a file its key's project no longer has with 403 "…or it may not exist" (or 404).
    private static bool GoneUpstream(int statusCode, ReadOnlySpan<byte> body) =>
        statusCode == StatusCodes.Status404NotFound
        || (statusCode == StatusCodes.Status403Forbidden && GoogleError.Read(body).Message.Contains("permission to access the File", StringComparison.OrdinalIgnoreCase));

    // The record is only the proxy's memory of the file; failing to update it must not fail the caller's call.
    public static async Task ForgetAsync(IFileRecords records, FileRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await records.DeleteAsync(record.ClientId, record.FileId, cancellationToken);
        }
        catch (RequestFailedException)
        {
            // The hourly retention removes it once it expires.
        }
    }

    private static async Task RememberAsync(IFileRecords records, FileRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await records.SaveAsync(record, cancellationToken);
        }
        catch (RequestFailedException)
        {
            // The stored resource stays as it was at upload.
        }
    }

    /// <summary>A file Google no longer has: forgotten, and answered as gone (a delete of it has done its job).</summary>
    private sealed class Gone(HttpMethod method, FileRecord record, IFileRecords records) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            await ForgetAsync(records, record, httpContext.RequestAborted);
            var answer = method == HttpMethod.Delete
                ? Deleted
                : FileErrors.Gone(record.FileId, "Google no longer has it");
            await answer.ExecuteAsync(httpContext);
        }
    }
}
