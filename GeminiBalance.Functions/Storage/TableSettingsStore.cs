using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using GeminiBalance.Settings;

namespace GeminiBalance.Storage;

/// <summary>
/// Console overrides in the <c>settings</c> table, one partition: an override's row key is the setting's name
/// (upper case), an audit row's is <c>audit-</c> + inverted ticks (newest first; lower case sorts after every name).
/// A save is one entity-group transaction: each override written on the ETag it was read with, plus its audit row,
/// so a save either lands whole or, when another writer got there first, not at all.
/// </summary>
internal sealed class TableSettingsStore(TableServiceClient service, StorageTables tables) : ISettingsStore
{
    private const string Partition = "settings";
    private const string ValueColumn = "Value";
    private const string AuditPrefix = "audit-";

    private readonly LazyTable _table = new(service.GetTableClient(tables.Settings));

    public async Task<StoredSettings> LoadAsync(CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var overrides = new Dictionary<string, StoredSetting>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey lt {"a"}"), cancellationToken: cancellationToken))
        {
            if (entity.GetString(ValueColumn) is { } value)
            {
                overrides[entity.RowKey] = new StoredSetting(value, entity.ETag.ToString());
            }
        }

        return new StoredSettings(overrides);
    }

    public async Task<bool> TrySaveAsync(StoredSettings basis, IReadOnlyDictionary<string, string?> changes, SettingAudit audit, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>();
        foreach (var (name, value) in changes)
        {
            var stored = basis.Overrides.GetValueOrDefault(name);
            var row = new TableEntity(Partition, name) { [ValueColumn] = value };
            if (stored is null)
            {
                // Add fails with 409 if another writer created the override meanwhile.
                if (value is not null)
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.Add, row));
                }
            }
            else
            {
                var type = value is null ? TableTransactionActionType.Delete : TableTransactionActionType.UpdateReplace;
                actions.Add(new TableTransactionAction(type, row, new ETag(stored.Version)));
            }
        }

        actions.Add(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(Partition, AuditRowKey(audit.At))
        {
            ["At"] = audit.At,
            ["Who"] = audit.Who,
            ["Changes"] = JsonSerializer.Serialize(audit.Changes, SettingsJsonContext.Default.IReadOnlyListSettingChange),
        }));

        var table = await _table.GetAsync(cancellationToken);
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (RequestFailedException conflict) when (conflict.Status is 409 or 412 or 404)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<SettingAudit>> ReadAuditAsync(int max, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var entries = new List<SettingAudit>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {AuditPrefix} and RowKey lt {"audit."}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            var changes = entity.GetString("Changes") is { } json ? JsonSerializer.Deserialize(json, SettingsJsonContext.Default.IReadOnlyListSettingChange) : null;
            entries.Add(new SettingAudit(entity.GetDateTimeOffset("At") ?? default, entity.GetString("Who") ?? "", changes ?? []));
            if (entries.Count == max)
            {
                break;
            }
        }

        return entries;
    }

    // Newest first; the tail keeps two saves in the same tick apart.
    private static string AuditRowKey(DateTimeOffset at) => AuditPrefix + LogRowKeys.Row(at, Guid.NewGuid().ToString("N")[..8]);
}
