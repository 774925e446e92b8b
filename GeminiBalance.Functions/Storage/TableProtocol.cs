namespace GeminiBalance.Storage;

/// <summary>Wire constants and addresses of the Table REST API, shared by single requests and transactions.</summary>
internal static class TableProtocol
{
    /// <summary>
    /// A version every Azure region and Azurite (3.37, even without --skipApiVersionCheck) accept, new enough for
    /// JSON payloads (2013-08-15+) and for the SharedKey string-to-sign used here.
    /// </summary>
    public const string Version = "2019-02-02";

    public const string DataServiceVersion = "3.0";

    // Writes need no metadata back; reads ask for minimal metadata because that is what carries odata.etag per entity.
    public const string NoMetadata = "application/json;odata=nometadata";
    public const string MinimalMetadata = "application/json;odata=minimalmetadata";
    public const string Json = "application/json";

    /// <summary>Keys are quoted OData literals inside the path: quotes doubled, then percent-escaped.</summary>
    public static string EntityPath(string tableName, string partitionKey, string rowKey) =>
        $"/{tableName}(PartitionKey='{EscapeKey(partitionKey)}',RowKey='{EscapeKey(rowKey)}')";

    private static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));
}
