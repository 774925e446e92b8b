using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using GeminiBalance.Clients;

namespace GeminiBalance.Storage;

/// <summary>
/// Client keys and their counts in the <c>clients</c> table. A key is a row in partition <c>client</c> (row key = its
/// id) holding the SHA-256 of its secret, never the secret. Counts are rows in one partition per window
/// (<see cref="ClientWindow.Partition"/>), row key = the client's id, so one query reads every client's count for a window.
/// </summary>
internal sealed class TableClientStore(TableServiceClient service, StorageTables tables) : IClientStore
{
    private const string Partition = "client";

    private readonly LazyTable _table = new(service.GetTableClient(tables.Clients));

    public async Task<IReadOnlyList<ClientKey>> LoadAsync(CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var clients = new List<ClientKey>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            clients.Add(ToClient(entity));
        }

        return clients;
    }

    public async Task SaveAsync(ClientKey client, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        await table.UpsertEntityAsync(ToEntity(client), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        try
        {
            await table.DeleteEntityAsync(Partition, id, ETag.All, cancellationToken);
            return true;
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            return false;
        }
    }

    public async Task<WindowCount> AddCountAsync(ClientWindow window, string clientId, WindowCount added, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        WindowCount total = new();
        await RowUpdate.ApplyAsync(table, window.Partition, clientId, current =>
        {
            total = current is null ? new WindowCount() : ToCount(current);
            total.Add(added);
            return ToEntity(window, clientId, total);
        }, cancellationToken);
        return total;
    }

    public async Task<IReadOnlyDictionary<string, WindowCount>> LoadCountsAsync(ClientWindow window, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var counts = new Dictionary<string, WindowCount>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {window.Partition}"), cancellationToken: cancellationToken))
        {
            counts[entity.RowKey] = ToCount(entity);
        }

        return counts;
    }

    public async Task<WindowCount?> FindCountAsync(ClientWindow window, string clientId, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        return await table.FindAsync(window.Partition, clientId, cancellationToken) is { } entity ? ToCount(entity) : null;
    }

    private static TableEntity ToEntity(ClientKey client) => new(Partition, client.Id)
    {
        ["Name"] = client.Name,
        ["SecretSha256"] = client.SecretSha256,
        ["Enabled"] = client.Enabled,
        ["Expires"] = client.Expires,
        ["Models"] = JsonSerializer.Serialize(client.Models.ToArray(), ClientsJsonContext.Default.StringArray),
        ["Rpm"] = client.Limits.Rpm,
        ["Rpd"] = client.Limits.Rpd,
        ["Tpd"] = client.Limits.Tpd,
        ["TpmMonth"] = client.Limits.TpmMonth,
        ["Note"] = client.Note,
        ["Created"] = client.Created,
    };

    private static ClientKey ToClient(TableEntity entity) => new(
        entity.RowKey,
        entity.GetString("Name") ?? entity.RowKey,
        entity.GetString("SecretSha256") ?? "",
        entity.GetBoolean("Enabled") ?? true,
        entity.GetDateTimeOffset("Expires"),
        entity.GetString("Models") is { } models ? JsonSerializer.Deserialize(models, ClientsJsonContext.Default.StringArray) ?? [] : [],
        new ClientLimits(entity.GetInt64("Rpm"), entity.GetInt64("Rpd"), entity.GetInt64("Tpd"), entity.GetInt64("TpmMonth")),
        entity.GetString("Note"),
        entity.GetDateTimeOffset("Created") ?? entity.Timestamp ?? DateTimeOffset.UnixEpoch);

    private static TableEntity ToEntity(ClientWindow window, string clientId, WindowCount count)
    {
        var entity = new TableEntity(window.Partition, clientId) { ["Requests"] = count.Requests, ["Tokens"] = count.Tokens };
        if (count.ByModel.Count > 0)
        {
            entity["Models"] = JsonSerializer.Serialize(count.ByModel, ClientsJsonContext.Default.DictionaryStringModelUsage);
        }

        return entity;
    }

    private static WindowCount ToCount(TableEntity entity)
    {
        var count = new WindowCount { Requests = entity.GetInt64("Requests") ?? 0, Tokens = entity.GetInt64("Tokens") ?? 0 };
        if (entity.GetString("Models") is { } models && JsonSerializer.Deserialize(models, ClientsJsonContext.Default.DictionaryStringModelUsage) is { } byModel)
        {
            foreach (var (model, usage) in byModel)
            {
                count.Model(model).Add(usage);
            }
        }

        return count;
    }
}
