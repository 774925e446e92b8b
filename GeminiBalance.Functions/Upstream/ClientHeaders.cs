namespace GeminiBalance.Upstream;

/// <summary>Which of the client's own headers a <see cref="GeminiCall"/> carries upstream.</summary>
internal enum ClientHeaders
{
    /// <summary>None: the request is the proxy's own (translated, or a Files call it makes for the client).</summary>
    None,

    /// <summary>The client's headers minus credentials, hop-by-hop and platform headers (<see cref="UpstreamHeaders"/>): the native surface.</summary>
    Forwarded,

    /// <summary>Only the upload protocol's headers (<c>X-Goog-Upload-*</c>) and the body's Content-Type: file uploads.</summary>
    UploadProtocol,
}
