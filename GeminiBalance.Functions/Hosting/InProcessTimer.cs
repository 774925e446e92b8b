namespace GeminiBalance.Hosting;

/// <summary>
/// Standalone runs have no Functions host to fire the timer functions, so each has an in-process twin that fires it
/// on the same cadence as its schedule in <see cref="FunctionRoutes.Timers"/>.
/// </summary>
internal abstract partial class InProcessTimer(TimeSpan cadence, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>The timer function this stands in for.</summary>
    protected abstract string Name { get; }

    protected abstract Task RunAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(cadence, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A storage failure here only means trying again at the next tick.
                TimerFailed(logger, Name, exception.GetType().Name);
            }
        }
    }

    [LoggerMessage(31, LogLevel.Warning, "Scheduled {Timer} failed ({Error}); trying again at the next tick")]
    private static partial void TimerFailed(ILogger logger, string timer, string error);
}
