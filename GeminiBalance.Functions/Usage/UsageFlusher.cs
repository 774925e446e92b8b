using GeminiBalance.Storage;

namespace GeminiBalance.Usage;

/// <summary>
/// Writes this instance's usage to the <c>usage</c> table every few seconds, off the request path, and once more
/// when the app stops (Azure Functions scaling in), so counts are not left behind in a process that goes away.
/// </summary>
internal sealed partial class UsageFlusher(UsageAggregator usage, TableUsageStore store, InstanceIdentity instance, ILogger<UsageFlusher> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    // One flush at a time: two overlapping ones could write an older total after a newer one.
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Writes every bucket that changed since the last flush; the tests call it to flush deterministically.</summary>
    /// <exception cref="Azure.RequestFailedException">Storage refused; the totals stay in memory for the next flush.</exception>
    public async Task FlushOnceAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var changed = usage.TakeChanged();
            try
            {
                await store.WriteAsync(changed.Select(row => (row.Bucket, row.Totals)), instance.Id, cancellationToken);
            }
            catch
            {
                // Rows are cumulative totals, so rewriting ones that did reach storage is harmless.
                foreach (var row in changed)
                {
                    row.Counters.MarkDirty();
                }

                throw;
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await TryFlushAsync(stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await TryFlushAsync(cancellationToken);
    }

    private async Task TryFlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FlushOnceAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            FlushFailed(logger, exception.GetType().Name);
        }
    }

    [LoggerMessage(40, LogLevel.Warning, "Writing usage statistics failed ({Error}); the counts are kept for the next round")]
    private static partial void FlushFailed(ILogger logger, string error);
}
