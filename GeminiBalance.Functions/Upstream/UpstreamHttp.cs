using System.Net;

namespace GeminiBalance.Upstream;

/// <summary>A pooled HttpClient to the Gemini API, straight or through one outbound proxy (PROXIES).</summary>
internal static class UpstreamHttp
{
    public static HttpClient CreateClient(Uri? proxy = null)
    {
        var handler = new SocketsHttpHandler
        {
            // Re-resolve DNS now and then; Google's front ends move.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
            UseCookies = false,
            // Bytes are relayed as received; the stream framers need them uncompressed.
            AutomaticDecompression = DecompressionMethods.None,
        };
        if (proxy is not null)
        {
            handler.UseProxy = true;
            handler.Proxy = ProxyOf(proxy);
        }

        // Each attempt has its own deadline (TIME_OUT); a client-wide timeout would cut long streams.
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    // The user:pass@ part becomes credentials (Basic for http(s) proxies, username/password for SOCKS5), not part of the address.
    private static WebProxy ProxyOf(Uri proxy)
    {
        var address = new UriBuilder(proxy) { UserName = "", Password = "" }.Uri;
        var webProxy = new WebProxy(address) { BypassProxyOnLocal = false };
        if (proxy.UserInfo.Length > 0)
        {
            var parts = proxy.UserInfo.Split(':', 2);
            webProxy.Credentials = new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
        }

        return webProxy;
    }
}
