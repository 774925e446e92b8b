using GeminiBalance.Usage;

namespace GeminiBalance.Benchmarks.Children;

/// <summary>
/// The proxy's background storage writers (usage totals, request and error logs), held still by the driver around a
/// measured window: a round that writes thousands of queued rows would otherwise land in a window at random and be
/// counted as the measured requests' cost. What the window queued is written afterwards and counted on its own.
/// </summary>
internal sealed class BackgroundWriters(UsageFlusher usage, UsageLogWriter logs, LogQueue<RequestLogEntry> requests, LogQueue<ErrorLogEntry> errors)
{
    public static BackgroundWriters From(IServiceProvider services) => new(
        services.GetRequiredService<UsageFlusher>(),
        services.GetRequiredService<UsageLogWriter>(),
        services.GetRequiredService<LogQueue<RequestLogEntry>>(),
        services.GetRequiredService<LogQueue<ErrorLogEntry>>());

    /// <summary>Stops their periodic rounds, as the host does at shutdown, and writes everything queued before.</summary>
    public async Task PauseAsync()
    {
        await usage.StopAsync(CancellationToken.None);
        await logs.StopAsync(CancellationToken.None);
        await DrainAsync();
    }

    /// <summary>Writes everything queued now: one round of usage totals, log rounds until the queues are empty.</summary>
    public async Task DrainAsync()
    {
        await usage.WriteOnceAsync(CancellationToken.None);
        do
        {
            await logs.WriteOnceAsync(CancellationToken.None);
        }
        while (requests.Count + errors.Count > 0);
    }

    public async Task ResumeAsync()
    {
        await usage.StartAsync(CancellationToken.None);
        await logs.StartAsync(CancellationToken.None);
    }
}
