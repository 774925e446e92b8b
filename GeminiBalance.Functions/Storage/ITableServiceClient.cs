namespace GeminiBalance.Storage;

// Swap point: Azure.Data.Tables. This is TableServiceClient's shape; where that package can be restored, an adapter
// over it replaces TableServiceClient and callers do not change.

/// <summary>The storage account's Table service; hands out one client per table.</summary>
internal interface ITableServiceClient
{
    /// <summary>A client for <paramref name="tableName"/> (3-63 letters and digits, starting with a letter). No I/O.</summary>
    ITableClient GetTableClient(string tableName);
}
