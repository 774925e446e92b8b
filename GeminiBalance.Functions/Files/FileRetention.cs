using GeminiBalance.Auth;
using GeminiBalance.Keys;
using GeminiBalance.Upstream;

namespace GeminiBalance.Files;

/// <summary>
/// Part of the hourly <c>log-retention</c> run: forgets files past their expiry and upload sessions past theirs. Google
/// deletes an uploaded file itself after 48 h; the delete sent here with the owner key is only a courtesy for a file
/// that expired early by our clock, so its outcome is ignored. Two instances running this at once only repeat each other.
/// </summary>
internal sealed class FileRetention(IFileRecords records, IUploadSessions sessions, GeminiForwarder forwarder, KeyPool pool, TimeProvider time)
{
    /// <returns>How many records and sessions were deleted.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var deleted = 0;
        await foreach (var record in records.ExpiredAsync(now, cancellationToken))
        {
            await DeleteUpstreamAsync(record, cancellationToken);
            await records.DeleteAsync(record.ClientId, record.FileId, cancellationToken);
            deleted++;
        }

        deleted += await sessions.DeleteExpiredAsync(now, cancellationToken);
        return deleted;
    }

    private async Task DeleteUpstreamAsync(FileRecord record, CancellationToken cancellationToken)
    {
        if (pool.Set.Find(record.OwnerKeyId) is not { } slot)
        {
            return;
        }

        // Through the one attempt pipeline like every Gemini call, so it is counted and logged; nobody waits for its answer.
        var path = $"/v1beta/files/{record.FileId}";
        var context = new DefaultHttpContext { RequestAborted = cancellationToken };
        context.Request.Method = HttpMethods.Delete;
        context.Request.Path = path;
        context.Response.Body = Stream.Null;
        context.Features.Set(new ClientIdentity(record.ClientId, IsAdmin: false));
        await forwarder.ForwardAsync(GeminiCall.OnFile(HttpMethod.Delete, path, slot.Key, IgnoredAnswer.Instance), context);
    }

    /// <summary>The courtesy delete's answer, which only the pool and the usage records take note of.</summary>
    private sealed class IgnoredAnswer : FileAnswerRelay
    {
        public static readonly IgnoredAnswer Instance = new();

        public override Task<TokenUsage?> RelayAsync(HttpResponseMessage upstream, PoolKey key, HttpContext context, CancellationToken cancellationToken) =>
            Task.FromResult<TokenUsage?>(null);

        public override IResult UpstreamError(HttpResponseMessage upstream, byte[] body, UpstreamFailure failure) => Results.Empty;
    }
}
