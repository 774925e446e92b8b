using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using Azure;
using Azure.Data.Tables;
using GeminiBalance.Files;

namespace GeminiBalance.Storage;

/// <summary>
/// File records in the <c>files</c> table: partition = the client token id, row key = the file id, so a client's
/// listing is one partition and a lookup on the request path is one point read.
/// </summary>
internal sealed class TableFileRecords(TableServiceClient service, StorageTables tables) : IFileRecords
{
    private const string OwnerKeyIdColumn = "OwnerKeyId";
    private const string ExpiresAtColumn = "ExpiresAt";
    private const string ResourceColumn = "Resource";

    private readonly LazyTable _table = new(service.GetTableClient(tables.Files));

    public async Task SaveAsync(FileRecord record, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        await table.UpsertEntityAsync(ToEntity(record), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<FileRecord?> FindAsync(string clientId, string fileId, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        return await table.FindAsync(clientId, fileId, cancellationToken) is { } entity ? ToRecord(entity) : null;
    }

    public async Task<FileRecordPage> ListAsync(string clientId, int pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);

        // The filter pins the partition, so even a forged token cannot reach another client's rows.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {clientId}");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken).AsPages(Decode(pageToken), pageSize))
        {
            return new FileRecordPage([.. page.Values.Select(ToRecord)], Encode(page.ContinuationToken));
        }

        return new FileRecordPage([], null);
    }

    public async Task DeleteAsync(string clientId, string fileId, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        await table.DeleteEntityAsync(clientId, fileId, ETag.All, cancellationToken);
    }

    public async IAsyncEnumerable<FileRecord> ExpiredAsync(DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"ExpiresAt lt {now}"), cancellationToken: cancellationToken))
        {
            yield return ToRecord(entity);
        }
    }

    private static TableEntity ToEntity(FileRecord record) => new(record.ClientId, record.FileId)
    {
        [OwnerKeyIdColumn] = record.OwnerKeyId,
        [ExpiresAtColumn] = record.ExpiresAt,
        [ResourceColumn] = record.Resource,
    };

    private static FileRecord ToRecord(TableEntity entity) => new(
        entity.PartitionKey,
        entity.RowKey,
        entity.GetString(OwnerKeyIdColumn) ?? "",
        entity.GetDateTimeOffset(ExpiresAtColumn) ?? DateTimeOffset.MinValue,
        entity.GetString(ResourceColumn) ?? "{}");

    // Opaque to clients (base64url of the table's continuation), checked on the way back in.
    private static string? Encode(string? tableToken) => tableToken is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(tableToken));

    private static string? Decode(string? pageToken)
    {
        if (string.IsNullOrEmpty(pageToken))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(pageToken));
        }
        catch (FormatException)
        {
            throw new FormatException("The page token is not one this proxy issued.");
        }
    }
}
