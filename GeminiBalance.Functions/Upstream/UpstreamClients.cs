using System.Globalization;
using GeminiBalance.Hosting;
using GeminiBalance.Keys;

namespace GeminiBalance.Upstream;

/// <summary>
/// The HttpClients upstream calls go out on: one straight to Google, or one per outbound proxy (PROXIES), each made once
/// at start-up so its connection pool is reused. A key's proxy is a hash of the key's id when
/// PROXIES_USE_CONSISTENCY_HASH_BY_API_KEY (Google sees each key from one address, on every instance and after restarts);
/// otherwise the proxies take turns.
/// </summary>
internal sealed class UpstreamClients : IDisposable
{
    private readonly HttpClient _direct;
    private readonly HttpClient[] _proxied;
    private readonly bool _byKey;
    private int _turn = -1;

    public UpstreamClients(ICurrentOptions options)
    {
        var current = options.Current;
        Proxies = current.Proxies;
        _byKey = current.ProxiesConsistentByKey;
        _direct = UpstreamHttp.CreateClient();
        _proxied = [.. Proxies.Select(proxy => UpstreamHttp.CreateClient(proxy))];
    }

    /// <summary>The proxies in use, in the order of <see cref="Through"/>.</summary>
    public IReadOnlyList<Uri> Proxies { get; }

    /// <summary>The client for an attempt with <paramref name="key"/>.</summary>
    public HttpClient For(PoolKey key)
    {
        if (_proxied.Length == 0)
        {
            return _direct;
        }

        var index = _byKey ? (int)(HashOf(key) % (uint)_proxied.Length) : (int)((uint)Interlocked.Increment(ref _turn) % (uint)_proxied.Length);
        return _proxied[index];
    }

    /// <summary>The client of the proxy at <paramref name="index"/> in <see cref="Proxies"/>.</summary>
    public HttpClient Through(int index) => _proxied[index];

    /// <summary>Which proxy a key goes through when the choice is by key (its index in <see cref="Proxies"/>).</summary>
    public int ProxyIndexOf(PoolKey key) => (int)(HashOf(key) % (uint)Math.Max(1, _proxied.Length));

    // The key's id is already a SHA-256 prefix of the secret, the same on every instance; its first 8 hex digits are the hash.
    private static uint HashOf(PoolKey key) =>
        uint.TryParse(key.Id.AsSpan(0, Math.Min(8, key.Id.Length)), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hash) ? hash : 0;

    public void Dispose()
    {
        _direct.Dispose();
        foreach (var client in _proxied)
        {
            client.Dispose();
        }
    }
}
