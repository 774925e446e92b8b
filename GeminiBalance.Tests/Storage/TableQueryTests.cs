using Azure;
using GeminiBalance.Storage;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Storage;

[Collection(ProxyCollection.Name)]
public sealed class TableQueryTests(AzuriteFixture storage)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task FilterBuiltWithTableFilterMatchesAValueContainingAQuote()
    {
        var table = await AzuriteTables.CreateAsync(storage);
        await table.AddEntityAsync(new TableEntity("p", "1") { ["Owner"] = "O'Brien", ["Score"] = 5L }, None);
        await table.AddEntityAsync(new TableEntity("p", "2") { ["Owner"] = "OBrien", ["Score"] = 5L }, None);
        await table.AddEntityAsync(new TableEntity("p", "3") { ["Owner"] = "O'Brien", ["Score"] = 1L }, None);
        var owner = "O'Brien";

        var found = await ToListAsync(table.QueryAsync(TableFilter.Create($"Owner eq {owner} and Score ge {4L}")));

        var only = Assert.Single(found);
        Assert.Equal("1", only.RowKey);
        Assert.NotEqual(default, only.ETag);
    }

    [Fact]
    public async Task FilterOnDatesGuidsAndBooleansUsesTypedLiterals()
    {
        var table = await AzuriteTables.CreateAsync(storage);
        var id = Guid.NewGuid();
        var noon = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
        await table.AddEntityAsync(new TableEntity("p", "early") { ["At"] = noon.AddHours(-1), ["Id"] = id, ["On"] = true }, None);
        await table.AddEntityAsync(new TableEntity("p", "late") { ["At"] = noon.AddHours(1), ["Id"] = id, ["On"] = true }, None);
        await table.AddEntityAsync(new TableEntity("p", "other") { ["At"] = noon.AddHours(1), ["Id"] = Guid.NewGuid(), ["On"] = true }, None);
        await table.AddEntityAsync(new TableEntity("p", "off") { ["At"] = noon.AddHours(1), ["Id"] = id, ["On"] = false }, None);

        var found = await ToListAsync(table.QueryAsync(TableFilter.Create($"At gt {noon} and Id eq {id} and On eq {true}")));

        Assert.Equal("late", Assert.Single(found).RowKey);
    }

    [Fact]
    public async Task PagesOfTwoReturnAllFiveEntitiesAcrossAtLeastThreePages()
    {
        var table = await AzuriteTables.CreateAsync(storage);
        for (var i = 0; i < 5; i++)
        {
            await table.AddEntityAsync(new TableEntity("p", $"{i}") { ["I"] = i }, None);
        }

        var pages = new List<Page<TableEntity>>();
        await foreach (var page in table.QueryAsync(maxPerPage: 2).AsPages())
        {
            pages.Add(page);
        }

        Assert.True(pages.Count >= 3, $"{pages.Count} pages");
        Assert.All(pages, page => Assert.True(page.Values.Count <= 2));
        Assert.Equal(["0", "1", "2", "3", "4"], pages.SelectMany(page => page.Values).Select(entity => entity.RowKey).Order());
        Assert.Null(pages[^1].ContinuationToken);

        // Enumerating entities follows the same continuation.
        Assert.Equal(5, (await ToListAsync(table.QueryAsync(maxPerPage: 2))).Count);
    }

    [Fact]
    public async Task AContinuationTokenResumesWhereThePageEnded()
    {
        var table = await AzuriteTables.CreateAsync(storage);
        for (var i = 0; i < 5; i++)
        {
            await table.AddEntityAsync(new TableEntity("p", $"{i}"), None);
        }

        string? token = null;
        await foreach (var page in table.QueryAsync(maxPerPage: 2).AsPages())
        {
            token = page.ContinuationToken;
            break;
        }

        var rest = new List<string>();
        await foreach (var page in table.QueryAsync(maxPerPage: 2).AsPages(token))
        {
            rest.AddRange(page.Values.Select(entity => entity.RowKey));
        }

        Assert.NotNull(token);
        Assert.Equal(["2", "3", "4"], rest);
    }

    [Fact]
    public async Task SelectReturnsOnlyTheNamedProperties()
    {
        var table = await AzuriteTables.CreateAsync(storage);
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Name"] = "n", ["Secret"] = "s", ["Count"] = 1 }, None);

        var found = await ToListAsync(table.QueryAsync(select: ["Name", "Count"]));

        var only = Assert.Single(found);
        Assert.Equal("n", only.GetString("Name"));
        Assert.Equal(1, only.GetInt32("Count"));
        Assert.False(only.ContainsKey("Secret"));
    }

    [Fact]
    public async Task AnEmptyTableYieldsNoEntities()
    {
        var table = await AzuriteTables.CreateAsync(storage);

        Assert.Empty(await ToListAsync(table.QueryAsync()));
    }

    [Fact]
    public async Task QueryingAMissingTableFailsWith404()
    {
        var table = AzuriteTables.Service(storage).GetTableClient(AzuriteTables.UniqueName());

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => ToListAsync(table.QueryAsync()));

        Assert.Equal(404, failure.Status);
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
