namespace GeminiBalance.Files;

/// <summary>
/// A resumable upload the proxy started upstream, shared by every instance: the chunks may arrive anywhere.
/// </summary>
/// <param name="Id">The proxy's own session id, the capability in the URL it handed out (see <see cref="UploadSessionId"/>).</param>
/// <param name="UpstreamUrl">Google's session URL with any <c>key=</c> removed; the key goes in a header instead.</param>
/// <param name="KeyId">The pool key that started the upload; Google binds the session, and so the file, to its project.</param>
/// <param name="ClientId">The client token id that started it; only it may continue it and will own the file.</param>
/// <param name="DeclaredSize">X-Goog-Upload-Header-Content-Length of the start, when sent.</param>
/// <param name="DeclaredType">X-Goog-Upload-Header-Content-Type of the start, when sent.</param>
internal sealed record UploadSession(
    string Id, string UpstreamUrl, string KeyId, string ClientId, long? DeclaredSize, string? DeclaredType, DateTimeOffset ExpiresAt)
{
    /// <summary>Google keeps a resumable session for about a week; a day is ample for a client that is uploading now.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
}
