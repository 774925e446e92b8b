using System.Security.Cryptography;
using System.Text.Json.Nodes;
using GeminiBalance.Hosting;
using GeminiBalance.Storage;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;
using Microsoft.Extensions.Configuration;

namespace GeminiBalance.Tests.Storage;

/// <summary>Stored Responses API responses against a real Azurite: round trip, the split over rows, ownership, retention, the size limit.</summary>
[Collection(ProxyCollection.Name)]
public sealed class TableResponseStoreTests(AzuriteFixture storage)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SmallResponseComesBackWhole()
    {
        var (store, _, _, _) = Create();
        var stored = Response("resp_" + new string('a', 32), "owner-a", "hello");

        await store.SaveAsync(stored, None);
        var read = await store.GetAsync(stored.Id, "owner-a", None);

        Assert.NotNull(read);
        Assert.True(JsonNode.DeepEquals(stored.Response, read.Response));
        Assert.True(JsonNode.DeepEquals(stored.Input, read.Input));
        Assert.Equal(Start, read.CreatedAt);
    }

    [Fact]
    public async Task LargeResponseIsSplitOverRowsAndComesBackWhole()
    {
        var (store, service, tables, _) = Create();
        // Random text barely compresses: twice (input and output) about 1.3 MB compressed, near the limit, so several rows
        // in one transaction of close to 4 MiB.
        var text = Convert.ToBase64String(RandomNumberGenerator.GetBytes(1_300_000));
        var stored = Response("resp_" + new string('b', 32), "owner-a", text);

        await store.SaveAsync(stored, None);
        var read = await store.GetAsync(stored.Id, "owner-a", None);

        Assert.NotNull(read);
        Assert.Equal(text, read.Response["output"]![0]!["content"]![0]!["text"]!.GetValue<string>());
        var rows = new List<TableEntity>();
        await foreach (var row in service.GetTableClient(tables.Responses).QueryAsync(TableFilter.Create($"PartitionKey eq {stored.Id}")))
        {
            rows.Add(row);
        }

        Assert.InRange(rows.Count, 3, 4);
        Assert.All(rows, row => Assert.All(row.Keys.Where(k => k.StartsWith('P')), k => Assert.True(row.GetBinary(k)!.Length <= 64 * 1024)));
    }

    [Fact]
    public async Task ResponseTooLargeEvenCompressedIsRefusedAndNothingIsStored()
    {
        var (store, _, _, _) = Create();
        var text = Convert.ToBase64String(RandomNumberGenerator.GetBytes(3_000_000));
        var stored = Response("resp_" + new string('c', 32), "owner-a", text);

        await Assert.ThrowsAsync<ConversationTooLargeException>(() => store.SaveAsync(stored, None));

        Assert.Null(await store.GetAsync(stored.Id, "owner-a", None));
        Assert.True(TableResponseStore.CompressedSize(stored.Input) > TableResponseStore.MaxStoredBytes);
    }

    [Fact]
    public async Task AnotherOwnerCanNeitherReadNorDelete()
    {
        var (store, _, _, _) = Create();
        var stored = Response("resp_" + new string('d', 32), "owner-a", "mine");
        await store.SaveAsync(stored, None);

        Assert.Null(await store.GetAsync(stored.Id, "owner-b", None));
        Assert.False(await store.DeleteAsync(stored.Id, "owner-b", None));
        Assert.NotNull(await store.GetAsync(stored.Id, "owner-a", None));

        Assert.True(await store.DeleteAsync(stored.Id, "owner-a", None));
        Assert.Null(await store.GetAsync(stored.Id, "owner-a", None));
        Assert.False(await store.DeleteAsync(stored.Id, "owner-a", None));
    }

    [Fact]
    public async Task ResponsePastRetentionReadsAsAbsentAndIsDeleted()
    {
        var (store, service, tables, clock) = Create(retentionDays: 2);
        var stored = Response("resp_" + new string('e', 32), "owner-a", "old");
        await store.SaveAsync(stored, None);

        clock.Advance(TimeSpan.FromDays(1));
        Assert.NotNull(await store.GetAsync(stored.Id, "owner-a", None));

        clock.Advance(TimeSpan.FromDays(1.5));
        Assert.Null(await store.GetAsync(stored.Id, "owner-a", None));
        Assert.Null(await service.GetTableClient(tables.Responses).GetEntityIfExistsAsync(stored.Id, "00", None));
    }

    [Fact]
    public async Task PurgeDeletesOnlyResponsesPastRetention()
    {
        var (store, service, tables, clock) = Create(retentionDays: 2);
        var old = Response("resp_" + new string('f', 32), "owner-a", "old");
        await store.SaveAsync(old, None);
        clock.Advance(TimeSpan.FromDays(2.5));
        var recent = Response("resp_" + new string('9', 32), "owner-a", "recent") with { CreatedAt = clock.GetUtcNow() };
        await store.SaveAsync(recent, None);

        Assert.Equal(1, await store.PurgeExpiredAsync(None));

        var table = service.GetTableClient(tables.Responses);
        Assert.Null(await table.GetEntityIfExistsAsync(old.Id, "00", None));
        Assert.NotNull(await table.GetEntityIfExistsAsync(recent.Id, "00", None));
        Assert.Equal(0, await store.PurgeExpiredAsync(None));
    }

    private (TableResponseStore Store, ITableServiceClient Service, StorageTables Tables, ManualTimeProvider Clock) Create(int retentionDays = 30)
    {
        var options = ProxyOptionsReader.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingNames.AllowedTokens] = "token",
            [SettingNames.AzureWebJobsStorage] = storage.ConnectionString,
            [SettingNames.ResponsesRetentionDays] = retentionDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build());
        var service = TableServiceClientFactory.Create(options.Storage);
        var tables = new StorageTables(ProxyHost.NewTablePrefix());
        var clock = new ManualTimeProvider(Start);
        return (new TableResponseStore(service, tables, options, clock), service, tables, clock);
    }

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
