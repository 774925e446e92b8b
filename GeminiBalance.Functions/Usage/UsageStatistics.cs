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

    /// <summary>One key's usage per model over the window, busiest first.</summary>
    public async Task<IReadOnlyList<NamedUsage>> PerModelOfKeyAsync(string keyId, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(window, TimeSpan.FromDays(31));
        var perModel = new Dictionary<string, UsageCounts>(StringComparer.Ordinal);
        await foreach (var (bucket, counts) in store.ReadSinceAsync(UsageAggregator.MinuteOf(time.GetUtcNow() - window), cancellationToken))
        {
            if (bucket.KeyId == keyId)
            {
                perModel[bucket.Model] = perModel.GetValueOrDefault(bucket.Model) + counts;
            }
        }

        return Busiest(perModel);
    }

    /// <summary>Usage summed per <paramref name="step"/> over the last <paramref name="window"/>, every step present (zero when idle), oldest first.</summary>
    public async Task<IReadOnlyList<UsagePoint>> TrendAsync(TimeSpan window, TimeSpan step, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(window, TimeSpan.FromDays(31));
        var now = time.GetUtcNow();
        var first = new DateTimeOffset((now - window).UtcTicks / step.Ticks * step.Ticks, TimeSpan.Zero);
        var points = new UsageCounts[(int)((now - first).Ticks / step.Ticks) + 1];
        await foreach (var (bucket, counts) in store.ReadSinceAsync(UsageAggregator.MinuteOf(first), cancellationToken))
        {
            var index = (int)((bucket.Minute - first).Ticks / step.Ticks);
            if (index >= 0 && index < points.Length)
            {
                points[index] += counts;
            }
        }

        return [.. points.Select((counts, index) => new UsagePoint(first + step * index, counts))];
    }

    private static List<NamedUsage> Busiest(Dictionary<string, UsageCounts> usage) =>
        usage.OrderByDescending(entry => entry.Value.Calls).ThenBy(entry => entry.Key, StringComparer.Ordinal)
            .Select(entry => new NamedUsage(entry.Key, entry.Value)).ToList();
}
