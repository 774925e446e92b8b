namespace GeminiBalance.Keys;

/// <summary>
/// Keeps this instance's key snapshot and the shared store in step, off the request path: every few seconds
/// it writes the transitions this instance made, then reads what every instance wrote.
/// </summary>
internal sealed partial class KeyStateSync(KeyPool pool, IKeyStateStore store, IAdminKeyStore adminKeys, Hosting.ProxyOptions options, ILogger<KeyStateSync> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>
    /// One round: take the admin keys every instance added or removed, write this instance's transitions, read everyone's.
    /// The tests call it to step instances deterministically.
    /// </summary>
    public async Task SyncOnceAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var keys = pool.Set;
            pool.UseStoredAdminKeys(keys, await adminKeys.LoadAsync(cancellationToken));

            var queued = TakeQueuedPerKey();
            for (var index = 0; index < queued.Count; index++)
            {
                try
                {
                    await store.ApplyAsync(queued[index], cancellationToken);
                }
                catch
                {
                    // Not lost: this one and the ones after it go back in the queue for the next round.
                    foreach (var unwritten in queued.Skip(index))
                    {
                        pool.Requeue(unwritten);
                    }

                    throw;
                }
            }

            var before = pool.Snapshot();
            pool.Refresh(before, await store.LoadAsync(cancellationToken));
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>
    /// One composed transition per key: each instance then makes one conditional write per key per round, so with
    /// N instances a write loses at most N-1 races instead of starving behind a stream of its own writes.
    /// </summary>
    private List<KeyTransition> TakeQueuedPerKey()
    {
        var perKey = new Dictionary<string, Func<KeyHealth, KeyHealth>>(StringComparer.Ordinal);
        while (pool.Transitions.TryRead(out var transition))
        {
            // A removed key's health was forgotten; writing it would bring an orphan row back.
            if (pool.Set.Find(transition.KeyId) is null)
            {
                continue;
            }

            perKey[transition.KeyId] = perKey.TryGetValue(transition.KeyId, out var earlier)
                ? Compose(earlier, transition.Apply)
                : transition.Apply;
        }

        return perKey.Select(entry => new KeyTransition(entry.Key, entry.Value)).ToList();
    }

    private static Func<KeyHealth, KeyHealth> Compose(Func<KeyHealth, KeyHealth> first, Func<KeyHealth, KeyHealth> then) =>
        health => then(first(health));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.KeyStateRefresh);
        do
        {
            try
            {
                await SyncOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Storage trouble must not stop the proxy: the local snapshot keeps working and the next round retries.
                SyncFailed(logger, exception.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(20, LogLevel.Warning, "Key state sync with storage failed ({Error}); using the local snapshot until the next round")]
    private static partial void SyncFailed(ILogger logger, string error);
}
