using Azure.Data.Tables;
using GeminiBalance.Storage;

namespace GeminiBalance.Usage;

/// <summary>Lists the request and error logs for the admin API: newest first, filtered, a page at a time.</summary>
internal sealed class UsageLogReader(LogTables tables, TimeProvider time)
{
    public const int MaxPageSize = 1_000;

    /// <exception cref="ArgumentOutOfRangeException">The page size is not 1 to <see cref="MaxPageSize"/>.</exception>
    /// <exception cref="FormatException">The continuation token is not one this reader returned.</exception>
    public Task<LogPage<RequestLogEntry>> ReadRequestsAsync(LogFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        ReadAsync(tables.Requests, RequestLogEntity.ToEntry, filter, pageSize, continuationToken, cancellationToken);

    /// <inheritdoc cref="ReadRequestsAsync"/>
    public Task<LogPage<ErrorLogEntry>> ReadErrorsAsync(LogFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        ReadAsync(tables.Errors, ErrorLogEntity.ToEntry, filter, pageSize, continuationToken, cancellationToken);

    private async Task<LogPage<T>> ReadAsync<T>(
        DayPartitionedLog log, Func<TableEntity, T> toEntry, LogFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        var (rows, next) = await log.ReadPageAsync(
            PropertyFilter(filter), filter.Since, filter.Until ?? time.GetUtcNow(), pageSize, continuationToken, cancellationToken);
        return new LogPage<T>(rows.Select(toEntry).ToList(), next);
    }

    private static string? PropertyFilter(LogFilter filter)
    {
        var conditions = new List<string>();
        if (filter.KeyId is { } keyId)
        {
            conditions.Add(TableClient.CreateQueryFilter($"KeyId eq {keyId}"));
        }

        if (filter.ClientId is { } clientId)
        {
            conditions.Add(TableClient.CreateQueryFilter($"ClientId eq {clientId}"));
        }

        if (filter.Model is { } model)
        {
            conditions.Add(TableClient.CreateQueryFilter($"Model eq {model}"));
        }

        if (filter.StatusCode is { } status)
        {
            conditions.Add(TableClient.CreateQueryFilter($"StatusCode eq {status}"));
        }

        return conditions.Count == 0 ? null : string.Join(" and ", conditions);
    }
}
