using GeminiBalance.Hosting;

namespace GeminiBalance.Keys;

/// <summary>
/// Brings invalid keys back: a tiny request to TEST_MODEL with each, and a key that answers is active again.
/// Runs from the <c>key-recheck</c> timer (the Functions host, or the in-process scheduler when standalone).
/// Disabled keys are left alone: only an admin brings them back.
/// </summary>
internal sealed partial class KeyRecheck(KeyPool pool, KeyProbe probe, ICurrentOptions options, IRecheckSchedule schedule, ILogger<KeyRecheck> logger)
{
    /// <returns>How many keys came back; 0 when the re-check is off, not due, or another instance runs it.</returns>
    public async Task<int> RunIfDueAsync(CancellationToken cancellationToken)
    {
        if (options.Current.CheckIntervalHours <= 0 || !await schedule.TryStartAsync(TimeSpan.FromHours(options.Current.CheckIntervalHours), cancellationToken))
        {
            return 0;
        }

        return await RecheckInvalidKeysAsync(cancellationToken);
    }

    public async Task<int> RecheckInvalidKeysAsync(CancellationToken cancellationToken)
    {
        var revived = 0;
        foreach (var slot in pool.Set.Slots.Where(slot => slot.Health.Status == KeyStatus.Invalid))
        {
            var failure = await probe.TestAsync(slot.Key, cancellationToken);
            if (failure is null)
            {
                pool.Revive(slot.Key);
                revived++;
            }

            Rechecked(logger, slot.Key.Id, failure is null ? "active again" : $"still failing ({failure.StatusCode} {failure.Reason})");
        }

        return revived;
    }

    [LoggerMessage(30, LogLevel.Information, "Re-check of key {KeyId}: {Outcome}")]
    private static partial void Rechecked(ILogger logger, string keyId, string outcome);
}
