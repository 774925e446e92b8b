using GeminiBalance.Storage;

namespace GeminiBalance.Usage;

/// <summary>
/// Drains the request and error log queues into their tables every few seconds, off the request path, and once more
/// when the app stops. Rows a failed write could not store go back in their queue for the next round.
/// </summary>
internal sealed partial class UsageLogWriter(
    LogQueue<RequestLogEntry> requests, LogQueue<ErrorLogEntry> errors, LogTables tables, InstanceIdentity instance, ILogger<UsageLogWriter> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private const int MaxRowsPerRound = 2_000;

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Writes what is queued; the tests call it to write deterministically.</summary>
    public async Task WriteOnceAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            ReportDropped(requests, "request");
            ReportDropped(errors, "error");
            await WriteAsync(requests, tables.Requests, queued => RequestLogEntity.From(queued.Row, SuffixOf(queued)), cancellationToken);
            await WriteAsync(errors, tables.Errors, queued => ErrorLogEntity.From(queued.Row, SuffixOf(queued)), cancellationToken);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await TryWriteAsync(stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await TryWriteAsync(cancellationToken);
    }

    private static async Task WriteAsync<T>(LogQueue<T> queue, DayPartitionedLog log, Func<QueuedRow<T>, TableEntity> toRow, CancellationToken cancellationToken)
    {
        var rows = queue.Take(MaxRowsPerRound);
        try
        {
            // Row keys come from the queued number, so a retried round writes the same rows rather than new copies.
            await log.WriteAsync(rows.Select(toRow).ToList(), cancellationToken);
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

    private async Task TryWriteAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WriteOnceAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            WriteFailed(logger, exception.GetType().Name);
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

    [LoggerMessage(41, LogLevel.Warning, "Writing the request and error logs failed ({Error}); the rows are queued again for the next round")]
    private static partial void WriteFailed(ILogger logger, string error);

    [LoggerMessage(42, LogLevel.Warning, "The {Log} log queue was full: {Count} oldest rows were dropped unwritten")]
    private static partial void RowsDropped(ILogger logger, long count, string log);
}
