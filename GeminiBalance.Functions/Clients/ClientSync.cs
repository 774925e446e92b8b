using GeminiBalance.Hosting;

namespace GeminiBalance.Clients;

/// <summary>
/// Every KEY_STATE_REFRESH_SECONDS, off the request path: reloads the client keys, writes this instance's counts into
/// the shared count rows (one conditional write per client per window that changed), then reads every client's shared
/// totals for the current minute, day and month (one query per window), so each instance admits against the fleet's counts.
/// </summary>
internal sealed partial class ClientSync(ClientDirectory directory, ClientMeters meters, IClientStore store, TimeProvider time, ProxyOptions options, ILogger<ClientSync> logger)
    : PeriodicSync(options.KeyStateRefresh)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public override async Task SyncOnceAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var changesBefore = directory.LocalChanges;
            var clients = await store.LoadAsync(cancellationToken);
            directory.Replace(clients, changesBefore);
            meters.Keep(directory.All);

            await WriteCountsAsync(cancellationToken);

            var now = time.GetUtcNow();
            foreach (var window in new[] { ClientWindow.MinuteOf(now), ClientWindow.DayOf(now), ClientWindow.MonthOf(now) })
            {
                var totals = await store.LoadCountsAsync(window, cancellationToken);
                foreach (var client in directory.All)
                {
                    meters.For(client.Id).SetShared(window, totals.GetValueOrDefault(client.Id) ?? new WindowCount(), now);
                }
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task WriteCountsAsync(CancellationToken cancellationToken)
    {
        foreach (var (clientId, meter) in meters.All.ToList())
        {
            var pending = meter.TakeUnwritten().Where(entry => !entry.Value.IsEmpty).ToList();
            for (var i = 0; i < pending.Count; i++)
            {
                var (window, count) = pending[i];
                try
                {
                    meter.SetShared(window, await store.AddCountAsync(window, clientId, count, cancellationToken), time.GetUtcNow());
                }
                catch
                {
                    // Nothing counted is lost: this and the windows not yet written wait for the next round.
                    foreach (var (left, leftCount) in pending.Skip(i))
                    {
                        meter.PutBack(left, leftCount);
                    }

                    throw;
                }
            }
        }
    }

    protected override void RoundFailed(string error) => SyncFailed(logger, error);

    [LoggerMessage(90, LogLevel.Warning, "Client-key sync with storage failed ({Error}); limits are enforced from this instance's counts until the next round")]
    private static partial void SyncFailed(ILogger logger, string error);
}
