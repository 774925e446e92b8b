using Azure;
using Azure.Data.Tables;
using GeminiBalance.Keys;

namespace GeminiBalance.Storage;

/// <summary>
/// Admin-added keys in the <c>adminkeys</c> table: partition <c>key</c>, row key = the key id, the key itself in
/// <c>Secret</c>. Its own table, so the key-state table stays free of secrets. Whoever can read the storage account can
/// read these keys, as whoever can read the app settings can read API_KEYS.
/// </summary>
internal sealed class TableAdminKeyStore(TableServiceClient service, StorageTables tables) : IAdminKeyStore
{
    private const string Partition = "key";
    private const string SecretColumn = "Secret";

    // An entity-group transaction takes at most 100 actions.
    private const int MaxBatch = 100;

    private readonly LazyTable _table = new(service.GetTableClient(tables.AdminKeys));

    public async Task<IReadOnlyList<PoolKey>> LoadAsync(CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var keys = new List<PoolKey>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            if (entity.GetString(SecretColumn) is { Length: > 0 } secret)
            {
                keys.Add(PoolKey.From(secret));
            }
        }

        return keys;
    }

    public async Task AddAsync(IReadOnlyCollection<PoolKey> keys, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        foreach (var batch in keys.DistinctBy(key => key.Id).Chunk(MaxBatch))
        {
            // Upserts, so a key another instance stored meanwhile is not a conflict.
            await table.SubmitTransactionAsync(
                batch.Select(key => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(Partition, key.Id) { [SecretColumn] = key.Secret })),
                cancellationToken);
        }
    }

    public async Task RemoveAsync(string keyId, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        await table.DeleteEntityAsync(Partition, keyId, ETag.All, cancellationToken);
    }
}
