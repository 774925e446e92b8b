namespace GeminiBalance.Admin;

/// <summary>The answer to <c>POST /manage/proxies/check</c>: one entry per proxy, in PROXIES order.</summary>
internal sealed record ProxyChecks(IReadOnlyList<ProxyCheck> Proxies);

/// <summary>
/// One proxy tried: <paramref name="Proxy"/> without its <c>user:pass@</c>; reachable when Google answered through it
/// (<paramref name="Status"/>, any status), else <paramref name="Error"/> says why, never quoting the URL.
/// </summary>
internal sealed record ProxyCheck(string Proxy, bool Reachable, long LatencyMs, int? Status, string? Error);
