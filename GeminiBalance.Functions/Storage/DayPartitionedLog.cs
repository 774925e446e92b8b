using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;

namespace GeminiBalance.Storage;

/// <summary>
/// A log table keyed by <see cref="LogRowKeys"/>: rows written in batches, read newest first page by page, whole days
/// deleted. Newest first across days means reading day partitions from the newest back, because the service returns
/// partitions in ascending order; the continuation token says which day and where in it to go on.
/// </summary>
internal sealed class DayPartitionedLog(TableClient table, int maxPerTransaction)
{
    // One page call reads at most this many days, so sparse logs cost a bounded number of queries per page.
    private const int MaxDaysPerPage = 31;

    private readonly LazyTable _table = new(table);

    /// <summary>
    /// Writes rows grouped by day in entity-group transactions. Upserts, so a batch retried after an answer that got
    /// lost on the way writes the same rows again instead of failing on them forever.
    /// </summary>
    public async Task WriteAsync(IEnumerable<TableEntity> rows, CancellationToken cancellationToken)
    {
        var client = await _table.GetAsync(cancellationToken);
        foreach (var day in rows.GroupBy(row => row.PartitionKey))
        {
            foreach (var batch in day.Chunk(maxPerTransaction))
            {
                await client.SubmitTransactionAsync(batch.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Deletes these rows one by one (a transaction would fail whole on a row retention or another admin deleted
    /// meanwhile; a row already gone is not an error here).
    /// </summary>
    public async Task DeleteAsync(IEnumerable<(string PartitionKey, string RowKey)> rows, CancellationToken cancellationToken)
    {
        var client = await _table.GetAsync(cancellationToken);
        foreach (var (partitionKey, rowKey) in rows.Distinct())
        {
            await client.DeleteEntityAsync(partitionKey, rowKey, Azure.ETag.All, cancellationToken);
        }
    }

    /// <summary>Deletes every row.</summary>
    public Task<int> DeleteAllAsync(CancellationToken cancellationToken) => DeleteDaysBeforeAsync("99999999", cancellationToken);

    /// <param name="propertyFilter">A filter on the rows' own properties (from <see cref="TableClient.CreateQueryFilter(FormattableString)"/>), or null.</param>
    /// <param name="continuationToken">Null for the first page; then what the previous page returned.</param>
    /// <exception cref="FormatException">The continuation token was not one this method returned.</exception>
    public async Task<(List<TableEntity> Rows, string? ContinuationToken)> ReadPageAsync(
        string? propertyFilter, DateTimeOffset? since, DateTimeOffset until, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var client = await _table.GetAsync(cancellationToken);
        var rows = new List<TableEntity>(pageSize);
        var (day, tableToken) = continuationToken is null ? (LogRowKeys.DayOf(until), null) : Decode(continuationToken);
        var lastDay = since is { } from ? LogRowKeys.DayOf(from) : await OldestDayAsync(client, cancellationToken);
        if (lastDay is null)
        {
            return (rows, null);
        }

        var newest = LogRowKeys.AtOrBefore(until);
        var oldest = since is { } start ? LogRowKeys.AtOrAfter(start) : null;
        for (var days = 0; rows.Count < pageSize && string.CompareOrdinal(day, lastDay) >= 0 && days < MaxDaysPerPage;)
        {
            var filter = (oldest is null
                    ? TableClient.CreateQueryFilter($"PartitionKey eq {day} and RowKey ge {newest}")
                    : TableClient.CreateQueryFilter($"PartitionKey eq {day} and RowKey ge {newest} and RowKey lt {oldest}"))
                + (propertyFilter is null ? "" : $" and ({propertyFilter})");
            var wanted = pageSize - rows.Count;
            await foreach (var page in client.QueryAsync<TableEntity>(filter, wanted, cancellationToken: cancellationToken).AsPages(tableToken, wanted))
            {
                rows.AddRange(page.Values);
                tableToken = page.ContinuationToken;
                break;
            }

            if (tableToken is null)
            {
                day = LogRowKeys.DayOf(LogRowKeys.StartOfDay(day).AddDays(-1));
                days++;
            }
        }

        return (rows, string.CompareOrdinal(day, lastDay) >= 0 ? Encode(day, tableToken) : null);
    }

    /// <summary>Deletes the days before <paramref name="firstKeptDay"/>; returns how many rows went.</summary>
    public async Task<int> DeleteDaysBeforeAsync(string firstKeptDay, CancellationToken cancellationToken) =>
        await PartitionRetention.DeleteBeforeAsync(await _table.GetAsync(cancellationToken), firstKeptDay, cancellationToken);

    // Partitions come in ascending order, so the first row names the oldest day there is.
    private static async Task<string?> OldestDayAsync(TableClient client, CancellationToken cancellationToken)
    {
        await foreach (var page in client.QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).AsPages(null, 1))
        {
            if (page.Values.Count > 0)
            {
                return page.Values[0].PartitionKey;
            }

            if (page.ContinuationToken is null)
            {
                break;
            }
        }

        return null;
    }

    // Opaque to clients (base64url), so nobody builds one by hand; checked on the way back in.
    private static string Encode(string day, string? tableToken) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{day}|{tableToken}"));

    private static (string Day, string? TableToken) Decode(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var separator = text.IndexOf('|', StringComparison.Ordinal);
            var day = separator == 8 ? text[..8] : "";
            if (DateTime.TryParseExact(day, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                var tableToken = text[(separator + 1)..];
                return (day, tableToken.Length == 0 ? null : tableToken);
            }
        }
        catch (FormatException)
        {
        }

        throw new FormatException("The continuation token is not one this log returned.");
    }
}
