using Azure;
using Azure.Data.Tables;
using GeminiBalance.Files;

namespace GeminiBalance.Storage;

/// <summary>Upload sessions in the <c>uploads</c> table: partition <c>upload</c>, row key = session id (architecture.md §5).</summary>
internal sealed class TableUploadSessions(TableServiceClient service, StorageTables tables) : IUploadSessions
{
    private const string Partition = "upload";
    private const string UpstreamUrlColumn = "UpstreamUrl";
    private const string KeyIdColumn = "KeyId";
    private const string ClientIdColumn = "ClientId";
    private const string DeclaredSizeColumn = "DeclaredSize";
    private const string DeclaredTypeColumn = "DeclaredType";
    private const string ExpiresAtColumn = "ExpiresAt";

    private readonly LazyTable _table = new(service.GetTableClient(tables.Uploads));

    public async Task SaveAsync(UploadSession session, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var entity = new TableEntity(Partition, session.Id)
        {
            [UpstreamUrlColumn] = session.UpstreamUrl,
            [KeyIdColumn] = session.KeyId,
            [ClientIdColumn] = session.ClientId,
            [ExpiresAtColumn] = session.ExpiresAt,
        };
        if (session.DeclaredSize is { } size)
        {
            entity[DeclaredSizeColumn] = size;
        }

        if (session.DeclaredType is { } type)
        {
            entity[DeclaredTypeColumn] = type;
        }

        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<UploadSession?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        return await table.FindAsync(Partition, id, cancellationToken) is { } entity
            ? new UploadSession(
                entity.RowKey,
                entity.GetString(UpstreamUrlColumn) ?? "",
                entity.GetString(KeyIdColumn) ?? "",
                entity.GetString(ClientIdColumn) ?? "",
                entity.GetInt64(DeclaredSizeColumn),
                entity.GetString(DeclaredTypeColumn),
                entity.GetDateTimeOffset(ExpiresAtColumn) ?? DateTimeOffset.MinValue)
            : null;
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        await table.DeleteEntityAsync(Partition, id, ETag.All, cancellationToken);
    }

    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var deleted = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and ExpiresAt lt {now}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await table.DeleteEntityAsync(Partition, row.RowKey, ETag.All, cancellationToken);
            deleted++;
        }

        return deleted;
    }
}
