using Azure.Data.Tables;
using GeminiBalance.Keys;
using GeminiBalance.Storage;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Storage;

/// <summary>
/// Stores that write many rows at once do it in entity-group transactions of at most 100 actions on one partition
/// (Azurite answers a larger one with an error the Tables client cannot even parse), and lose nothing doing so.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class TableBatchTests(AzuriteFixture storage)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task AdminKeysOverAHundredGoInTransactionsOfAtMostAHundred()
    {
        var traffic = new TableTraffic();
        var store = new TableAdminKeyStore(TableTraffic.Client(storage.ConnectionString, traffic), new StorageTables(ProxyHost.NewTablePrefix()));
        var keys = Enumerable.Range(0, 250).Select(i => PoolKey.From($"AIza-batch-test-{i:D4}")).ToList();

        await store.AddAsync(keys, None);

        Assert.Equal(keys.Select(key => key.Id).Order(), (await store.LoadAsync(None)).Select(key => key.Id).Order());
        Assert.Equal([202, 202, 202], traffic.Seen.Where(seen => seen.Path.EndsWith("/$batch", StringComparison.Ordinal)).Select(seen => seen.Status));
    }

    [Fact]
    public async Task RetentionDeletesWholeOldDaysOfMoreThanAHundredRowsAndKeepsTheRest()
    {
        var traffic = new TableTraffic();
        var table = TableTraffic.Client(storage.ConnectionString, traffic).GetTableClient(AzuriteTables.UniqueName());
        await table.CreateIfNotExistsAsync();
        var log = new DayPartitionedLog(table, maxPerTransaction: 100);
        await log.WriteAsync(Rows("20260101", 150).Concat(Rows("20260102", 120)).Concat(Rows("20260103", 5)).ToList(), None);

        var deleted = await PartitionRetention.DeleteBeforeAsync(table, "20260103", None);

        Assert.Equal(270, deleted);
        var left = await AzuriteTables.RowsAsync(table);
        Assert.Equal(5, left.Count);
        Assert.All(left, row => Assert.Equal("20260103", row.PartitionKey));

        // Writes: 150 → 100 + 50, 120 → 100 + 20, 5; deletes the same split of the two old days.
        Assert.Equal(9, traffic.Seen.Count(seen => seen.Path.EndsWith("/$batch", StringComparison.Ordinal) && seen.Status == 202));
    }

    private static IEnumerable<TableEntity> Rows(string day, int count) =>
        Enumerable.Range(0, count).Select(i => new TableEntity(day, $"{i:D5}") { ["I"] = i });
}
