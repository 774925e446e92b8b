using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using GeminiBalance.Hosting;
using GeminiBalance.Storage;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;
using Microsoft.Extensions.Configuration;

namespace GeminiBalance.Tests.Storage;

/// <summary>
/// Stored Responses API responses against a real Azurite: round trip in the row and through a blob, ownership,
/// retention and its purge, the hard size bound.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class TableResponseStoreTests(AzuriteFixture storage)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SmallResponseComesBackWholeFromTheRowAlone()
    {
        var (store, table, blobs, _) = Create();
        var stored = Response("resp_" + new string('a', 32), "owner-a", "hello");

        await store.SaveAsync(stored, None);
        var read = await store.GetAsync(stored.Id, "owner-a", None);

        Assert.NotNull(read);
        Assert.True(JsonNode.DeepEquals(stored.Response, read.Response));
        Assert.True(JsonNode.DeepEquals(stored.Input, read.Input));
        Assert.Equal(Start, read.CreatedAt);
        Assert.Null((await table.FindAsync(stored.Id, "00", None))!.GetString("Blob"));
        Assert.Null(await BlobAsync(blobs, stored.Id));
    }

    [Fact]
    public async Task ResponseNearTheRowLimitIsCutIntoChunksOfOneRow()
    {
        var (store, table, blobs, _) = Create();
        // Random base64 compresses to about 3/4: twice (input and output) about 450 KB, several chunks but one row.
        var text = RandomText(220_000);
        var stored = Response("resp_" + new string('b', 32), "owner-a", text);

        await store.SaveAsync(stored, None);

        Assert.Equal(text, OutputText(await store.GetAsync(stored.Id, "owner-a", None)));
        var row = Assert.Single(await RowsAsync(table, stored.Id));
        var chunks = row.Keys.Where(IsChunk).ToList();
        Assert.InRange(chunks.Count, 5, 11);
        Assert.All(chunks, key => Assert.True(row.GetBinary(key)!.Length <= 64 * 1024));
        Assert.Null(await BlobAsync(blobs, stored.Id));
    }

    [Fact]
    public async Task LargeResponseGoesThroughABlobAndTheRowOnlyPointsAtIt()
    {
        var (store, table, blobs, _) = Create();
        // About 1 MB compressed: more than one row holds.
        var text = RandomText(500_000);
        var stored = Response("resp_" + new string('c', 32), "owner-a", text);

        await store.SaveAsync(stored, None);
        var read = await store.GetAsync(stored.Id, "owner-a", None);

        Assert.NotNull(read);
        Assert.Equal(text, OutputText(read));
        Assert.True(JsonNode.DeepEquals(stored.Input, read.Input));
        Assert.Equal(Start, read.CreatedAt);
        var row = Assert.Single(await RowsAsync(table, stored.Id));
        Assert.Equal(stored.Id, row.GetString("Blob"));
        Assert.Equal("owner-a", row.GetString("Owner"));
        Assert.DoesNotContain(row.Keys, IsChunk);
        var blob = await BlobAsync(blobs, stored.Id);
        Assert.NotNull(blob);
        Assert.InRange(blob.Length, TableResponseStore.MaxRowBytes + 1, 2 * 1024 * 1024);
    }

    [Fact]
    public async Task DeleteRemovesTheRowAndTheBlob()
    {
        var (store, table, blobs, _) = Create();
        var stored = Response("resp_" + new string('d', 32), "owner-a", RandomText(500_000));
        await store.SaveAsync(stored, None);
        Assert.NotNull(await BlobAsync(blobs, stored.Id));

        Assert.True(await store.DeleteAsync(stored.Id, "owner-a", None));

        Assert.Null(await table.FindAsync(stored.Id, "00", None));
        Assert.Null(await BlobAsync(blobs, stored.Id));
        Assert.Null(await store.GetAsync(stored.Id, "owner-a", None));
        Assert.False(await store.DeleteAsync(stored.Id, "owner-a", None));
    }

    [Fact]
    public async Task AnotherOwnerCanNeitherReadNorDeleteALargeResponse()
    {
        var (store, _, blobs, _) = Create();
        var stored = Response("resp_" + new string('e', 32), "owner-a", RandomText(500_000));
        await store.SaveAsync(stored, None);

        Assert.Null(await store.GetAsync(stored.Id, "owner-b", None));
        Assert.False(await store.DeleteAsync(stored.Id, "owner-b", None));

        Assert.NotNull(await BlobAsync(blobs, stored.Id));
        Assert.NotNull(await store.GetAsync(stored.Id, "owner-a", None));
    }

    [Fact]
    public async Task ResponsePastRetentionReadsAsAbsentAndIsDeletedWithItsBlob()
    {
        var (store, table, blobs, clock) = Create(retentionDays: 2);
        var stored = Response("resp_" + new string('f', 32), "owner-a", RandomText(500_000));
        await store.SaveAsync(stored, None);

        clock.Advance(TimeSpan.FromDays(1));
        Assert.NotNull(await store.GetAsync(stored.Id, "owner-a", None));

        clock.Advance(TimeSpan.FromDays(1.5));
        Assert.Null(await store.GetAsync(stored.Id, "owner-a", None));
        Assert.Null(await table.FindAsync(stored.Id, "00", None));
        Assert.Null(await BlobAsync(blobs, stored.Id));
    }

    [Fact]
    public async Task PurgeDeletesOnlyResponsesPastRetentionAndTheirBlobs()
    {
        var (store, table, blobs, clock) = Create(retentionDays: 2);
        var oldLarge = Response("resp_" + new string('1', 32), "owner-a", RandomText(500_000));
        var oldSmall = Response("resp_" + new string('2', 32), "owner-a", "old");
        await store.SaveAsync(oldLarge, None);
        await store.SaveAsync(oldSmall, None);
        clock.Advance(TimeSpan.FromDays(2.5));
        var recent = Response("resp_" + new string('3', 32), "owner-a", RandomText(500_000)) with { CreatedAt = clock.GetUtcNow() };
        await store.SaveAsync(recent, None);

        Assert.Equal(2, await store.PurgeExpiredAsync(None));

        Assert.Null(await table.FindAsync(oldLarge.Id, "00", None));
        Assert.Null(await BlobAsync(blobs, oldLarge.Id));
        Assert.Null(await table.FindAsync(oldSmall.Id, "00", None));
        Assert.NotNull(await table.FindAsync(recent.Id, "00", None));
        Assert.NotNull(await BlobAsync(blobs, recent.Id));
        Assert.Equal(0, await store.PurgeExpiredAsync(None));
        Assert.NotNull(await store.GetAsync(recent.Id, "owner-a", None));
    }

    [Fact]
    public async Task ResponseOverTheHardBoundIsRefusedAndNothingIsStored()
    {
        // MAX_REQUEST_BODY_MB = 1 bounds a stored document at 1 MiB compressed.
        var (store, table, blobs, _) = Create(maxRequestBodyMb: 1);
        var stored = Response("resp_" + new string('4', 32), "owner-a", RandomText(1_500_000));

        var refused = await Assert.ThrowsAsync<ConversationTooLargeException>(() => store.SaveAsync(stored, None));

        Assert.Contains("the limit is 1024 KiB", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await RowsAsync(table, stored.Id));
        Assert.Null(await BlobAsync(blobs, stored.Id));
        Assert.Null(await store.GetAsync(stored.Id, "owner-a", None));
        Assert.False(store.CanStore(stored.Input));
        Assert.True(store.CanStore(new JsonArray(new JsonObject { ["type"] = "message", ["role"] = "user", ["content"] = RandomText(500_000) })));
    }

    private (TableResponseStore Store, TableClient Table, BlobContainerClient Blobs, ManualTimeProvider Clock) Create(int retentionDays = 30, int maxRequestBodyMb = 32)
    {
        var options = ProxyOptionsReader.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingNames.AllowedTokens] = "token",
            [SettingNames.AzureWebJobsStorage] = storage.ConnectionString,
            [SettingNames.ResponsesRetentionDays] = retentionDays.ToString(CultureInfo.InvariantCulture),
            [SettingNames.MaxRequestBodyMb] = maxRequestBodyMb.ToString(CultureInfo.InvariantCulture),
        }).Build());
        var service = AzuriteTables.Service(storage);
        var tables = new StorageTables(ProxyHost.NewTablePrefix());
        var blobs = AzuriteTables.Container(storage);
        var clock = new ManualTimeProvider(Start);
        return (new TableResponseStore(service, tables, blobs, options, clock), service.GetTableClient(tables.Responses), blobs, clock);
    }

    private static Task<List<TableEntity>> RowsAsync(TableClient table, string id) =>
        AzuriteTables.RowsAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {id}"));

    // Null when the blob (or its container) does not exist.
    private static async Task<byte[]?> BlobAsync(BlobContainerClient blobs, string name)
    {
        try
        {
            return (await blobs.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray();
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            return null;
        }
    }

    // The document's pieces are P0, P1, …; the row's other properties include PartitionKey.
    private static bool IsChunk(string property) => property.Length > 1 && property[0] == 'P' && property[1..].All(char.IsAsciiDigit);

    // Random bytes in base64: gzip cannot shrink them below about 3/4 of their length.
    private static string RandomText(int bytes) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));

    private static string? OutputText(StoredResponse? read) => read?.Response["output"]![0]!["content"]![0]!["text"]!.GetValue<string>();

    private static StoredResponse Response(string id, string owner, string text) => new(
        id,
        owner,
        Start,
        new JsonObject
        {
            ["id"] = id,
            ["object"] = "response",
            ["output"] = new JsonArray(new JsonObject
            {
                ["type"] = "message",
                ["role"] = "assistant",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = text }),
            }),
        },
        new JsonArray(new JsonObject { ["type"] = "message", ["role"] = "user", ["content"] = text }));
}
