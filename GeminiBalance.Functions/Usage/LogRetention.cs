using Azure.Data.Tables;
using GeminiBalance.Files;
using GeminiBalance.Hosting;
using GeminiBalance.Storage;

namespace GeminiBalance.Usage;

/// <summary>
/// Deletes log days and usage hours older than their retention (AUTO_DELETE_REQUEST_LOGS_DAYS,
/// AUTO_DELETE_ERROR_LOGS_DAYS, USAGE_RETENTION_DAYS; 0 keeps forever), and stored Responses API responses past
/// RESPONSES_RETENTION_DAYS, and expired file records and upload sessions (<see cref="FileRetention"/>). Runs from the <c>log-retention</c> timer.
/// Deleting is idempotent, so two instances running it at once only repeat each other's work.
/// </summary>
internal sealed partial class LogRetention(
    LogTables logs, TableServiceClient service, StorageTables tables, TableResponseStore responses, FileRetention files, ICurrentOptions options, TimeProvider time, ILogger<LogRetention> logger)
{
    /// <returns>How many rows were deleted.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Current.UsageLogs;
        var deleted = 0;
        if (FirstKeptDay(settings.RequestLogDays) is { } requestDay)
        {
            deleted += await logs.Requests.DeleteDaysBeforeAsync(LogRowKeys.DayOf(requestDay), cancellationToken);
        }

        if (FirstKeptDay(settings.ErrorLogDays) is { } errorDay)
        {
            deleted += await logs.Errors.DeleteDaysBeforeAsync(LogRowKeys.DayOf(errorDay), cancellationToken);
        }

        if (FirstKeptDay(settings.UsageDays) is { } usageDay)
        {
            var usage = new LazyTable(service.GetTableClient(tables.Usage));
            deleted += await PartitionRetention.DeleteBeforeAsync(await usage.GetAsync(cancellationToken), UsageEntity.PartitionOf(usageDay), cancellationToken);
        }

        deleted += await responses.PurgeExpiredAsync(cancellationToken);
        deleted += await files.RunAsync(cancellationToken);
        Deleted(logger, deleted);
        return deleted;
    }

    // Keeping N days keeps today and the N whole UTC days before it.
    private DateTimeOffset? FirstKeptDay(int days) => days == 0 ? null : time.GetUtcNow().UtcDateTime.Date.AddDays(-days);

    [LoggerMessage(43, LogLevel.Information, "Log retention deleted {Count} rows")]
    private static partial void Deleted(ILogger logger, int count);
}
