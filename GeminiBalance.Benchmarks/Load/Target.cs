namespace GeminiBalance.Benchmarks.Load;

/// <summary>Where requests go and with which token: the upstream with a key, the forwarder or the proxy with a client token.</summary>
internal sealed record Target(string Name, Uri BaseUrl, string Token);
