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
internal sealed class FileUploads(
    GeminiForwarder forwarder, KeyPool pool, IUploadSessions sessions, IFileRecords records, ClientAuthenticator authenticator, ICurrentOptions options, TimeProvider time, ILogger<FileUploads> logger)
{
    // Google's limit per file, so also the most one request can carry; MAX_REQUEST_BODY_MB does not apply to file bytes,
    // which are streamed through, never held.
    private const long MaxUploadBytes = 2L * 1024 * 1024 * 1024;

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

        // As the token filter of other routes does, so the usage statistics and logs name the uploader.
        context.Features.Set(client);

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

        var relay = new UploadStartRelay(sessions, options.Current, time, client.TokenId, declaredSize, NullIfEmpty(request.Headers["X-Goog-Upload-Header-Content-Type"].ToString()));
        await forwarder.ForwardAsync(GeminiCall.UploadStart($"/upload/{version}/files{ForwardedQuery(request)}", body, relay), context);
        return Results.Empty;
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

        if (pool.Set.Find(session.KeyId) is not { } slot)
        {
            return new ErrorResult(ApiProtocol.Gemini, StatusCodes.Status410Gone, "This upload cannot continue: the API key it was started with was removed from the pool. Start the upload again.");
        }

        // The session URL stands for its uploader: the usage statistics and logs name them.
        context.Features.Set(client ?? new ClientIdentity(session.ClientId, IsAdmin: false));
        LiftBodyLimit(context);
        var relay = new UploadAnswerRelay(sessions, records, time, logger, session.ClientId, session.Id);
        await forwarder.ForwardAsync(GeminiCall.UploadChunk(new Uri(session.UpstreamUrl), slot.Key, relay), context);
        return Results.Empty;
    }

    /// <summary>Multipart and media uploads: one request, so one key; the bytes stream through and cannot be sent twice.</summary>
    private async Task<IResult> UploadWholeAsync(string version, ClientIdentity client, HttpContext context)
    {
        LiftBodyLimit(context);
        var relay = new UploadAnswerRelay(sessions, records, time, logger, client.TokenId, sessionId: null);
        await forwarder.ForwardAsync(GeminiCall.UploadWhole($"/upload/{version}/files{ForwardedQuery(context.Request)}", relay), context);
        return Results.Empty;
    }

    // Chunks of 8 MiB and whole files up to 2 GB are normal here, whatever MAX_REQUEST_BODY_MB says for other routes.
    private static void LiftBodyLimit(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxUploadBytes;
        }
    }

    /// <summary>The client's query minus its token (<c>?key=</c>), which must never go upstream.</summary>
    private static QueryString ForwardedQuery(HttpRequest request) =>
        QueryString.Create(request.Query.Where(pair => !string.Equals(pair.Key, "key", StringComparison.OrdinalIgnoreCase)));

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
