using GeminiBalance.Hosting;

namespace GeminiBalance.Usage;

/// <summary>Fires the hourly <c>log-retention</c> timer when standalone.</summary>
internal sealed class InProcessRetentionTimer(LogRetention retention, TimeProvider time, ILogger<InProcessRetentionTimer> logger)
    : InProcessTimer(TimeSpan.FromHours(1), time, logger)
{
    protected override string Name => FunctionRoutes.LogRetention;

    protected override Task RunAsync(CancellationToken cancellationToken) => retention.RunAsync(cancellationToken);
}
