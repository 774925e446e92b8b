using Azure;
using GeminiBalance.Keys;
using GeminiBalance.Upstream;

namespace GeminiBalance.Files;

/// <summary>
/// The answer to a chunk of a resumable upload, or to a one-request upload. An upload's last answer is a File: it is
/// recorded (owner key, client, expiry) before the client sees it, so any instance finds it at once; an answer to a
/// chunk that is not the last is relayed as it comes.
/// </summary>
/// <param name="sessionId">The resumable session the chunk belongs to; null for a one-request upload, whose answer is always the last.</param>
internal sealed partial class UploadAnswerRelay(
    IUploadSessions sessions, IFileRecords records, TimeProvider time, ILogger logger, string clientId, string? sessionId) : FileAnswerRelay
{
    public override async Task<TokenUsage?> RelayAsync(HttpResponseMessage upstream, PoolKey key, HttpContext context, CancellationToken cancellationToken)
    {
        var status = upstream.Headers.TryGetValues("X-Goog-Upload-Status", out var values) ? values.FirstOrDefault() : null;
        if (sessionId is null || status == "final")
        {
            await FinishAsync(upstream, key, context, cancellationToken);
            return null;
        }

        if (status == "cancelled")
        {
            await ForgetSessionAsync(sessionId);
        }

        FileUpstream.CopyAnswerHead(upstream, context.Response);
        await using var body = await upstream.Content.ReadAsStreamAsync(cancellationToken);
        await body.CopyToAsync(context.Response.Body, cancellationToken);
        return null;
    }

    private async Task FinishAsync(HttpResponseMessage upstream, PoolKey key, HttpContext context, CancellationToken cancellationToken)
    {
        if (await ReadAnswerAsync(upstream, context, "the upload", cancellationToken) is not { } body)
        {
            return;
        }

        if (FileResource.Read(body) is not { } file)
        {
            await FileErrors.BadGateway("The upstream Gemini API finished the upload without a File resource.").ExecuteAsync(context);
            return;
        }

        var expiresAt = file.ExpiresAt ?? time.GetUtcNow() + FileResource.DefaultLifetime;
        try
        {
            await records.SaveAsync(new FileRecord(clientId, file.FileId, key.Id, expiresAt, file.Json), context.RequestAborted);
        }
        catch (RequestFailedException)
        {
            // Unrecorded, the file could not be listed, used or deleted through the proxy: say so rather than hand out its name.
            RecordFailed(logger, file.FileId, key.Id);
            await FileErrors.StorageFailed($"The file was uploaded as files/{file.FileId}, but its record").ExecuteAsync(context);
            return;
        }

        if (sessionId is not null)
        {
            await ForgetSessionAsync(sessionId);
        }

        Recorded(logger, file.FileId, key.Id, clientId);
        await FileUpstream.RelayAsync(upstream, body, context);
    }

    private async Task ForgetSessionAsync(string id)
    {
        try
        {
            await sessions.DeleteAsync(id, CancellationToken.None);
        }
        catch (RequestFailedException)
        {
            // It expires; the hourly retention removes it.
        }
    }

    [LoggerMessage(60, LogLevel.Information, "Recorded uploaded file {FileId} (key {KeyId}, client {ClientId})")]
    private static partial void Recorded(ILogger logger, string fileId, string keyId, string clientId);

    [LoggerMessage(61, LogLevel.Error, "Uploaded file {FileId} (key {KeyId}) could not be recorded in Table Storage")]
    private static partial void RecordFailed(ILogger logger, string fileId, string keyId);
}
