namespace GeminiBalance.Files;

/// <summary>
/// Part of the hourly <c>log-retention</c> run: forgets files past their expiry and upload sessions past theirs. Google
/// deletes an uploaded file itself after 48 h; the delete sent here with the owner key is only a courtesy for a file
/// that expired early by our clock, so its outcome is ignored. Two instances running this at once only repeat each other.
/// </summary>
internal sealed partial class FileRetention(IFileRecords records, IUploadSessions sessions, FileUpstream upstream, TimeProvider time, ILogger<FileRetention> logger)
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
        if (upstream.Pool.Set.Find(record.OwnerKeyId) is not { } slot)
        {
            return;
        }

        try
        {
            using var deadline = upstream.Deadline(cancellationToken);
            using var response = await upstream.SendAsync(new HttpRequestMessage(HttpMethod.Delete, upstream.UpstreamUri($"/v1beta/files/{record.FileId}")), slot.Key, deadline.Token);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is HttpRequestException or OperationCanceledException)
        {
            UpstreamDeleteFailed(logger, record.FileId, slot.Key.Id);
        }
    }

    [LoggerMessage(62, LogLevel.Debug, "Best-effort upstream delete of expired file {FileId} (key {KeyId}) got no answer")]
    private static partial void UpstreamDeleteFailed(ILogger logger, string fileId, string keyId);
}
