using System.Globalization;
using Azure;
using GeminiBalance.Auth;
using GeminiBalance.Endpoints;
using GeminiBalance.Errors;
using GeminiBalance.Hosting;
using GeminiBalance.Keys;
using GeminiBalance.Upstream;
using Microsoft.AspNetCore.Http.Features;

namespace GeminiBalance.Files;

/// <summary>
/// <c>POST /upload/{version}/files</c>: the resumable start, the session URL's chunks (same path, with <c>upload_id</c>),
/// and one-request multipart and media uploads. Every upload ends in a <see cref="FileRecord"/> naming the key whose
/// project now holds the file and the client that may use it.
/// </summary>
internal sealed partial class FileUploads(
    FileUpstream upstream, IUploadSessions sessions, IFileRecords records, ClientAuthenticator authenticator, ICurrentOptions options, TimeProvider time, ILogger<FileUploads> logger)
{
    // Google's limit per file, so also the most one request can carry; MAX_REQUEST_BODY_MB does not apply to file bytes,
    // which are streamed through, never held.
    private const long MaxUploadBytes = 2L * 1024 * 1024 * 1024;

    private const string UploadHeaderPrefix = "X-Goog-Upload-";

    public async Task<IResult> HandleAsync(string version, HttpContext context)
    {
        var request = context.Request;
        if (request.Query.TryGetValue("upload_id", out var uploadId))
        {
            return await ContinueAsync(uploadId.ToString(), context);
        }

        if (authenticator.Authenticate(ClientToken.Find(request)) is not { } client)
        {
            return new ErrorResult(ApiProtocol.Gemini, StatusCodes.Status401Unauthorized, "Missing or invalid client token. Send it as Authorization: Bearer, x-goog-api-key, x-api-key or ?key=.");
        }

        var protocol = request.Headers["X-Goog-Upload-Protocol"].ToString();
        var uploadType = request.Query["uploadType"].ToString();
        if (protocol is "multipart" or "raw" || uploadType is "multipart" or "media")
        {
            return await UploadWholeAsync(version, client, context);
        }

        return protocol == "resumable"
            ? await StartAsync(version, client, context)
            : FileErrors.BadRequest("Say how to upload: X-Goog-Upload-Protocol: resumable (with X-Goog-Upload-Command: start), or ?uploadType=multipart or media.");
    }

    private async Task<IResult> StartAsync(string version, ClientIdentity client, HttpContext context)
    {
        var request = context.Request;
        var aborted = context.RequestAborted;
        if (!string.Equals(request.Headers["X-Goog-Upload-Command"].ToString().Trim(), "start", StringComparison.OrdinalIgnoreCase))
        {
            return FileErrors.BadRequest("A resumable upload begins with X-Goog-Upload-Command: start; its chunks go to the X-Goog-Upload-URL the start answers with.");
        }

        var declaredLength = request.Headers["X-Goog-Upload-Header-Content-Length"].ToString();
        long? declaredSize = null;
        if (declaredLength.Length > 0)
        {
            if (!long.TryParse(declaredLength, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                return FileErrors.BadRequest($"X-Goog-Upload-Header-Content-Length must be the file's size in bytes; got '{declaredLength}'.");
            }

            if (size > MaxUploadBytes)
            {
                return FileErrors.BadRequest("The file is larger than 2 GB, the most the Gemini Files API takes per file.");
            }

            declaredSize = size;
        }

        var body = await RequestBody.ReadAsync(request, options.Current.MaxRequestBodyBytes, aborted);
        if (body is null)
        {
            return new ErrorResult(ApiProtocol.Gemini, StatusCodes.Status413PayloadTooLarge, "The upload's metadata is larger than MAX_REQUEST_BODY_MB; the file's bytes go to the session URL, not with the start.");
        }

        var tried = new HashSet<PoolKey>();
        IResult? last = null;
        while (tried.Count <= options.Current.MaxRetries && upstream.Pool.Next(FileUpstream.QuotaName, tried) is { } key)
        {
            tried.Add(key);
            using var message = new HttpRequestMessage(HttpMethod.Post, upstream.UpstreamUri($"/upload/{version}/files{ForwardedQuery(request)}"))
            {
                Content = new ByteArrayContent(body),
            };
            CopyUploadHeaders(request, message);
            using var deadline = upstream.Deadline(aborted);
            var (response, unanswered) = await upstream.TrySendAsync(message, key, deadline.Token, aborted);
            if (response is null)
            {
                last = unanswered;
                continue;
            }

            using (response)
            {
                var answer = await FileUpstream.ReadSmallAsync(response, deadline.Token) ?? [];
                if (!response.IsSuccessStatusCode)
                {
                    var failure = upstream.Failed(key, (int)response.StatusCode, answer);
                    last = RelayedError.From(response, answer);
                    if (failure.Kind == FailureKind.ClientError)
                    {
                        break;
                    }

                    continue;
                }

                upstream.Succeeded(key);
                var upstreamUrl = response.Headers.TryGetValues("X-Goog-Upload-URL", out var urls) ? UpstreamUploadUrl.Keyless(urls.First(), options.Current.BaseUrl) : null;
                if (upstreamUrl is null)
                {
                    return FileErrors.BadGateway("The upstream Gemini API started the upload without answering with a session URL.");
                }

                var session = new UploadSession(
                    UploadSessionId.New(), upstreamUrl, key.Id, client.TokenId, declaredSize,
                    NullIfEmpty(request.Headers["X-Goog-Upload-Header-Content-Type"].ToString()), time.GetUtcNow() + UploadSession.Lifetime);
                try
                {
                    await sessions.SaveAsync(session, aborted);
                }
                catch (RequestFailedException)
                {
                    return FileErrors.StorageFailed("The upload session");
                }

                FileUpstream.CopyAnswerHead(response, context.Response);
                context.Response.Headers["X-Goog-Upload-URL"] = $"{PublicBaseUrl.Of(request, options.Current)}{request.Path}?upload_id={session.Id}&upload_protocol=resumable";
                context.Response.Headers["X-Goog-Upload-Status"] = "active";
                return Results.Empty;
            }
        }

        return last ?? NoUsableKey();
    }

    private async Task<IResult> ContinueAsync(string sessionId, HttpContext context)
    {
        var request = context.Request;
        var aborted = context.RequestAborted;

        // The session URL authorises the chunks by itself; a token, when sent anyway, must be the uploader's.
        ClientIdentity? client = null;
        if (ClientToken.Find(request) is { } token && (client = authenticator.Authenticate(token)) is null)
        {
            return new ErrorResult(ApiProtocol.Gemini, StatusCodes.Status401Unauthorized, "Invalid client token. The session URL needs none; if one is sent it must be the uploader's.");
        }

        UploadSession? session = null;
        if (UploadSessionId.IsWellFormed(sessionId))
        {
            try
            {
                session = await sessions.FindAsync(sessionId, aborted);
            }
            catch (RequestFailedException)
            {
                return FileErrors.StorageFailed("The upload session");
            }
        }

        if (session is null || session.ExpiresAt <= time.GetUtcNow())
        {
            return new ErrorResult(ApiProtocol.Gemini, StatusCodes.Status404NotFound, "This upload session does not exist or has expired; start the upload again.");
        }

        if (client is not null && client.TokenId != session.ClientId)
        {
            return new ErrorResult(ApiProtocol.Gemini, StatusCodes.Status403Forbidden, "This upload session was started by another client token.");
        }

        if (upstream.Pool.Set.Find(session.KeyId) is not { } slot)
        {
            return new ErrorResult(ApiProtocol.Gemini, StatusCodes.Status410Gone, "This upload cannot continue: the API key it was started with was removed from the pool. Start the upload again.");
        }

        LiftBodyLimit(context);
        using var message = new HttpRequestMessage(HttpMethod.Post, session.UpstreamUrl) { Content = StreamedBody(request) };
        CopyUploadHeaders(request, message);
        using var deadline = upstream.Deadline(aborted);
        var (response, unanswered) = await upstream.TrySendAsync(message, slot.Key, deadline.Token, aborted);
        if (response is null)
        {
            return unanswered!;
        }

        using (response)
        {
            var status = response.Headers.TryGetValues("X-Goog-Upload-Status", out var values) ? values.FirstOrDefault() : null;
            if (!response.IsSuccessStatusCode || status == "final")
            {
                return await FinishAsync(response, slot.Key, session.ClientId, context, deadline.Token, session.Id);
            }

            if (status == "cancelled")
            {
                await ForgetSessionAsync(session.Id);
            }

            FileUpstream.CopyAnswerHead(response, context.Response);
            await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
            await body.CopyToAsync(context.Response.Body, deadline.Token);
            return Results.Empty;
        }
    }

    /// <summary>Multipart and media uploads: one request, so one key; the bytes stream through and cannot be sent twice.</summary>
    private async Task<IResult> UploadWholeAsync(string version, ClientIdentity client, HttpContext context)
    {
        var request = context.Request;
        var aborted = context.RequestAborted;
        if (upstream.Pool.Next(FileUpstream.QuotaName, new HashSet<PoolKey>()) is not { } key)
        {
            return NoUsableKey();
        }

        LiftBodyLimit(context);
        using var message = new HttpRequestMessage(HttpMethod.Post, upstream.UpstreamUri($"/upload/{version}/files{ForwardedQuery(request)}")) { Content = StreamedBody(request) };
        CopyUploadHeaders(request, message);
        using var deadline = upstream.Deadline(aborted);
        var (response, unanswered) = await upstream.TrySendAsync(message, key, deadline.Token, aborted);
        if (response is null)
        {
            return unanswered!;
        }

        using (response)
        {
            return await FinishAsync(response, key, client.TokenId, context, deadline.Token, sessionId: null);
        }
    }

    /// <summary>An upload's last answer: an error is relayed; a File is recorded before the client sees it, so any instance finds it at once.</summary>
    private async Task<IResult> FinishAsync(HttpResponseMessage response, PoolKey key, string clientId, HttpContext context, CancellationToken cancellationToken, string? sessionId)
    {
        var body = await FileUpstream.ReadSmallAsync(response, cancellationToken);
        if (body is null)
        {
            return FileErrors.BadGateway("The upstream Gemini API answered the upload with an unexpectedly large body.");
        }

        if (!response.IsSuccessStatusCode)
        {
            // Relayed with its upload headers: a refused chunk says in X-Goog-Upload-Size-Received where to resume.
            upstream.Failed(key, (int)response.StatusCode, body);
            await FileUpstream.RelayAsync(response, body, context);
            return Results.Empty;
        }

        upstream.Succeeded(key);
        if (FileResource.Read(body) is not { } file)
        {
            return FileErrors.BadGateway("The upstream Gemini API finished the upload without a File resource.");
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
            return FileErrors.StorageFailed($"The file was uploaded as files/{file.FileId}, but its record");
        }

        if (sessionId is not null)
        {
            await ForgetSessionAsync(sessionId);
        }

        Recorded(logger, file.FileId, key.Id, clientId);
        await FileUpstream.RelayAsync(response, body, context);
        return Results.Empty;
    }

    private async Task ForgetSessionAsync(string sessionId)
    {
        try
        {
            await sessions.DeleteAsync(sessionId, CancellationToken.None);
        }
        catch (RequestFailedException)
        {
            // It expires; the hourly retention removes it.
        }
    }

    private ErrorResult NoUsableKey() => NoUsableKeyError.Create(upstream.Pool, FileUpstream.QuotaName, "uploads", ApiProtocol.Gemini);

    // Chunks of 8 MiB and whole files up to 2 GB are normal here, whatever MAX_REQUEST_BODY_MB says for other routes.
    private static void LiftBodyLimit(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxUploadBytes;
        }
    }

    private static StreamContent StreamedBody(HttpRequest request)
    {
        var content = new StreamContent(request.Body, 64 * 1024);
        if (request.ContentLength is { } length)
        {
            content.Headers.ContentLength = length;
        }

        return content;
    }

    // The upload protocol's own headers and the body's type; credentials and everything else stay behind.
    private static void CopyUploadHeaders(HttpRequest from, HttpRequestMessage to)
    {
        foreach (var (name, values) in from.Headers)
        {
            if (name.StartsWith(UploadHeaderPrefix, StringComparison.OrdinalIgnoreCase))
            {
                to.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        if (from.ContentType is { } contentType)
        {
            to.Content?.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
    }

    /// <summary>The client's query minus its token (<c>?key=</c>), which must never go upstream.</summary>
    private static QueryString ForwardedQuery(HttpRequest request) =>
        QueryString.Create(request.Query.Where(pair => !string.Equals(pair.Key, "key", StringComparison.OrdinalIgnoreCase)));

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    [LoggerMessage(60, LogLevel.Information, "Recorded uploaded file {FileId} (key {KeyId}, client {ClientId})")]
    private static partial void Recorded(ILogger logger, string fileId, string keyId, string clientId);

    [LoggerMessage(61, LogLevel.Error, "Uploaded file {FileId} (key {KeyId}) could not be recorded in Table Storage")]
    private static partial void RecordFailed(ILogger logger, string fileId, string keyId);
}
