using Azure;
using GeminiBalance.Storage;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Storage;

[Collection(ProxyCollection.Name)]
public sealed class TableClientTests(AzuriteFixture storage)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task CreateIfNotExistsTwiceSucceedsAndTheTableIsUsable()
    {
        var table = AzuriteTables.Service(storage).GetTableClient(AzuriteTables.UniqueName());

        await table.CreateIfNotExistsAsync(None);
        await table.CreateIfNotExistsAsync(None);

        await table.AddEntityAsync(new TableEntity("p", "r"), None);
        Assert.NotNull(await table.GetEntityIfExistsAsync("p", "r", None));
    }

    [Fact]
    public async Task AddedEntityReadsBackWithItsETagAndTimestamp()
    {
        var table = await AzuriteTables.CreateAsync(storage);

        var etag = await table.AddEntityAsync(new TableEntity("p", "r") { ["Name"] = "first", ["Count"] = 3 }, None);
        var read = await table.GetEntityIfExistsAsync("p", "r", None);

        Assert.NotNull(read);
        Assert.Equal("p", read.PartitionKey);
        Assert.Equal("r", read.RowKey);
        Assert.Equal("first", read.GetString("Name"));
        Assert.Equal(3, read.GetInt32("Count"));
        Assert.NotEqual(default, etag);
        Assert.Equal(etag, read.ETag);
        Assert.NotNull(read.Timestamp);
    }

    [Fact]
    public async Task GetOfAMissingEntityReturnsNull()
    {
        var table = await AzuriteTables.CreateAsync(storage);

        Assert.Null(await table.GetEntityIfExistsAsync("p", "nobody", None));
    }

    [Fact]
    public async Task AddingAnExistingEntityFailsWith409()
    {
        var table = await AzuriteTables.CreateAsync(storage);
        await table.AddEntityAsync(new TableEntity("p", "r"), None);

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r"), None));

        Assert.Equal(409, failure.Status);
        Assert.Equal("EntityAlreadyExists", failure.ErrorCode);
    }

    [Fact]
    public async Task UpdateMergeWithTheCurrentETagChangesOnlyTheGivenProperties()
    {
        var table = await AzuriteTables.CreateAsync(storage);
        var first = await table.AddEntityAsync(new TableEntity("p", "r") { ["Name"] = "first", ["Kept"] = true }, None);

        var second = await table.UpdateEntityAsync(new TableEntity("p", "r") { ["Name"] = "second" }, first, TableUpdateMode.Merge, None);

        var read = await table.GetEntityIfExistsAsync("p", "r", None);
        Assert.NotNull(read);
        Assert.Equal("second", read.GetString("Name"));
        Assert.True(read.GetBoolean("Kept"));
        Assert.NotEqual(first, second);
        Assert.Equal(second, read.ETag);
    }

    [Fact]
    public async Task UpdateReplaceWithAStaleETagFailsWith412AndChangesNothing()
    {
        var table = await AzuriteTables.CreateAsync(storage);
        var stale = await table.AddEntityAsync(new TableEntity("p", "r") { ["Name"] = "first" }, None);
        await table.UpdateEntityAsync(new TableEntity("p", "r") { ["Name"] = "second" }, stale, TableUpdateMode.Replace, None);

        var failure = await Assert.ThrowsAsync<RequestFailedException>(
            () => table.UpdateEntityAsync(new TableEntity("p", "r") { ["Name"] = "third" }, stale, TableUpdateMode.Replace, None));

        Assert.Equal(412, failure.Status);
        Assert.Equal("second", (await table.GetEntityIfExistsAsync("p", "r", None))?.GetString("Name"));
    }

    [Fact]
    public async Task UpdateWithETagAllOverwritesWhateverIsThere()
    {
        var table = await AzuriteTables.CreateAsync(storage);
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Name"] = "first", ["Dropped"] = 1 }, None);
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["Name"] = "second", ["Dropped"] = 2 }, TableUpdateMode.Replace, None);

        var etag = await table.UpdateEntityAsync(new TableEntity("p", "r") { ["Name"] = "third" }, ETag.All, TableUpdateMode.Replace, None);

        var read = await table.GetEntityIfExistsAsync("p", "r", None);
        Assert.NotNull(read);
        Assert.Equal("third", read.GetString("Name"));
        Assert.Null(read["Dropped"]);
        Assert.Equal(etag, read.ETag);
    }

    [Fact]
    public async Task UpdateOfAMissingEntityFailsWith404()
    {
        var table = await AzuriteTables.CreateAsync(storage);

        var failure = await Assert.ThrowsAsync<RequestFailedException>(
            () => table.UpdateEntityAsync(new TableEntity("p", "nobody"), ETag.All, TableUpdateMode.Merge, None));

        Assert.Equal(404, failure.Status);
    }

    [Fact]
    public async Task UpdateAndDeleteRefuseAnUnstatedETag()
    {
        var table = await AzuriteTables.CreateAsync(storage);

        await Assert.ThrowsAsync<ArgumentException>(() => table.UpdateEntityAsync(new TableEntity("p", "r"), default, TableUpdateMode.Merge, None));
        await Assert.ThrowsAsync<ArgumentException>(() => table.DeleteEntityAsync("p", "r", default, None));
    }

    [Fact]
    public async Task UpsertMergeKeepsPropertiesItDoesNotName()
    {
        var table = await AzuriteTables.CreateAsync(storage);
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Name"] = "first", ["Kept"] = "yes" }, None);

        var etag = await table.UpsertEntityAsync(new TableEntity("p", "r") { ["Name"] = "second" }, TableUpdateMode.Merge, None);

        var read = await table.GetEntityIfExistsAsync("p", "r", None);
        Assert.NotNull(read);
        Assert.Equal("second", read.GetString("Name"));
        Assert.Equal("yes", read.GetString("Kept"));
        Assert.Equal(etag, read.ETag);
    }

    [Fact]
    public async Task UpsertReplaceDropsPropertiesItDoesNotName()
    {
        var table = await AzuriteTables.CreateAsync(storage);
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Name"] = "first", ["Dropped"] = "yes" }, None);

        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["Name"] = "second" }, TableUpdateMode.Replace, None);

        var read = await table.GetEntityIfExistsAsync("p", "r", None);
        Assert.NotNull(read);
        Assert.Equal("second", read.GetString("Name"));
        Assert.False(read.ContainsKey("Dropped"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UpsertInsertsAMissingEntity(bool merge)
    {
        var table = await AzuriteTables.CreateAsync(storage);
        var mode = merge ? TableUpdateMode.Merge : TableUpdateMode.Replace;

        await table.UpsertEntityAsync(new TableEntity("p", "new") { ["Name"] = "inserted" }, mode, None);

        Assert.Equal("inserted", (await table.GetEntityIfExistsAsync("p", "new", None))?.GetString("Name"));
    }

    [Fact]
    public async Task DeleteWithTheCurrentETagRemovesTheEntity()
    {
        var table = await AzuriteTables.CreateAsync(storage);
        var etag = await table.AddEntityAsync(new TableEntity("p", "r"), None);

        await table.DeleteEntityAsync("p", "r", etag, None);

        Assert.Null(await table.GetEntityIfExistsAsync("p", "r", None));
    }

    [Fact]
    public async Task DeleteWithAStaleETagFailsWith412AndKeepsTheEntity()
    {
        var table = await AzuriteTables.CreateAsync(storage);
        var stale = await table.AddEntityAsync(new TableEntity("p", "r") { ["Name"] = "first" }, None);
        await table.UpdateEntityAsync(new TableEntity("p", "r") { ["Name"] = "second" }, stale, TableUpdateMode.Merge, None);

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => table.DeleteEntityAsync("p", "r", stale, None));

        Assert.Equal(412, failure.Status);
        Assert.NotNull(await table.GetEntityIfExistsAsync("p", "r", None));
    }

    [Fact]
    public async Task DeleteOfAMissingEntityReturnsNormally()
    {
        var table = await AzuriteTables.CreateAsync(storage);

        await table.DeleteEntityAsync("p", "nobody", ETag.All, None);
        await table.DeleteEntityAsync("p", "nobody", new ETag("W/\"datetime'2020-01-01T00%3A00%3A00.0000000Z'\""), None);
    }

    [Theory]
    [InlineData("O'Brien", "it's")]
    [InlineData("with space", "and/slash? no: a #hash")]
    [InlineData("ünïcødé ☃", "%41 percent")]
    public async Task KeysThatNeedEscapingWorkForEveryOperation(string partitionKey, string rowKey)
    {
        // '/', '\', '#' and '?' are not allowed in keys; everything else must survive the URL and the signature.
        rowKey = rowKey.Replace("/", "-", StringComparison.Ordinal).Replace("?", "", StringComparison.Ordinal).Replace("#", "", StringComparison.Ordinal);
        var table = await AzuriteTables.CreateAsync(storage);

        var added = await table.AddEntityAsync(new TableEntity(partitionKey, rowKey) { ["N"] = 1 }, None);
        var updated = await table.UpdateEntityAsync(new TableEntity(partitionKey, rowKey) { ["N"] = 2 }, added, TableUpdateMode.Merge, None);
        var read = await table.GetEntityIfExistsAsync(partitionKey, rowKey, None);
        Assert.NotNull(read);
        Assert.Equal(partitionKey, read.PartitionKey);
        Assert.Equal(rowKey, read.RowKey);
        Assert.Equal(2, read.GetInt32("N"));

        var filtered = await ToListAsync(table.QueryAsync(TableFilter.Create($"PartitionKey eq {partitionKey} and RowKey eq {rowKey}")));
        Assert.Single(filtered);

        await table.SubmitTransactionAsync(
            [new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(partitionKey, rowKey) { ["N"] = 3 }, updated)], None);
        Assert.Equal(3, (await table.GetEntityIfExistsAsync(partitionKey, rowKey, None))?.GetInt32("N"));

        await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, None);
        Assert.Null(await table.GetEntityIfExistsAsync(partitionKey, rowKey, None));
    }

    [Fact]
    public void TableNamesAreCheckedBeforeAnyRequest()
    {
        var service = AzuriteTables.Service(storage);

        Assert.Throws<ArgumentException>(() => service.GetTableClient("1abc"));
        Assert.Throws<ArgumentException>(() => service.GetTableClient("ab"));
        Assert.Throws<ArgumentException>(() => service.GetTableClient("has-dash"));
        Assert.Throws<ArgumentException>(() => service.GetTableClient("Tables"));
        Assert.Equal("keys", service.GetTableClient("keys").Name);
    }

    private static async Task<List<TableEntity>> ToListAsync(AsyncPageable<TableEntity> query)
    {
        var list = new List<TableEntity>();
        await foreach (var entity in query)
        {
            list.Add(entity);
        }

        return list;
    }
}
