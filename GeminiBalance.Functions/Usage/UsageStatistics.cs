using GeminiBalance.Storage;

namespace GeminiBalance.Usage;

/// <summary>
/// Usage statistics for the admin API, read from the <c>usage</c> table: as fresh as the instances' last flush (a few
/// seconds), and complete across instances because each writes rows of its own that this sums.
/// </summary>
internal sealed class UsageStatistics(TableUsageStore store, TimeProvider time)
{
    public static readonly TimeSpan LastMinute = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan LastHour = TimeSpan.FromHours(1);
    public static readonly TimeSpan LastDay = TimeSpan.FromHours(24);

    private const int TopFailingKeyCount = 10;

    /// <param name="window">How far back: <see cref="LastMinute"/>, <see cref="LastHour"/>, <see cref="LastDay"/> or any span up to 31 days.</param>
    /// <exception cref="ArgumentOutOfRangeException">The window is not positive or longer than 31 days.</exception>
    public async Task<UsageReport> GetAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(window, TimeSpan.FromDays(31));
        var from = UsageAggregator.MinuteOf(time.GetUtcNow() - window);
        var total = default(UsageCounts);
        var perKey = new Dictionary<string, UsageCounts>(StringComparer.Ordinal);
        var perModel = new Dictionary<string, UsageCounts>(StringComparer.Ordinal);
        await foreach (var (bucket, counts) in store.ReadSinceAsync(from, cancellationToken))
        {
            total += counts;
            perKey[bucket.KeyId] = perKey.GetValueOrDefault(bucket.KeyId) + counts;
            perModel[bucket.Model] = perModel.GetValueOrDefault(bucket.Model) + counts;
        }

        return new UsageReport(
            from,
            total,
            Busiest(perKey),
            Busiest(perModel),
            perKey.Where(entry => entry.Value.Failures > 0)
                .OrderByDescending(entry => entry.Value.Failures).ThenBy(entry => entry.Key, StringComparer.Ordinal)
                .Take(TopFailingKeyCount).Select(entry => new NamedUsage(entry.Key, entry.Value)).ToList());
    }

    private static List<NamedUsage> Busiest(Dictionary<string, UsageCounts> usage) =>
        usage.OrderByDescending(entry => entry.Value.Calls).ThenBy(entry => entry.Key, StringComparer.Ordinal)
            .Select(entry => new NamedUsage(entry.Key, entry.Value)).ToList();
}
