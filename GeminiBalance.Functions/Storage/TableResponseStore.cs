using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using GeminiBalance.Hosting;
using GeminiBalance.Translation;

namespace GeminiBalance.Storage;

/// <summary>
/// Stored Responses API responses in the <c>responses</c> table, so a conversation continues on any instance.
/// Partition = the response id: every read, write and delete is one point query or one entity-group transaction
/// (atomic: a reader never sees half a response), and ids are random, so load spreads over partitions by itself.
/// </summary>
/// <remarks>
/// A document (<c>{"response","input"}</c>) is gzip-compressed and cut into binary properties of under 64 KiB (the
/// service's limit per property), <see cref="ChunksPerRow"/> to a row (under 1 MiB per entity) and up to
/// <see cref="MaxRows"/> rows, written in one transaction (under 4 MiB). Anything larger
/// is refused with <see cref="ConversationTooLargeException"/>; such conversations belong in Blob Storage.
/// Rows past their retention read as absent; the hourly <c>log-retention</c> timer sweeps them (<see cref="PurgeExpiredAsync"/>).
/// </remarks>
internal sealed class TableResponseStore(ITableServiceClient service, StorageTables tables, ProxyOptions options, TimeProvider time)
{
    private const int ChunkBytes = 64_000;
    // Binary travels as base64 (4/3 larger) and the emulator counts that against the entity's 1 MiB: 11 × 85 KB fits.
    private const int ChunksPerRow = 11;

    // A transaction's body must stay under 4 MiB.
    private const int MaxRows = 4;
    private const string OwnerColumn = "Owner";
    private const string CreatedColumn = "CreatedAt";
    private const string RowsColumn = "Rows";

    public const long MaxStoredBytes = (long)ChunkBytes * ChunksPerRow * MaxRows;

    private readonly LazyTable _table = new(service.GetTableClient(tables.Responses));

    /// <summary>The compressed size of a conversation's input items, to refuse one that could never be stored before answering it.</summary>
    public static long CompressedSize(JsonArray input) => Compress(new JsonObject { ["input"] = input.DeepClone() }).Length;

    /// <exception cref="ConversationTooLargeException">Too large even compressed.</exception>
    public async Task SaveAsync(StoredResponse stored, CancellationToken cancellationToken)
    {
        var document = Compress(new JsonObject { ["response"] = stored.Response.DeepClone(), ["input"] = stored.Input.DeepClone() });
        if (document.Length > MaxStoredBytes)
        {
            throw new ConversationTooLargeException(document.Length);
        }

        var chunks = document.Chunk(ChunkBytes).ToList();
        var rows = chunks.Chunk(ChunksPerRow).Select((rowChunks, row) =>
        {
            var entity = new TableEntity(stored.Id, RowKey(row));
            for (var i = 0; i < rowChunks.Length; i++)
            {
                entity[$"P{i}"] = rowChunks[i];
            }

            return entity;
        }).ToList();
        rows[0][OwnerColumn] = stored.Owner;
        rows[0][CreatedColumn] = stored.CreatedAt;
        rows[0][RowsColumn] = rows.Count;

        var table = await _table.GetAsync(cancellationToken);
        await table.SubmitTransactionAsync(rows.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), cancellationToken);
    }

    /// <returns>The response, or null when there is none with this id, another client created it, or it is past retention.</returns>
    public async Task<StoredResponse?> GetAsync(string id, string owner, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var rows = new SortedDictionary<int, TableEntity>();
        await foreach (var entity in table.QueryAsync(TableFilter.Create($"PartitionKey eq {id}"), cancellationToken: cancellationToken))
        {
            if (int.TryParse(entity.RowKey, out var row))
            {
                rows[row] = entity;
            }
        }

        if (!rows.TryGetValue(0, out var first) || first.GetString(OwnerColumn) != owner || first.GetInt32(RowsColumn) != rows.Count
            || first.GetDateTimeOffset(CreatedColumn) is not { } created)
        {
            return null;
        }

        if (created + options.ResponsesRetention < time.GetUtcNow())
        {
            await DeleteRowsAsync(table, id, rows.Count, cancellationToken);
            return null;
        }

        using var compressed = new MemoryStream();
        foreach (var entity in rows.Values)
        {
            for (var i = 0; entity.GetBinary($"P{i}") is { } chunk; i++)
            {
                compressed.Write(chunk);
            }
        }

        var document = Decompress(compressed.ToArray());
        return new StoredResponse(id, owner, created, (JsonObject)document["response"]!, (JsonArray)document["input"]!);
    }

    /// <returns>False when there was nothing this client may delete.</returns>
    public async Task<bool> DeleteAsync(string id, string owner, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var first = await table.GetEntityIfExistsAsync(id, RowKey(0), cancellationToken);
        if (first is null || first.GetString(OwnerColumn) != owner)
        {
            return false;
        }

        await DeleteRowsAsync(table, id, first.GetInt32(RowsColumn) ?? 1, cancellationToken);
        return true;
    }

    /// <summary>Deletes every response past RESPONSES_RETENTION_DAYS.</summary>
    /// <returns>How many responses were deleted.</returns>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var cutoff = time.GetUtcNow() - options.ResponsesRetention;
        var expired = new List<(string Id, int Rows)>();
        // Only each response's first row carries its creation time and row count.
        await foreach (var first in table.QueryAsync(TableFilter.Create($"RowKey eq {RowKey(0)} and CreatedAt lt {cutoff}"), cancellationToken: cancellationToken))
        {
            expired.Add((first.PartitionKey, first.GetInt32(RowsColumn) ?? 1));
        }

        foreach (var (id, rows) in expired)
        {
            await DeleteRowsAsync(table, id, rows, cancellationToken);
        }

        return expired.Count;
    }

    private static Task DeleteRowsAsync(ITableClient table, string id, int rows, CancellationToken cancellationToken) =>
        table.SubmitTransactionAsync(
            Enumerable.Range(0, rows).Select(row => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(id, RowKey(row)), ETag.All)),
            cancellationToken);

    private static string RowKey(int row) => row.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);

    private static byte[] Compress(JsonObject document)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
        {
            gzip.Write(JsonOutput.ToUtf8(document));
        }

        return buffer.ToArray();
    }

    private static JsonObject Decompress(byte[] compressed)
    {
        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        return JsonNode.Parse(gzip) as JsonObject ?? throw new JsonException("A stored response is not a JSON object.");
    }
}
