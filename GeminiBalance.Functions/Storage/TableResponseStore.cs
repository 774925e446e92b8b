using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using GeminiBalance.Hosting;
using GeminiBalance.Translation;

namespace GeminiBalance.Storage;

/// <summary>
/// Stored Responses API responses, so a conversation continues on any instance: one row per response in the
/// <c>responses</c> table (partition = the response id, so every read, write and delete is a point operation and load
/// spreads over partitions by itself), and the document of a large one as a blob in RESPONSES_CONTAINER.
/// </summary>
/// <remarks>
/// A document (<c>{"response","input"}</c>) is gzip-compressed. Up to <see cref="MaxRowBytes"/> it is cut into binary
/// properties of under 64 KiB (the service's limit per property) in the row itself; larger, it is one blob named by the
/// response id and the row holds only its name in <c>Blob</c>. One row and then a blob, rather than several rows: a blob
/// is one write however large, where rows would need a multi-row transaction that is capped at 4 MiB anyway. Beyond
/// <see cref="MaxStoredBytes"/> nothing is stored (<see cref="ConversationTooLargeException"/>). The row keeps the owner
/// and creation time, so ownership and retention never need the blob. Rows past their retention read as absent; the
/// hourly <c>log-retention</c> timer sweeps them and their blobs (<see cref="PurgeExpiredAsync"/>).
/// </remarks>
internal sealed class TableResponseStore(TableServiceClient service, StorageTables tables, BlobContainerClient container, ICurrentOptions options, TimeProvider time)
{
    private const int ChunkBytes = 64_000;

    // Binary travels as base64 (4/3 larger) and the emulator counts that against the entity's 1 MiB: 11 × 85 KB fits.
    private const int ChunksPerRow = 11;

    private const string RowKey = "00";
    private const string OwnerColumn = "Owner";
    private const string CreatedColumn = "CreatedAt";
    private const string BlobColumn = "Blob";

    /// <summary>The largest compressed document kept in the table row itself; larger ones go to a blob.</summary>
    public const int MaxRowBytes = ChunkBytes * ChunksPerRow;

    private readonly LazyTable _table = new(service.GetTableClient(tables.Responses));
    private readonly LazyContainer _blobs = new(container);

    /// <summary>
    /// The largest compressed document stored at all. A stored conversation is sent upstream whole on every
    /// continuation, so one that compresses to more than a client may send in one request (MAX_REQUEST_BODY_MB) is a
    /// runaway; bounding it there keeps storage (and the memory a read takes) at the scale of one request.
    /// </summary>
    public long MaxStoredBytes => options.Current.MaxRequestBodyBytes;

    /// <summary>Whether a conversation's input items alone fit, to refuse one that could never be stored before answering it.</summary>
    public bool CanStore(JsonArray input) => Compress(new JsonObject { ["input"] = input.DeepClone() }).Length <= MaxStoredBytes;

    /// <exception cref="ConversationTooLargeException">Larger than <see cref="MaxStoredBytes"/> even compressed.</exception>
    public async Task SaveAsync(StoredResponse stored, CancellationToken cancellationToken)
    {
        var document = Compress(new JsonObject { ["response"] = stored.Response.DeepClone(), ["input"] = stored.Input.DeepClone() });
        if (document.Length > MaxStoredBytes)
        {
            throw new ConversationTooLargeException(document.Length, MaxStoredBytes);
        }

        var row = new TableEntity(stored.Id, RowKey) { [OwnerColumn] = stored.Owner, [CreatedColumn] = stored.CreatedAt };
        var table = await _table.GetAsync(cancellationToken);
        if (document.Length <= MaxRowBytes)
        {
            var chunks = document.Chunk(ChunkBytes).ToList();
            for (var i = 0; i < chunks.Count; i++)
            {
                row[$"P{i}"] = chunks[i];
            }

            await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
            return;
        }

        // The blob first, so that a row never points at nothing. Saving an id again replaces its blob.
        var blobs = await _blobs.GetAsync(cancellationToken);
        await blobs.GetBlobClient(stored.Id).UploadAsync(
            BinaryData.FromBytes(document), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/gzip" } }, cancellationToken);
        row[BlobColumn] = stored.Id;
        try
        {
            await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException)
        {
            // The service refused the row, so the blob is unreachable and the purge (which follows rows) would never
            // find it. After a lost connection the row may exist, and a blob it points at must not go: that one stays.
            await blobs.DeleteBlobIfExistsAsync(stored.Id, cancellationToken: CancellationToken.None);
            throw;
        }
    }

    /// <returns>The response, or null when there is none with this id, another client created it, or it is past retention.</returns>
    public async Task<StoredResponse?> GetAsync(string id, string owner, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var row = await table.FindAsync(id, RowKey, cancellationToken);
        if (row is null || row.GetString(OwnerColumn) != owner || row.GetDateTimeOffset(CreatedColumn) is not { } created)
        {
            return null;
        }

        if (created + options.Current.ResponsesRetention < time.GetUtcNow())
        {
            await DeleteExpiredAsync(table, id, row.GetString(BlobColumn), cancellationToken);
            return null;
        }

        // A blob that is gone was deleted after this row was read: the response is being deleted, so it is absent.
        var document = row.GetString(BlobColumn) is { } blob ? await DownloadAsync(blob, cancellationToken) : Chunks(row);
        if (document is null)
        {
            return null;
        }

        var parsed = Decompress(document);
        return parsed["response"] is JsonObject response && parsed["input"] is JsonArray input
            ? new StoredResponse(id, owner, created, response, input)
            : throw new InvalidDataException($"The stored response {id} is not a response and its input.");
    }

    /// <returns>False when there was nothing this client may delete.</returns>
    public async Task<bool> DeleteAsync(string id, string owner, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var row = await table.FindAsync(id, RowKey, cancellationToken);
        if (row is null || row.GetString(OwnerColumn) != owner)
        {
            return false;
        }

        // A live response loses its row first: once the row is gone nothing can follow its pointer, so no reader ever
        // finds a row whose blob is missing. A failure in between leaves an unreachable blob, never a broken response.
        await table.DeleteEntityAsync(id, RowKey, ETag.All, cancellationToken);
        if (row.GetString(BlobColumn) is { } blob)
        {
            await (await _blobs.GetAsync(cancellationToken)).DeleteBlobIfExistsAsync(blob, cancellationToken: cancellationToken);
        }

        return true;
    }

    /// <summary>Deletes every response past RESPONSES_RETENTION_DAYS, with its blob.</summary>
    /// <returns>How many responses were deleted.</returns>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var cutoff = time.GetUtcNow() - options.Current.ResponsesRetention;
        var expired = new List<(string Id, string? Blob)>();
        await foreach (var row in table.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"RowKey eq {RowKey} and CreatedAt lt {cutoff}"), select: ["PartitionKey", BlobColumn], cancellationToken: cancellationToken))
        {
            expired.Add((row.PartitionKey, row.GetString(BlobColumn)));
        }

        foreach (var (id, blob) in expired)
        {
            await DeleteExpiredAsync(table, id, blob, cancellationToken);
        }

        return expired.Count;
    }

    // An expired response loses its blob first: its row already reads as absent, and if deleting the row fails the
    // next purge finds the row again and finishes, so nothing is ever left behind unreachable.
    private async Task DeleteExpiredAsync(TableClient table, string id, string? blob, CancellationToken cancellationToken)
    {
        if (blob is not null)
        {
            await (await _blobs.GetAsync(cancellationToken)).DeleteBlobIfExistsAsync(blob, cancellationToken: cancellationToken);
        }

        await table.DeleteEntityAsync(id, RowKey, ETag.All, cancellationToken);
    }

    private async Task<byte[]?> DownloadAsync(string blob, CancellationToken cancellationToken)
    {
        var blobs = await _blobs.GetAsync(cancellationToken);
        try
        {
            return (await blobs.GetBlobClient(blob).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            return null;
        }
    }

    private static byte[] Chunks(TableEntity row)
    {
        using var compressed = new MemoryStream();
        for (var i = 0; row.GetBinary($"P{i}") is { } chunk; i++)
        {
            compressed.Write(chunk);
        }

        return compressed.ToArray();
    }

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
