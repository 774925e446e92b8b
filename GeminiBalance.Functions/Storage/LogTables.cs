using Azure.Data.Tables;

namespace GeminiBalance.Storage;

/// <summary>The <c>requestlog</c> and <c>errorlog</c> tables.</summary>
internal sealed class LogTables(TableServiceClient service, StorageTables tables)
{
    // Error rows carry body excerpts (up to ~10,000 characters); 25 of them stay well under a transaction's 4 MiB.
    public DayPartitionedLog Errors { get; } = new(service.GetTableClient(tables.ErrorLog), maxPerTransaction: 25);

    public DayPartitionedLog Requests { get; } = new(service.GetTableClient(tables.RequestLog), maxPerTransaction: 100);
}
