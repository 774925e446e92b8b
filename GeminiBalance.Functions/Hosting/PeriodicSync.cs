namespace GeminiBalance.Hosting;

/// <summary>
/// A round of work with storage every KEY_STATE_REFRESH_SECONDS, off the request path: key state, setting overrides
/// and client keys each keep this instance's memory and the shared tables in step this way. The first round runs at
/// start-up; a failed round is reported and the next one retries, because storage trouble must not stop the proxy.
/// </summary>
internal abstract class PeriodicSync(TimeSpan period) : BackgroundService
{
    /// <summary>One round; the tests call it to step instances deterministically.</summary>
    public abstract Task SyncOnceAsync(CancellationToken cancellationToken);

    /// <summary>Says that a round failed (by the exception's type only: a message may carry a storage URL).</summary>
    protected abstract void RoundFailed(string error);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // KEY_STATE_REFRESH_SECONDS is read-only, so the period read at start holds for the app's life.
        using var timer = new PeriodicTimer(period);
        do
        {
            try
            {
                await SyncOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                RoundFailed(exception.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
