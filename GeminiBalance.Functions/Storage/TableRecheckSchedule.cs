using Azure.Data.Tables;
using GeminiBalance.Keys;

namespace GeminiBalance.Storage;

/// <summary>
/// One row records when the key re-check last started. Starting is a <see cref="RowUpdate"/> of that row, so when
/// several instances' timers fire together one of them writes first and the others, re-reading its row, find the
/// re-check already started: exactly one runs it.
/// </summary>
internal sealed class TableRecheckSchedule(TableServiceClient service, StorageTables tables, TimeProvider time) : IRecheckSchedule
{
    private const string Partition = "schedule";
    private const string Row = "key-recheck";
    private const string LastStartedColumn = "LastStartedAt";

    private readonly LazyTable _table = new(service.GetTableClient(tables.Schedules));

    public async Task<bool> TryStartAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var now = time.GetUtcNow();
        return await RowUpdate.ApplyAsync(
            table,
            Partition,
            Row,
            row => row?.GetDateTimeOffset(LastStartedColumn) is { } last && last + interval > now
                ? null
                : new TableEntity(Partition, Row) { [LastStartedColumn] = now },
            cancellationToken);
    }
}
