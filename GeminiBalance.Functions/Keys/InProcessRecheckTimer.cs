using GeminiBalance.Hosting;

namespace GeminiBalance.Keys;

/// <summary>Fires the <c>key-recheck</c> timer when standalone; <see cref="KeyRecheck.RunIfDueAsync"/> decides whether the interval has passed.</summary>
internal sealed class InProcessRecheckTimer(KeyRecheck recheck, TimeProvider time, ILogger<InProcessRecheckTimer> logger)
    : InProcessTimer(TimeSpan.FromMinutes(5), time, logger)
{
    protected override string Name => FunctionRoutes.KeyRecheck;

    protected override Task RunAsync(CancellationToken cancellationToken) => recheck.RunIfDueAsync(cancellationToken);
}
