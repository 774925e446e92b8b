namespace GeminiBalance.Hosting;

/// <summary>
/// The scheme and host clients reach the app on, for links the app hands out. Behind the Functions host (and any
/// reverse proxy) the request arrives on a loopback port, and the public host comes in X-Forwarded-Host/-Proto.
/// A client that forges these only misdirects links in its own answer.
/// </summary>
internal static class PublicBaseUrl
{
    /// <summary>PUBLIC_BASE_URL when set (no trailing slash), else what the request says.</summary>
    public static string Of(HttpRequest request, ProxyOptions options) =>
        options.PublicBaseUrl is { } configured ? configured.AbsoluteUri.TrimEnd('/') : Of(request);

    public static string Of(HttpRequest request)
    {
        var host = First(request.Headers["X-Forwarded-Host"].ToString()) ?? request.Host.Value;
        var scheme = First(request.Headers["X-Forwarded-Proto"].ToString()) ?? request.Scheme;
        return $"{scheme}://{host}{request.PathBase}";
    }

    private static string? First(string value) => value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
}
