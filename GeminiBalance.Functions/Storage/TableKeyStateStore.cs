using Azure;
using GeminiBalance.Keys;

namespace GeminiBalance.Storage;

/// <summary>
/// Key health in the <c>keys</c> table. Every write is conditional on the ETag read just before it; on a
/// conflict (412, or 409 when two instances create the row at once) the transition is re-applied to the fresh
/// value, so concurrent reports from many instances are all counted.
/// </summary>
internal sealed class TableKeyStateStore(ITableServiceClient service, StorageTables tables) : IKeyStateStore
{
    private const int MaxAttempts = 10;

    private readonly LazyTable _table = new(service.GetTableClient(tables.Keys));

    public async Task<IReadOnlyDictionary<string, KeyHealth>> LoadAsync(CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var stored = new Dictionary<string, KeyHealth>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync(TableFilter.Create($"PartitionKey eq {KeyStateEntity.Partition}"), cancellationToken: cancellationToken))
        {
            stored[entity.RowKey] = KeyStateEntity.ToHealth(entity);
        }

        return stored;
    }

    public async Task ApplyAsync(KeyTransition transition, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var entity = await table.GetEntityIfExistsAsync(KeyStateEntity.Partition, transition.KeyId, cancellationToken);
            var current = entity is null ? KeyHealth.Fresh : KeyStateEntity.ToHealth(entity);
            var next = transition.Apply(current);
            if (next == current)
            {
                return;
            }

            var updated = KeyStateEntity.From(transition.KeyId, next);
            try
            {
                if (entity is null)
                {
                    await table.AddEntityAsync(updated, cancellationToken);
                }
                else
                {
                    await table.UpdateEntityAsync(updated, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException conflict) when (conflict.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another instance wrote first: read its value and apply our transition on top of it.
            }
        }
    }

    public async Task ForgetAsync(string keyId, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        await table.DeleteEntityAsync(KeyStateEntity.Partition, keyId, ETag.All, cancellationToken);
    }
}
