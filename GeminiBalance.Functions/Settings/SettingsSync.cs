using GeminiBalance.Hosting;

namespace GeminiBalance.Settings;

/// <summary>
/// Brings console overrides saved on any instance to this one every KEY_STATE_REFRESH_SECONDS, off the request path.
/// The first round runs at start-up, so a new instance takes the overrides before long.
/// </summary>
internal sealed partial class SettingsSync(LiveSettings settings, ICurrentOptions options, ILogger<SettingsSync> logger)
    : PeriodicSync(options.Current.KeyStateRefresh)
{
    public override Task SyncOnceAsync(CancellationToken cancellationToken) => settings.RefreshAsync(cancellationToken);

    // The settings in force stay until the next round.
    protected override void RoundFailed(string error) => SyncFailed(logger, error);

    [LoggerMessage(72, LogLevel.Warning, "Reading the console's setting overrides failed ({Error}); the settings in force stay until the next round")]
    private static partial void SyncFailed(ILogger logger, string error);
}
