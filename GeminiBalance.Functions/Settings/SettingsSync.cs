using GeminiBalance.Hosting;

namespace GeminiBalance.Settings;

/// <summary>
/// Brings console overrides saved on any instance to this one every KEY_STATE_REFRESH_SECONDS, off the request path.
/// The first round runs at start-up, so a new instance takes the overrides before long.
/// </summary>
internal sealed partial class SettingsSync(LiveSettings settings, ICurrentOptions options, ILogger<SettingsSync> logger) : BackgroundService
{
    /// <summary>One round; the tests call it to step instances deterministically.</summary>
    public Task SyncOnceAsync(CancellationToken cancellationToken) => settings.RefreshAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // KEY_STATE_REFRESH_SECONDS is read-only, so the period read here holds for the app's life.
        using var timer = new PeriodicTimer(options.Current.KeyStateRefresh);
        do
        {
            try
            {
                await SyncOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Storage trouble must not stop the proxy: the settings in force stay until the next round.
                SyncFailed(logger, exception.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(72, LogLevel.Warning, "Reading the console's setting overrides failed ({Error}); the settings in force stay until the next round")]
    private static partial void SyncFailed(ILogger logger, string error);
}
