namespace GeminiBalance.Files;

/// <summary>
/// Google's resumable session URL as the proxy keeps it: without <c>key=</c> (Google repeats the start's <c>?key=</c> in
/// it; the proxy sends its key as a header instead) and on BASE_URL's scheme, host and port, as js-genai does for a
/// custom base URL, so a pool key is never sent to any host but the configured upstream.
/// </summary>
internal static class UpstreamUploadUrl
{
    /// <returns>The URL to keep, or null when the header is not a URL at all.</returns>
    public static string? Keyless(string sessionUrl, Uri baseUrl)
    {
        if (!Uri.TryCreate(sessionUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var query = string.Join('&', uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !string.Equals(Uri.UnescapeDataString(pair.Split('=')[0]), "key", StringComparison.OrdinalIgnoreCase)));
        return new UriBuilder(uri) { Scheme = baseUrl.Scheme, Host = baseUrl.Host, Port = baseUrl.Port, Query = query }.Uri.AbsoluteUri;
    }
}
