namespace GeminiBalance.Hosting;

/// <summary>
/// PROXIES as gemini-balance users write it: a JSON array or comma-separated list of proxy URLs (http, https, socks5),
/// credentials allowed as <c>user:pass@</c>. A bad entry is named by its position, never quoted: it may hold a password.
/// </summary>
internal static class ProxiesSetting
{
    public static IReadOnlyList<Uri> Parse(string? value)
    {
        var entries = ListSetting.Parse(SettingNames.Proxies, value);
        var proxies = new List<Uri>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            if (!Uri.TryCreate(entries[i], UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "socks5")
                || uri.Host.Length == 0 || uri.AbsolutePath is not ("/" or "") || uri.Query.Length > 0)
            {
                throw new SettingException(SettingNames.Proxies, $"entry {i + 1} must be a proxy URL such as http://host:3128, https://user:pass@host:443 or socks5://host:1080");
            }

            proxies.Add(uri);
        }

        return proxies;
    }

    /// <summary>A proxy as it may be shown: scheme, host and port, the <c>user:pass@</c> part left out.</summary>
    public static string Redacted(Uri proxy) => proxy.UserInfo.Length == 0
        ? $"{proxy.Scheme}://{proxy.Authority}"
        : $"{proxy.Scheme}://***@{proxy.Authority}";
}
