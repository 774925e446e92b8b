using System.Collections.Concurrent;
using GeminiBalance.Upstream;

namespace GeminiBalance.Usage;

/// <summary>
/// This instance's usage per key, model and minute, in memory. Each bucket holds its cumulative totals until its
/// minute is long past and flushed, so a flush writes the whole total (an idempotent upsert) and a failed flush
/// loses nothing: the next one writes the same totals, grown.
/// </summary>
internal sealed class UsageAggregator(TimeProvider time)
{
    // A request that started in a minute may finish recording into it a little later; keep buckets this long after.
    private static readonly TimeSpan KeptAfterItsMinute = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<UsageBucket, UsageCounters> _buckets = new();

    public void RecordSuccess(string keyId, string model, TokenUsage? usage) => BucketFor(keyId, model).AddSuccess(usage);

    public void RecordFailure(string keyId, string model, bool clientError) => BucketFor(keyId, model).AddFailure(clientError);

    /// <summary>The buckets changed since they were last taken, with their cumulative totals; drops buckets long flushed.</summary>
    public List<(UsageBucket Bucket, UsageCounters Counters, UsageCounts Totals)> TakeChanged()
    {
        var oldest = MinuteOf(time.GetUtcNow() - KeptAfterItsMinute);
        var changed = new List<(UsageBucket, UsageCounters, UsageCounts)>();
        foreach (var (bucket, counters) in _buckets)
        {
            if (counters.Dirty)
            {
                changed.Add((bucket, counters, counters.TakeSnapshot()));
            }
            else if (bucket.Minute < oldest)
            {
                // Only the current minute is ever recorded into, so nothing can still be adding to this one.
                _buckets.TryRemove(bucket, out _);
            }
        }

        return changed;
    }

    public static DateTimeOffset MinuteOf(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    private UsageCounters BucketFor(string keyId, string model) =>
        _buckets.GetOrAdd(new UsageBucket(MinuteOf(time.GetUtcNow()), keyId, model), static _ => new UsageCounters());
}
