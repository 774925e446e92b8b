namespace GeminiBalance.Keys;

/// <summary>
/// Standalone runs have no Functions host to fire the <c>key-recheck</c> timer, so this fires it on the same
/// cadence; <see cref="KeyRecheck.RunIfDueAsync"/> decides whether the interval has passed.
/// </summary>
internal sealed partial class InProcessRecheckTimer(KeyRecheck recheck, TimeProvider time, ILogger<InProcessRecheckTimer> logger) : BackgroundService
{
    // The same cadence as the key-recheck function's schedule in FunctionRoutes.
    private static readonly TimeSpan Cadence = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Cadence, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await recheck.RunIfDueAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A storage failure here only means trying again at the next tick.
                RecheckFailed(logger, exception.GetType().Name);
            }
        }
    }

    [LoggerMessage(31, LogLevel.Warning, "Scheduled key re-check failed ({Error}); trying again at the next tick")]
    private static partial void RecheckFailed(ILogger logger, string error);
}
