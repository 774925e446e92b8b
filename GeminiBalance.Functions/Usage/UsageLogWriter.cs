using Azure.Data.Tables;
using GeminiBalance.Metrics;
using GeminiBalance.Storage;

namespace GeminiBalance.Usage;

/// <summary>
/// Drains the request and error log queues into their tables, off the request path. Rows a failed round could not
/// store go back in their queue for the next round.
/// </summary>
internal sealed partial class UsageLogWriter(
    LogQueue<RequestLogEntry> requests, LogQueue<ErrorLogEntry> errors, LogTables tables, InstanceIdentity instance, ProxyMetrics metrics, ILogger<UsageLogWriter> logger)
    : PeriodicStorageWriter(logger)
{
    // One write holds at most this many rows; a round goes on until the queue is empty or a full queue's worth was
    // written, so the log keeps up with 2,000 requests a second per instance (5 s rounds), not just one write's worth.
    private const int RowsPerWrite = 2_000;

    protected override string What => "the request and error logs";

    protected override async Task WriteAsync(CancellationToken cancellationToken)
    {
        ReportDropped(requests, "request");
        ReportDropped(errors, "error");
        await DrainAsync(requests, tables.Requests, MetricTags.RequestLog, queued => RequestLogEntity.From(queued.Row, SuffixOf(queued)), cancellationToken);
        await DrainAsync(errors, tables.Errors, MetricTags.ErrorLog, queued => ErrorLogEntity.From(queued.Row, SuffixOf(queued)), cancellationToken);
    }

    private async Task DrainAsync<T>(LogQueue<T> queue, DayPartitionedLog log, string writer, Func<QueuedRow<T>, TableEntity> toRow, CancellationToken cancellationToken)
    {
        for (var written = 0; written < LogQueue<T>.Capacity; written += RowsPerWrite)
        {
            var rows = queue.Take(RowsPerWrite);
            if (rows.Count == 0)
            {
                return;
            }

            try
            {
                // Row keys come from the queued number, so a retried round writes the same rows rather than new copies.
                await log.WriteAsync(rows.Select(toRow).ToList(), cancellationToken);
                metrics.RowsWritten(writer, rows.Count);
            }
            catch
            {
                foreach (var row in rows)
                {
                    queue.Requeue(row);
                }

                throw;
            }
        }
    }

    private void ReportDropped<T>(LogQueue<T> queue, string log)
    {
        if (queue.TakeDroppedCount() is var dropped and > 0)
        {
            RowsDropped(logger, dropped, log);
        }
    }

    // Unique across instances (the instance id) and within one (the queue's number), so two rows never share a key.
    private string SuffixOf<T>(QueuedRow<T> queued) => $"{instance.Id}{queued.Sequence:x}";

    [LoggerMessage(42, LogLevel.Warning, "The {Log} log queue was full: {Count} oldest rows were dropped unwritten")]
    private static partial void RowsDropped(ILogger logger, long count, string log);
}
