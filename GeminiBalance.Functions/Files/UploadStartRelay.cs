using Azure;
using GeminiBalance.Hosting;
using GeminiBalance.Keys;
using GeminiBalance.Upstream;

namespace GeminiBalance.Files;

/// <summary>
/// The answer to a resumable upload's start: Google's session URL is kept (without any key) in a session the proxy
/// stores, and the client gets the proxy's own session URL instead, so every chunk comes back through the proxy.
/// </summary>
internal sealed class UploadStartRelay(IUploadSessions sessions, ProxyOptions options, TimeProvider time, string clientId, long? declaredSize, string? contentType)
    : FileAnswerRelay
{
    public override async Task<TokenUsage?> RelayAsync(HttpResponseMessage upstream, PoolKey key, HttpContext context, CancellationToken cancellationToken)
    {
        // The start's answer has no body worth keeping; reading it lets a broken one be retried on another key.
        _ = await FileUpstream.ReadSmallAsync(upstream, cancellationToken);
        var upstreamUrl = upstream.Headers.TryGetValues("X-Goog-Upload-URL", out var urls) ? UpstreamUploadUrl.Keyless(urls.First(), options.BaseUrl) : null;
        if (upstreamUrl is null)
        {
            await FileErrors.BadGateway("The upstream Gemini API started the upload without answering with a session URL.").ExecuteAsync(context);
            return null;
        }

        // Google's session belongs to the key that started it: every chunk must go to that key.
        var session = new UploadSession(UploadSessionId.New(), upstreamUrl, key.Id, clientId, declaredSize, contentType, time.GetUtcNow() + UploadSession.Lifetime);
        try
        {
            await sessions.SaveAsync(session, context.RequestAborted);
        }
        catch (RequestFailedException)
        {
            await FileErrors.StorageFailed("The upload session").ExecuteAsync(context);
            return null;
        }

        var request = context.Request;
        FileUpstream.CopyAnswerHead(upstream, context.Response);
        context.Response.Headers["X-Goog-Upload-URL"] = $"{PublicBaseUrl.Of(request, options)}{request.Path}?upload_id={session.Id}&upload_protocol=resumable";
        context.Response.Headers["X-Goog-Upload-Status"] = "active";
        return null;
    }
}
