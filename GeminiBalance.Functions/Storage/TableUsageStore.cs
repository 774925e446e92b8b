using Azure.Data.Tables;
using GeminiBalance.Usage;

namespace GeminiBalance.Storage;

/// <summary>The <c>usage</c> table: per-instance rows written in entity-group transactions, read back by time range.</summary>
internal sealed class TableUsageStore(TableServiceClient service, StorageTables tables)
{
    private const int MaxPerTransaction = 100;

    private readonly LazyTable _table = new(service.GetTableClient(tables.Usage));

    /// <summary>Replaces this instance's rows with the given totals: writing the same totals twice changes nothing.</summary>
    public async Task WriteAsync(IEnumerable<(UsageBucket Bucket, UsageCounts Totals)> rows, string instanceId, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        foreach (var partition in rows.Select(row => UsageEntity.From(row.Bucket, row.Totals, instanceId)).GroupBy(entity => entity.PartitionKey))
        {
            foreach (var batch in partition.Chunk(MaxPerTransaction))
            {
                await table.SubmitTransactionAsync(batch.Select(entity => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity)), cancellationToken);
            }
        }
    }

    /// <summary>Every instance's rows for the minutes from <paramref name="fromMinute"/> on.</summary>
    public async IAsyncEnumerable<(UsageBucket Bucket, UsageCounts Counts)> ReadSinceAsync(
        DateTimeOffset fromMinute, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        // Row keys start with the minute, so one range over partitions and rows covers the window across hours.
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {UsageEntity.PartitionOf(fromMinute)} and RowKey ge {UsageEntity.MinuteStamp(fromMinute)}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return UsageEntity.ToUsage(entity);
        }
    }
}
