using Azure;
using GeminiBalance.Keys;

namespace GeminiBalance.Storage;

/// <summary>
/// One row records when the key re-check last started. Starting is a conditional write on that row's ETag,
/// so when several instances' timers fire together exactly one of them runs the re-check.
/// </summary>
internal sealed class TableRecheckSchedule(ITableServiceClient service, StorageTables tables, TimeProvider time) : IRecheckSchedule
{
    private const string Partition = "schedule";
    private const string Row = "key-recheck";

    public async Task<bool> TryStartAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        var table = service.GetTableClient(tables.Schedules);
        await table.CreateIfNotExistsAsync(cancellationToken);
        var now = time.GetUtcNow();
        var entity = await table.GetEntityIfExistsAsync(Partition, Row, cancellationToken);
        if (entity?.GetDateTimeOffset("LastStartedAt") is { } last && last + interval > now)
        {
            return false;
        }

        var started = new TableEntity(Partition, Row) { ["LastStartedAt"] = now };
        try
        {
            if (entity is null)
            {
                await table.AddEntityAsync(started, cancellationToken);
            }
            else
            {
                await table.UpdateEntityAsync(started, entity.ETag, TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException conflict) when (conflict.Status is 409 or 412)
        {
            // Another instance started it between our read and our write.
            return false;
        }
    }
}
