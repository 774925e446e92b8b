using Azure;
using Azure.Data.Tables;

namespace GeminiBalance.Storage;

/// <summary>Deletes whole partitions of a time-partitioned table, in entity-group transactions of up to 100 rows.</summary>
internal static class PartitionRetention
{
    private const int MaxPerTransaction = 100;

    /// <summary>Deletes every row whose partition key sorts before <paramref name="firstKept"/>.</summary>
    /// <returns>How many rows were deleted.</returns>
    public static async Task<int> DeleteBeforeAsync(TableClient table, string firstKept, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var batch = new List<TableTransactionAction>(MaxPerTransaction);
        // Rows come ordered by partition, so a batch is full or its partition is done when the next row's differs.
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey lt {firstKept}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            if (batch.Count == MaxPerTransaction || (batch.Count > 0 && batch[0].Entity.PartitionKey != row.PartitionKey))
            {
                deleted += await SubmitAsync(table, batch, cancellationToken);
            }

            batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
        }

        return deleted + await SubmitAsync(table, batch, cancellationToken);
    }

    private static async Task<int> SubmitAsync(TableClient table, List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        await table.SubmitTransactionAsync(batch, cancellationToken);
        var count = batch.Count;
        batch.Clear();
        return count;
    }
}
