using GeminiBalance.Hosting;
using GeminiBalance.Keys;

namespace GeminiBalance.Admin;

/// <summary>
/// What the admin API does to the pool. Adding and removing keys writes the admin keys table first and then changes
/// this instance's pool at once; the other instances follow on their next refresh. State changes (disable, enable,
/// reset, a verify's outcome) are pool transitions like any other: applied here at once, persisted by the sync.
/// </summary>
internal sealed partial class KeyAdministration(
    KeyPool pool, IAdminKeyStore adminKeys, IKeyStateStore keyStates, KeyProbe probe, ICurrentOptions options, TimeProvider time, ILogger<KeyAdministration> logger)
{
    // Verifying every key at once would look like a burst to Google and hold many sockets; a few at a time keeps it quick.
    private const int ConcurrentProbes = 8;

    public async Task<AddedKeys> AddAsync(IReadOnlyList<string> secrets, int invalidLooking, CancellationToken cancellationToken)
    {
        var keys = secrets.Select(PoolKey.From).DistinctBy(key => key.Id).ToArray();

        // Decided before storing: once stored, this instance's own refresh may take the key in before we do.
        var present = keys.Where(key => pool.Set.Find(key.Id) is not null).ToArray();
        var added = keys.Except(present).ToArray();
        if (added.Length > 0)
        {
            await adminKeys.AddAsync(added, cancellationToken);
            pool.AddAdminKeys(added);
        }

        KeysAdded(logger, added.Length, string.Join(", ", added.Select(key => key.Id)));
        return new AddedKeys(added.Length, present.Length, invalidLooking, [.. added.Select(key => key.Id)], [.. present.Select(key => key.Id)]);
    }

    public async Task RemoveAsync(KeySlot slot, CancellationToken cancellationToken)
    {
        // Health first: if removing the key then fails, the admin can simply try again.
        await keyStates.ForgetAsync(slot.Key.Id, cancellationToken);
        await adminKeys.RemoveAsync(slot.Key.Id, cancellationToken);
        pool.RemoveAdminKey(slot.Key.Id);
        KeyRemoved(logger, slot.Key.Id);
    }

    public async Task<VerifiedKeys> VerifyAsync(IReadOnlyList<KeySlot> slots, CancellationToken cancellationToken)
    {
        var results = new VerifiedKey[slots.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, slots.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ConcurrentProbes, CancellationToken = cancellationToken },
            async (index, token) => results[index] = await VerifyAsync(slots[index], token));
        return new VerifiedKeys(results);
    }

    private async Task<VerifiedKey> VerifyAsync(KeySlot slot, CancellationToken cancellationToken)
    {
        var key = slot.Key;
        var failure = await probe.TestAsync(key, cancellationToken);
        if (failure is null)
        {
            pool.ReportSuccess(key);
            pool.Revive(key);
        }
        else
        {
            pool.ReportFailure(key, options.Current.TestModel, failure);
        }

        var outcome = failure?.Kind switch
        {
            null => "valid",
            FailureKind.KeyInvalid => "invalid",
            FailureKind.RateLimited => "rate_limited",
            FailureKind.Transient => "unavailable",
            _ => "inconclusive",
        };
        KeyVerified(logger, key.Id, outcome);
        var now = time.GetUtcNow();
        var error = failure is null ? null : new KeyErrorView(failure.StatusCode, failure.Reason, now);
        return new VerifiedKey(outcome, error, KeyView.Of(slot, now));
    }

    [LoggerMessage(40, LogLevel.Information, "Admin added {Count} key(s): {KeyIds}")]
    private static partial void KeysAdded(ILogger logger, int count, string keyIds);

    [LoggerMessage(41, LogLevel.Information, "Admin removed key {KeyId}")]
    private static partial void KeyRemoved(ILogger logger, string keyId);

    [LoggerMessage(42, LogLevel.Information, "Admin verified key {KeyId}: {Outcome}")]
    private static partial void KeyVerified(ILogger logger, string keyId, string outcome);
}
