using System.Threading.Channels;
using GeminiBalance.Hosting;
using GeminiBalance.Quotas;

namespace GeminiBalance.Keys;

/// <summary>
/// Round-robin over the keys usable for a model. The key set is an immutable <see cref="KeySet"/> swapped atomically
/// when an admin adds or removes a key; each key's health is replaced with a compare-and-swap in its
/// <see cref="KeySlot"/>, so selection never takes a lock, allocates or waits on I/O.
/// Every transition that changes a value is also queued for <see cref="KeyStateSync"/> to persist.
/// </summary>
internal sealed class KeyPool
{
    private readonly ICurrentOptions _options;
    private readonly TimeProvider _time;
    private readonly KeyQuotas _quotas = new();
    private readonly Channel<KeyTransition> _transitions = Channel.CreateUnbounded<KeyTransition>(new UnboundedChannelOptions { SingleReader = true });
    private KeySet _set;

    // Per instance on purpose: a shared cursor would cost a storage round trip per request, and spreading
    // load only needs each instance to rotate on its own.
    private int _cursor = -1;

    public KeyPool(ICurrentOptions options, TimeProvider time)
    {
        _set = KeySet.FromSettings(options.Current.ApiKeys);
        _options = options;
        _time = time;
    }

    public int Count => Set.Slots.Length;

    /// <summary>The key set now; pass it back to <see cref="UseStoredAdminKeys"/> after reading storage.</summary>
    public KeySet Set => Volatile.Read(ref _set);

    /// <summary>Transitions this instance applied and has not persisted yet.</summary>
    public ChannelReader<KeyTransition> Transitions => _transitions.Reader;

    /// <summary>The next usable key for <paramref name="model"/> that this request has not tried yet, or null.</summary>
    public PoolKey? Next(string model, IReadOnlySet<PoolKey> alreadyTried)
    {
        var now = _time.GetUtcNow();
        var limits = _options.Current.KeyLimits;
        if (!limits.IsEmpty)
        {
            return NextWithRoom(model, alreadyTried, now, limits);
        }

        var slots = Set.Slots;
        var usable = 0;
        foreach (var slot in slots)
        {
            usable += IsCandidate(slot, model, alreadyTried, now) ? 1 : 0;
        }

        if (usable == 0)
        {
            return null;
        }

        // The cursor picks the n-th usable key, not the first usable one after position n: skipping set-aside keys
        // would hand their whole share to whichever healthy key follows them.
        var wanted = (int)((uint)Interlocked.Increment(ref _cursor) % (uint)usable);
        PoolKey? first = null;
        foreach (var slot in slots)
        {
            if (IsCandidate(slot, model, alreadyTried, now))
            {
                if (wanted-- == 0)
                {
                    return slot.Key;
                }

                first ??= slot.Key;
            }
        }

        // Another thread set keys aside between the two passes.
        return first;
    }

    /// <summary>
    /// Quota-aware choice: the usable key with the most room left in its limits for <paramref name="model"/>, its request
    /// counted at once so concurrent requests see it; ties go round the pool from the cursor. A key whose budget is
    /// spent is skipped rather than sent a request Google would answer with 429.
    /// </summary>
    private PoolKey? NextWithRoom(string model, IReadOnlySet<PoolKey> alreadyTried, DateTimeOffset now, KeyLimits limits)
    {
        var slots = Set.Slots;
        if (slots.Length == 0)
        {
            return null;
        }

        // Each failed take means another request took that key's last room meanwhile; the pool is finite, so is this loop.
        for (var round = 0; round <= slots.Length; round++)
        {
            var start = (int)((uint)Interlocked.Increment(ref _cursor) % (uint)slots.Length);
            KeySlot? best = null;
            ModelLimit? bestLimit = null;
            var bestRoom = 0;
            for (var i = 0; i < slots.Length; i++)
            {
                var slot = slots[(start + i) % slots.Length];
                if (!IsCandidate(slot, model, alreadyTried, now))
                {
                    continue;
                }

                var limit = limits.For(slot.Key.Id, model);
                var room = limit is null ? int.MaxValue : _quotas.Room(slot.Key.Id, model, limit, now);
                if (room > bestRoom)
                {
                    (best, bestLimit, bestRoom) = (slot, limit, room);
                }
            }

            if (best is null)
            {
                return null;
            }

            if (bestLimit is null || _quotas.TryTake(best.Key.Id, model, bestLimit, now))
            {
                return best.Key;
            }
        }

        return null;
    }

    /// <summary>Counts the tokens an answer used against its key's tpm limit for the model, if it has one.</summary>
    public void ReportTokens(PoolKey key, string model, int tokens)
    {
        if (_options.Current.KeyLimits.For(key.Id, model) is { Tpm: not null })
        {
            _quotas.AddTokens(key.Id, model, tokens, _time.GetUtcNow());
        }
    }

    private static bool IsCandidate(KeySlot slot, string model, IReadOnlySet<PoolKey> alreadyTried, DateTimeOffset now) =>
        !alreadyTried.Contains(slot.Key) && slot.Health.IsUsableFor(model, now);

    /// <summary>How long until the first key cooling for <paramref name="model"/> comes back, or null if none will by itself.</summary>
    public TimeSpan? TimeUntilReturn(string model)
    {
        var now = _time.GetUtcNow();
        var limits = _options.Current.KeyLimits;
        DateTimeOffset? earliest = null;
        foreach (var slot in Set.Slots)
        {
            var health = slot.Health;
            if (health.Status != KeyStatus.Active)
            {
                continue;
            }

            DateTimeOffset? back = health.CoolingUntil.TryGetValue(model, out var until) ? until : null;
            if (!limits.IsEmpty && limits.For(slot.Key.Id, model) is { } limit && _quotas.TimeUntilRoom(slot.Key.Id, model, limit, now) is var wait && wait > TimeSpan.Zero)
            {
                // Back when both its cooling and its spent budget are over.
                back = back is { } cooling && cooling > now + wait ? cooling : now + wait;
            }

            if (back is not null && (earliest is null || back < earliest))
            {
                earliest = back;
            }
        }

        return earliest - now;
    }

    /// <summary>
    /// Whether the key <paramref name="keyId"/> can take a request for <paramref name="model"/> now, and if not, why; for
    /// requests bound to that one key (a file lives in the project of the key that uploaded it), which <see cref="Next"/> cannot serve.
    /// </summary>
    public KeyAvailability AvailabilityFor(string keyId, string model)
    {
        if (Set.Find(keyId) is not { } slot)
        {
            return default;
        }

        var health = slot.Health;
        var now = _time.GetUtcNow();
        TimeSpan? coolingFor = health.CoolingUntil.TryGetValue(model, out var until) && until > now ? until - now : null;
        return new KeyAvailability(slot.Key, health.Status, coolingFor);
    }

    /// <exception cref="KeyNotFoundException">The key is not in the pool (any more).</exception>
    public KeyHealth HealthOf(PoolKey key) => (Set.Find(key.Id) ?? throw new KeyNotFoundException($"{key} is not in the pool.")).Health;

    public void ReportSuccess(PoolKey key)
    {
        // Checked before building the transition, so a success on a healthy key allocates nothing.
        var now = _time.GetUtcNow();
        if (Set.Find(key.Id) is { } slot && !ReferenceEquals(slot.Health.Succeeded(now), slot.Health))
        {
            Apply(key, health => health.Succeeded(now));
        }
    }

    public void ReportFailure(PoolKey key, string model, UpstreamFailure failure)
    {
        if (failure.Kind == FailureKind.ClientError)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var maxFailures = _options.Current.MaxFailures;
        Apply(key, health => health.Failed(failure, model, now, maxFailures));
    }

    public void Revive(PoolKey key) => Apply(key, static health => health.Revived());

    public void Disable(PoolKey key) => Apply(key, static health => health.Disabled());

    public void Enable(PoolKey key) => Apply(key, static health => health.Enabled());

    public void Reset(PoolKey key) => Apply(key, static health => health.Reset());

    /// <summary>Adds admin keys at once (the other instances follow on their next refresh); returns the ones that were new.</summary>
    public IReadOnlyList<PoolKey> AddAdminKeys(IReadOnlyCollection<PoolKey> keys)
    {
        while (true)
        {
            var current = Set;
            var next = current.WithAdminKeys(keys);
            if (ReferenceEquals(next, current) || ReferenceEquals(Interlocked.CompareExchange(ref _set, next, current), current))
            {
                return [.. keys.Where(key => current.Find(key.Id) is null).DistinctBy(key => key.Id)];
            }
        }
    }

    public void RemoveAdminKey(string id)
    {
        while (true)
        {
            var current = Set;
            var next = current.WithoutAdminKey(id);
            if (ReferenceEquals(next, current) || ReferenceEquals(Interlocked.CompareExchange(ref _set, next, current), current))
            {
                return;
            }
        }
    }

    /// <summary>Makes <paramref name="secrets"/> the settings keys (API_KEYS changed live), keeping the health of keys that stay.</summary>
    public void UseSettingsKeys(IReadOnlyList<string> secrets)
    {
        while (true)
        {
            var current = Set;
            var next = current.WithSettingsKeys(secrets);
            if (ReferenceEquals(next, current) || ReferenceEquals(Interlocked.CompareExchange(ref _set, next, current), current))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Takes the stored admin keys unless this instance changed its key set since <paramref name="before"/>: that
    /// change was written to storage first, and the next refresh reads it back.
    /// </summary>
    public void UseStoredAdminKeys(KeySet before, IReadOnlyCollection<PoolKey> stored) =>
        Interlocked.CompareExchange(ref _set, before.WithStoredAdminKeys(stored), before);

    /// <summary>Every slot with the health it holds now; pass it back to <see cref="Refresh"/> after reading storage.</summary>
    public (KeySlot Slot, KeyHealth Health)[] Snapshot() => [.. Set.Slots.Select(slot => (slot, slot.Health))];

    /// <summary>
    /// Takes the stored state for every key whose slot still holds what <paramref name="before"/> saw. A slot
    /// this instance changed meanwhile keeps its newer value; its transition is queued and the next refresh reconciles.
    /// </summary>
    public void Refresh((KeySlot Slot, KeyHealth Health)[] before, IReadOnlyDictionary<string, KeyHealth> stored)
    {
        foreach (var (slot, health) in before)
        {
            if (stored.TryGetValue(slot.Key.Id, out var storedHealth))
            {
                slot.TryReplace(health, storedHealth);
            }
        }
    }

    // A key removed while a request was using it takes no more transitions.
    private void Apply(PoolKey key, Func<KeyHealth, KeyHealth> transition)
    {
        if (Set.Find(key.Id) is not { } slot)
        {
            return;
        }

        while (true)
        {
            var current = slot.Health;
            var next = transition(current);
            if (ReferenceEquals(next, current))
            {
                return;
            }

            if (slot.TryReplace(current, next))
            {
                _transitions.Writer.TryWrite(new KeyTransition(key.Id, transition));
                return;
            }
        }
    }
}
