using System.Threading.Channels;
using GeminiBalance.Hosting;

namespace GeminiBalance.Keys;

/// <summary>
/// Round-robin over the keys usable for a model. Health lives in an array of immutable <see cref="KeyHealth"/>
/// values, each replaced with a compare-and-swap, so selection never takes a lock or waits on I/O.
/// Every transition that changes a value is also queued for <see cref="KeyStateSync"/> to persist.
/// </summary>
internal sealed class KeyPool
{
    private readonly PoolKey[] _keys;
    private readonly Dictionary<PoolKey, int> _slots = [];
    private readonly KeyHealth[] _health;
    private readonly int _maxFailures;
    private readonly TimeProvider _time;
    private readonly Channel<KeyTransition> _transitions = Channel.CreateUnbounded<KeyTransition>(new UnboundedChannelOptions { SingleReader = true });

    // Per instance on purpose: a shared cursor would cost a storage round trip per request, and spreading
    // load only needs each instance to rotate on its own.
    private int _cursor = -1;

    public KeyPool(ProxyOptions options, TimeProvider time)
    {
        _keys = options.ApiKeys.Select(PoolKey.From).ToArray();
        for (var index = 0; index < _keys.Length; index++)
        {
            _slots.TryAdd(_keys[index], index);
        }

        _health = _keys.Select(_ => KeyHealth.Fresh).ToArray();
        _maxFailures = options.MaxFailures;
        _time = time;
    }

    public int Count => _keys.Length;

    public IReadOnlyList<PoolKey> Keys => _keys;

    /// <summary>Transitions this instance applied and has not persisted yet.</summary>
    public ChannelReader<KeyTransition> Transitions => _transitions.Reader;

    /// <summary>The next usable key for <paramref name="model"/> that this request has not tried yet, or null.</summary>
    public PoolKey? Next(string model, IReadOnlySet<PoolKey> alreadyTried)
    {
        var now = _time.GetUtcNow();
        var start = (int)((uint)Interlocked.Increment(ref _cursor) % (uint)Math.Max(1, _keys.Length));
        for (var offset = 0; offset < _keys.Length; offset++)
        {
            var index = (start + offset) % _keys.Length;
            if (!alreadyTried.Contains(_keys[index]) && Volatile.Read(ref _health[index]).IsUsableFor(model, now))
            {
                return _keys[index];
            }
        }

        return null;
    }

    /// <summary>How long until the first key cooling for <paramref name="model"/> comes back, or null if none will by itself.</summary>
    public TimeSpan? TimeUntilReturn(string model)
    {
        DateTimeOffset? earliest = null;
        foreach (var health in _health)
        {
            if (health.Status == KeyStatus.Active && health.CoolingUntil.TryGetValue(model, out var until) && (earliest is null || until < earliest))
            {
                earliest = until;
            }
        }

        return earliest - _time.GetUtcNow();
    }

    public KeyHealth HealthOf(PoolKey key) => Volatile.Read(ref _health[IndexOf(key)]);

    // A static lambda is cached: reporting a success on a healthy key allocates nothing.
    public void ReportSuccess(PoolKey key) => Apply(key, static health => health.Succeeded());

    public void ReportFailure(PoolKey key, string model, UpstreamFailure failure)
    {
        if (failure.Kind == FailureKind.ClientError)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var maxFailures = _maxFailures;
        Apply(key, health => health.Failed(failure, model, now, maxFailures));
    }

    public void Revive(PoolKey key) => Apply(key, static health => health.Revived());

    /// <summary>Puts back a transition that could not be persisted, for the next sync round.</summary>
    public void Requeue(KeyTransition transition) => _transitions.Writer.TryWrite(transition);

    /// <summary>The references in every slot now; pass them back to <see cref="Refresh"/> after reading storage.</summary>
    public KeyHealth[] Snapshot() => _health.Select((_, index) => Volatile.Read(ref _health[index])).ToArray();

    /// <summary>
    /// Takes the stored state for every key whose slot still holds what <paramref name="before"/> saw. A slot
    /// this instance changed meanwhile keeps its newer value; its transition is queued and the next refresh reconciles.
    /// </summary>
    public void Refresh(KeyHealth[] before, IReadOnlyDictionary<string, KeyHealth> stored)
    {
        for (var index = 0; index < _keys.Length; index++)
        {
            if (stored.TryGetValue(_keys[index].Id, out var health))
            {
                Interlocked.CompareExchange(ref _health[index], health, before[index]);
            }
        }
    }

    private void Apply(PoolKey key, Func<KeyHealth, KeyHealth> transition)
    {
        ref var slot = ref _health[IndexOf(key)];
        while (true)
        {
            var current = Volatile.Read(ref slot);
            var next = transition(current);
            if (ReferenceEquals(next, current))
            {
                return;
            }

            if (ReferenceEquals(Interlocked.CompareExchange(ref slot, next, current), current))
            {
                _transitions.Writer.TryWrite(new KeyTransition(key.Id, transition));
                return;
            }
        }
    }

    // A lookup, not Array.IndexOf: every report went through it, and a scan cost microseconds with a thousand keys.
    private int IndexOf(PoolKey key) => _slots.TryGetValue(key, out var index) ? index : -1;
}
