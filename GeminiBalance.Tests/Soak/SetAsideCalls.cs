using System.Collections.Concurrent;
using GeminiBalance.Keys;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Soak;

/// <summary>
/// Counts, per key, the model calls the upstream received and those that arrived while the proxy's pool had that key
/// set aside for that model (invalid, or cooling). A call chosen just before its key was set aside and still in
/// flight counts too, so a small number under concurrency is expected; a growing one is a bug.
/// </summary>
internal sealed class SetAsideCalls(KeyPool pool, TimeProvider time)
{
    private readonly Dictionary<string, PoolKey> _keys = pool.Set.Slots.ToDictionary(slot => slot.Key.Secret, slot => slot.Key, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _whileSetAside = new(StringComparer.Ordinal);

    public void Observe(ReceivedRequest request)
    {
        var separator = request.Path.LastIndexOf(':');
        var modelStart = request.Path.IndexOf("/models/", StringComparison.Ordinal);
        if (request.Key is not { } secret || !_keys.TryGetValue(secret, out var key) || separator < 0 || modelStart < 0)
        {
            return;
        }

        var model = request.Path[(modelStart + "/models/".Length)..separator];
        _calls.AddOrUpdate(secret, 1, (_, n) => n + 1);
        if (!pool.HealthOf(key).IsUsableFor(model, time.GetUtcNow()))
        {
            _whileSetAside.AddOrUpdate(secret, 1, (_, n) => n + 1);
        }
    }

    public int Calls(string secret) => _calls.GetValueOrDefault(secret);

    public int WhileSetAside(string secret) => _whileSetAside.GetValueOrDefault(secret);

    public KeyStatus Status(string secret) => pool.HealthOf(_keys[secret]).Status;
}
