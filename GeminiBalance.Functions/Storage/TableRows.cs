using Azure.Data.Tables;

namespace GeminiBalance.Storage;

/// <summary>Point reads as the stores use them.</summary>
internal static class TableRows
{
    /// <summary>The row with its ETag, or null when there is none: a missing row is an answer here, not a failure.</summary>
    public static async Task<TableEntity?> FindAsync(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var read = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return read.HasValue ? read.Value : null;
    }
}
