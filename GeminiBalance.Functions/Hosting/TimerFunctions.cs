using GeminiBalance.Keys;
using GeminiBalance.Usage;
using Microsoft.Azure.Functions.Worker;

namespace GeminiBalance.Hosting;

/// <summary>
/// The timers under the Functions host (standalone, <see cref="InProcessTimer"/> twins fire the same code). The host
/// runs a timer function on one instance at a time; <see cref="Keys.KeyRecheck.RunIfDueAsync"/> also claims each
/// interval in storage, so a recheck runs once across instances whichever host fires it.
/// </summary>
internal sealed partial class TimerFunctions(KeyRecheck recheck, LogRetention retention, ILogger<TimerFunctions> logger)
{
    [Function(FunctionRoutes.KeyRecheck)]
    public async Task RecheckKeys([TimerTrigger(FunctionRoutes.KeyRecheckSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        Revived(logger, await recheck.RunIfDueAsync(cancellationToken));

    [Function(FunctionRoutes.LogRetention)]
    public async Task DeleteExpiredLogs([TimerTrigger(FunctionRoutes.LogRetentionSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        Deleted(logger, await retention.RunAsync(cancellationToken));

    [LoggerMessage(32, LogLevel.Information, "key-recheck revived {Count} key(s)")]
    private static partial void Revived(ILogger logger, int count);

    [LoggerMessage(33, LogLevel.Information, "log-retention deleted {Count} log and usage row(s)")]
    private static partial void Deleted(ILogger logger, int count);
}
