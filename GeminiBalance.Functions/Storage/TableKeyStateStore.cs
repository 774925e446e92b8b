using Azure;
using Azure.Data.Tables;
using GeminiBalance.Keys;

namespace GeminiBalance.Storage;

/// <summary>
/// Key health in the <c>keys</c> table. Every change is a <see cref="RowUpdate"/>: conditional on the ETag read just
/// before it and re-applied to the fresh value on a conflict, so concurrent reports from many instances are all counted.
/// </summary>
internal sealed class TableKeyStateStore(TableServiceClient service, StorageTables tables) : IKeyStateStore
{
    private readonly LazyTable _table = new(service.GetTableClient(tables.Keys));

    public async Task<IReadOnlyDictionary<string, KeyHealth>> LoadAsync(CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var stored = new Dictionary<string, KeyHealth>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {KeyStateEntity.Partition}"), cancellationToken: cancellationToken))
        {
            stored[entity.RowKey] = KeyStateEntity.ToHealth(entity);
        }

        return stored;
    }

    public async Task ApplyAsync(KeyTransition transition, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        await RowUpdate.ApplyAsync(
            table,
            KeyStateEntity.Partition,
            transition.KeyId,
            row =>
            {
                var current = row is null ? KeyHealth.Fresh : KeyStateEntity.ToHealth(row);
                var next = transition.Apply(current);
                return next == current ? null : KeyStateEntity.From(transition.KeyId, next);
            },
            cancellationToken);
    }

    public async Task ForgetAsync(string keyId, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        await table.DeleteEntityAsync(KeyStateEntity.Partition, keyId, ETag.All, cancellationToken);
    }
}
