namespace GeminiBalance.Keys;

/// <summary>
/// Keeps this instance's key snapshot and the shared store in step, off the request path: every few seconds
/// it writes the transitions this instance made, then reads what every instance wrote.
/// </summary>
internal sealed partial class KeyStateSync(KeyPool pool, IKeyStateStore store, Hosting.ProxyOptions options, ILogger<KeyStateSync> logger) : BackgroundService
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>One write-then-read round; the tests call it to step instances deterministically.</summary>
    public async Task SyncOnceAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            while (pool.Transitions.TryRead(out var transition))
            {
                await store.ApplyAsync(transition, cancellationToken);
            }

            var before = pool.Snapshot();
            pool.Refresh(before, await store.LoadAsync(cancellationToken));
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

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
