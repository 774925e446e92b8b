namespace GeminiBalance.Upstream;

/// <summary>The one pooled HttpClient to the Gemini API.</summary>
internal static class UpstreamHttp
{
    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        // Re-resolve DNS now and then; Google's front ends move.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = false,
        UseCookies = false,
        // Bytes are relayed as received; the stream framers need them uncompressed.
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    })
    {
        // Each attempt has its own deadline (TIME_OUT); a client-wide timeout would cut long streams.
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
