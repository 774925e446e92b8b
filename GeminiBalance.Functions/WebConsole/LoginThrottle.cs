using System.Collections.Concurrent;
using System.Net;

namespace GeminiBalance.WebConsole;

/// <summary>
/// Slows down guessing AUTH_TOKEN at the login form: after a few wrong tokens from one address, each further try must
/// wait twice as long as the last (up to 15 minutes); a right token clears the count. Per instance, in memory: with N
/// instances a guesser gets N times the tries, which still leaves a random token out of reach.
/// </summary>
internal sealed class LoginThrottle(TimeProvider time)
{
    private const int FreeTries = 3;
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(15);

    // Addresses that failed recently; an address that logs in or whose wait ran out long ago is dropped.
    private readonly ConcurrentDictionary<IPAddress, Failures> _failures = new();

    /// <returns>How long the address must still wait, or null when it may try now.</returns>
    public TimeSpan? WaitFor(IPAddress? address)
    {
        if (address is null || !_failures.TryGetValue(address, out var failures))
        {
            return null;
        }

        var wait = failures.NextTryAt - time.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : null;
    }

    public void Failed(IPAddress? address)
    {
        if (address is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        _failures.AddOrUpdate(
            address,
            _ => new Failures(1, now),
            (_, earlier) =>
            {
                var count = earlier.Count + 1;
                var wait = count <= FreeTries ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(Math.Pow(2, count - FreeTries), MaxWait.TotalSeconds));
                return new Failures(count, now + wait);
            });
        foreach (var (stale, failures) in _failures)
        {
            if (failures.NextTryAt + MaxWait < now)
            {
                _failures.TryRemove(stale, out _);
            }
        }
    }

    public void Succeeded(IPAddress? address)
    {
        if (address is not null)
        {
            _failures.TryRemove(address, out _);
        }
    }

    private sealed record Failures(int Count, DateTimeOffset NextTryAt);
}
