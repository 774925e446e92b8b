using Azure;
using GeminiBalance.Storage;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Storage;

[Collection(ProxyCollection.Name)]
public sealed class TableTransactionTests(AzuriteFixture storage)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task ATransactionOfThreeActionsAppliesThemAll()
    {
        var table = await AzuriteTables.CreateAsync(storage);
        var existing = await table.AddEntityAsync(new TableEntity("p", "existing") { ["Name"] = "old", ["Kept"] = 1 }, None);
        await table.AddEntityAsync(new TableEntity("p", "doomed"), None);

        await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "added") { ["Name"] = "added" }),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "existing") { ["Name"] = "new" }, existing),
            new(TableTransactionActionType.Delete, new TableEntity("p", "doomed"), ETag.All),
        ], None);

        Assert.Equal("added", (await table.GetEntityIfExistsAsync("p", "added", None))?.GetString("Name"));
        var updated = await table.GetEntityIfExistsAsync("p", "existing", None);
        Assert.Equal("new", updated?.GetString("Name"));
        Assert.Equal(1, updated?.GetInt32("Kept"));
        Assert.Null(await table.GetEntityIfExistsAsync("p", "doomed", None));
    }

    [Fact]
    public async Task EveryActionTypeWorksInATransaction()
    {
        var table = await AzuriteTables.CreateAsync(storage);
        var merge = await table.AddEntityAsync(new TableEntity("p", "merge") { ["A"] = 1, ["B"] = 1 }, None);
        var replace = await table.AddEntityAsync(new TableEntity("p", "replace") { ["A"] = 1, ["B"] = 1 }, None);
        await table.AddEntityAsync(new TableEntity("p", "upsert-merge") { ["A"] = 1, ["B"] = 1 }, None);
        await table.AddEntityAsync(new TableEntity("p", "upsert-replace") { ["A"] = 1, ["B"] = 1 }, None);
        var delete = await table.AddEntityAsync(new TableEntity("p", "delete"), None);

        await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "add") { ["A"] = 2 }),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "merge") { ["A"] = 2 }, merge),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "replace") { ["A"] = 2 }, replace),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "upsert-merge") { ["A"] = 2 }),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "upsert-replace") { ["A"] = 2 }),
            new(TableTransactionActionType.Delete, new TableEntity("p", "delete"), delete),
        ], None);

        Assert.Equal(2, (await table.GetEntityIfExistsAsync("p", "add", None))?.GetInt32("A"));
        Assert.Equal(1, (await table.GetEntityIfExistsAsync("p", "merge", None))?.GetInt32("B"));
        Assert.Null((await table.GetEntityIfExistsAsync("p", "replace", None))?["B"]);
        Assert.Equal(1, (await table.GetEntityIfExistsAsync("p", "upsert-merge", None))?.GetInt32("B"));
        Assert.Null((await table.GetEntityIfExistsAsync("p", "upsert-replace", None))?["B"]);
        Assert.Equal(2, (await table.GetEntityIfExistsAsync("p", "upsert-replace", None))?.GetInt32("A"));
        Assert.Null(await table.GetEntityIfExistsAsync("p", "delete", None));
    }

    [Fact]
    public async Task AFailedAddRollsBackTheWholeTransactionWith409()
    {
        var table = await AzuriteTables.CreateAsync(storage);
        await table.AddEntityAsync(new TableEntity("p", "taken") { ["Name"] = "original" }, None);
        await table.AddEntityAsync(new TableEntity("p", "kept") { ["Name"] = "original" }, None);

        var failure = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "new")),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "kept") { ["Name"] = "changed" }),
            new(TableTransactionActionType.Add, new TableEntity("p", "taken") { ["Name"] = "duplicate" }),
        ], None));

        Assert.Equal(409, failure.Status);
        Assert.Equal("EntityAlreadyExists", failure.ErrorCode);
        Assert.Equal(2, failure.FailedTransactionActionIndex);
        Assert.IsAssignableFrom<RequestFailedException>(failure);
        Assert.Null(await table.GetEntityIfExistsAsync("p", "new", None));
        Assert.Equal("original", (await table.GetEntityIfExistsAsync("p", "kept", None))?.GetString("Name"));
        Assert.Equal("original", (await table.GetEntityIfExistsAsync("p", "taken", None))?.GetString("Name"));
    }

    [Fact]
    public async Task AStaleETagFailsTheTransactionWith412()
    {
        var table = await AzuriteTables.CreateAsync(storage);
        var stale = await table.AddEntityAsync(new TableEntity("p", "r") { ["Name"] = "first" }, None);
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["Name"] = "second" }, TableUpdateMode.Merge, None);

        var failure = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "other")),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "r") { ["Name"] = "third" }, stale),
        ], None));

        Assert.Equal(412, failure.Status);
        Assert.Equal(1, failure.FailedTransactionActionIndex);
        Assert.Null(await table.GetEntityIfExistsAsync("p", "other", None));
        Assert.Equal("second", (await table.GetEntityIfExistsAsync("p", "r", None))?.GetString("Name"));
    }

    [Fact]
    public async Task ActionsAreCheckedBeforeAnythingIsSent()
    {
        var table = await AzuriteTables.CreateAsync(storage);

        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync([], None));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "1")),
            new(TableTransactionActionType.Add, new TableEntity("q", "2")),
        ], None));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(
            [new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "1"))], None));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(
            Enumerable.Range(0, 101).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"{i}"))), None));
    }

    [Fact]
    public async Task AHundredActionsFitInOneTransaction()
    {
        var table = await AzuriteTables.CreateAsync(storage);

        await table.SubmitTransactionAsync(
            Enumerable.Range(0, 100).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"{i:D3}") { ["I"] = i })), None);

        var count = 0;
        await foreach (var _ in table.QueryAsync())
        {
            count++;
        }

        Assert.Equal(100, count);
    }
}
