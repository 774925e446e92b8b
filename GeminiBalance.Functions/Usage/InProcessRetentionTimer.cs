namespace GeminiBalance.Usage;

/// <summary>Standalone runs have no Functions host to fire the <c>log-retention</c> timer, so this fires it on the same cadence.</summary>
internal sealed partial class InProcessRetentionTimer(LogRetention retention, TimeProvider time, ILogger<InProcessRetentionTimer> logger) : BackgroundService
{
    // The same cadence as the log-retention function's schedule in FunctionRoutes.
    private static readonly TimeSpan Cadence = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Cadence, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await retention.RunAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A storage failure here only means trying again at the next tick.
                RetentionFailed(logger, exception.GetType().Name);
            }
        }
    }

    [LoggerMessage(44, LogLevel.Warning, "Log retention failed ({Error}); trying again at the next tick")]
    private static partial void RetentionFailed(ILogger logger, string error);
}
