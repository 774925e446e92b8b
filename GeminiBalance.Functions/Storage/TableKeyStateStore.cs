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

    private readonly ITableClient _table = service.GetTableClient(tables.Keys);
    private Task? _created;

    public async Task<IReadOnlyDictionary<string, KeyHealth>> LoadAsync(CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var stored = new Dictionary<string, KeyHealth>(StringComparer.Ordinal);
        await foreach (var entity in _table.QueryAsync(TableFilter.Create($"PartitionKey eq {KeyStateEntity.Partition}"), cancellationToken: cancellationToken))
        {
            stored[entity.RowKey] = KeyStateEntity.ToHealth(entity);
        }

        return stored;
    }

    public async Task ApplyAsync(KeyTransition transition, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var entity = await _table.GetEntityIfExistsAsync(KeyStateEntity.Partition, transition.KeyId, cancellationToken);
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
                    await _table.AddEntityAsync(updated, cancellationToken);
                }
                else
                {
                    await _table.UpdateEntityAsync(updated, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException conflict) when (conflict.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another instance wrote first: read its value and apply our transition on top of it.
            }
        }
    }

    // Created on first use, not at start-up, so a storage outage never stops the app from starting.
    private Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        var created = _created;
        if (created is null || created.IsFaulted || created.IsCanceled)
        {
            _created = created = _table.CreateIfNotExistsAsync(cancellationToken);
        }

        return created;
    }
}
