using GeminiBalance.Metrics;
using GeminiBalance.Storage;

namespace GeminiBalance.Usage;

/// <summary>Writes this instance's usage totals to the <c>usage</c> table, off the request path.</summary>
internal sealed class UsageFlusher(UsageAggregator usage, TableUsageStore store, InstanceIdentity instance, ProxyMetrics metrics, ILogger<UsageFlusher> logger)
    : PeriodicStorageWriter(logger)
{
    protected override string What => "usage statistics";

    protected override async Task WriteAsync(CancellationToken cancellationToken)
    {
        var changed = usage.TakeChanged();
        try
        {
            await store.WriteAsync(changed.Select(row => (row.Bucket, row.Totals)), instance.Id, cancellationToken);
            metrics.RowsWritten(MetricTags.Usage, changed.Count);
        }
        catch
        {
            // Rows are cumulative totals, so rewriting ones that did reach storage is harmless.
            foreach (var row in changed)
            {
                row.Counters.MarkDirty();
            }

            throw;
        }
    }
}
