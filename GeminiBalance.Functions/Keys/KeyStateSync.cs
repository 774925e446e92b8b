namespace GeminiBalance.Keys;

/// <summary>
/// Keeps this instance's key snapshot and the shared store in step, off the request path: every few seconds
/// it writes the transitions this instance made, then reads what every instance wrote.
/// </summary>
internal sealed partial class KeyStateSync(KeyPool pool, IKeyStateStore store, IAdminKeyStore adminKeys, Hosting.ProxyOptions options, ILogger<KeyStateSync> logger)
    : Hosting.PeriodicSync(options.KeyStateRefresh)
{
    /// <summary>
    /// Past this many unwritten transitions for one key, they are folded into the health this instance sees at the end
    /// of a round, so a long storage outage under load cannot grow memory without bound. The cost: when it is written at last, that key's
    /// stored state is this instance's view rather than a merge with what other instances wrote meanwhile.
    /// </summary>
    internal const int MaxComposed = 256;

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    // One composed transition per key, waiting to be written; only touched under _oneAtATime.
    private readonly Dictionary<string, KeyTransition> _unwritten = new(StringComparer.Ordinal);

    /// <summary>
    /// One round: take the admin keys every instance added or removed, write this instance's transitions, read everyone's.
    /// The tests call it to step instances deterministically.
    /// </summary>
    public override async Task SyncOnceAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            // Drained before any storage call, so every round empties the queue even while storage is down.
            TakeQueued();

            var keys = pool.Set;
            pool.UseStoredAdminKeys(keys, await adminKeys.LoadAsync(cancellationToken));

            foreach (var transition in _unwritten.Values.ToList())
            {
                // A removed key's health was forgotten; writing it would bring an orphan row back.
                if (pool.Set.Find(transition.KeyId) is not null)
                {
                    // A failure leaves this one and the ones after it in _unwritten for the next round.
                    await store.ApplyAsync(transition, cancellationToken);
                }

                _unwritten.Remove(transition.KeyId);
            }

            var before = pool.Snapshot();
            pool.Refresh(before, await store.LoadAsync(cancellationToken));
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Transitions waiting to be written, one per key (for tests).</summary>
    internal IReadOnlyCollection<KeyTransition> Unwritten => _unwritten.Values;

    /// <summary>
    /// One composed transition per key: each instance then makes one conditional write per key per round, so with
    /// N instances a write loses at most N-1 races instead of starving behind a stream of its own writes.
    /// </summary>
    private void TakeQueued()
    {
        while (pool.Transitions.TryRead(out var transition))
        {
            _unwritten[transition.KeyId] = _unwritten.TryGetValue(transition.KeyId, out var earlier)
                ? Compose(earlier, transition)
                : transition;
        }

        // Folded only once the queue is drained: the local health already includes every transition taken so far.
        // One that a request queues between the drain and this read is counted twice; only counters can drift, by
        // the few requests of that instant, and only after MaxComposed failures went unwritten.
        foreach (var transition in _unwritten.Values.Where(transition => transition.Composed > MaxComposed).ToList())
        {
            if (pool.Set.Find(transition.KeyId) is { } slot)
            {
                var seen = slot.Health;
                _unwritten[transition.KeyId] = new KeyTransition(transition.KeyId, _ => seen);
            }
        }
    }

    private static KeyTransition Compose(KeyTransition first, KeyTransition then)
    {
        var (apply, next) = (first.Apply, then.Apply);
        return new KeyTransition(first.KeyId, health => next(apply(health)), first.Composed + then.Composed);
    }

    // The local snapshot keeps working and the next round retries.
    protected override void RoundFailed(string error) => SyncFailed(logger, error);

    [LoggerMessage(20, LogLevel.Warning, "Key state sync with storage failed ({Error}); using the local snapshot until the next round")]
    private static partial void SyncFailed(ILogger logger, string error);
}
