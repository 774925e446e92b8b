using Azure;
using Azure.Core;
using Azure.Data.Tables;
using GeminiBalance.Storage;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Storage;

/// <summary>
/// <see cref="RowUpdate"/> against Azurite, with another writer's change put between the read and the conditional
/// write: the write is refused (412 on a stale ETag, 409 when both insert), the row read again and the change
/// re-applied on top, so neither change is lost; and conflicts without end are bounded.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class RowUpdateTests(AzuriteFixture storage)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(true, 412)]
    [InlineData(false, 409)]
    public async Task AWriteBetweenTheReadAndTheWriteIsKeptAndTheChangeAppliedOnTopOfIt(bool rowExists, int conflict)
    {
        var traffic = new TableTraffic();
        var (table, other) = await TablesAsync(traffic);
        if (rowExists)
        {
            await other.AddEntityAsync(Counter(1));
        }

        // The other instance writes once, just before this one's first write goes out.
        var interfered = false;
        traffic.Before = async request =>
        {
            if (!interfered && IsWrite(request))
            {
                interfered = true;
                await other.UpsertEntityAsync(Counter(10), TableUpdateMode.Replace);
            }
        };

        var wrote = await RowUpdate.ApplyAsync(table, "p", "r", Increment, None);

        Assert.True(wrote);
        Assert.Equal(11, (await table.FindAsync("p", "r", None))?.GetInt32("Count"));
        Assert.Equal([conflict, 204], traffic.Seen.Where(seen => seen.Conditional || IsInsert(seen)).Select(seen => seen.Status));
    }

    [Fact]
    public async Task ConflictsWithoutEndAreBoundedAndTheLastIsThrown()
    {
        var traffic = new TableTraffic();
        var (table, other) = await TablesAsync(traffic);
        await other.AddEntityAsync(Counter(1));
        var next = 100;
        traffic.Before = async request =>
        {
            if (IsWrite(request))
            {
                await other.UpsertEntityAsync(Counter(next++), TableUpdateMode.Replace);
            }
        };

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => RowUpdate.ApplyAsync(table, "p", "r", Increment, None));

        Assert.Equal(412, failure.Status);
        Assert.Equal(RowUpdate.MaxAttempts, traffic.Seen.Count(seen => seen.Conditional));
    }

    [Fact]
    public async Task NoChangeMeansNoWrite()
    {
        var traffic = new TableTraffic();
        var (table, other) = await TablesAsync(traffic);
        await other.AddEntityAsync(Counter(1));

        var wrote = await RowUpdate.ApplyAsync(table, "p", "r", _ => null, None);

        Assert.False(wrote);
        Assert.Equal(["GET"], traffic.Seen.Select(seen => seen.Method));
    }

    // The store's client (through the traffic policy) and another instance's, on one new table.
    private async Task<(TableClient Table, TableClient Other)> TablesAsync(TableTraffic traffic)
    {
        var other = await AzuriteTables.CreateAsync(storage);
        return (TableTraffic.Client(storage.ConnectionString, traffic).GetTableClient(other.Name), other);
    }

    private static TableEntity Increment(TableEntity? current) => Counter((current?.GetInt32("Count") ?? 0) + 1);

    private static TableEntity Counter(int count) => new("p", "r") { ["Count"] = count };

    // An update carries If-Match; an insert is a POST to the table itself.
    private static bool IsWrite(Request request) =>
        request.Headers.TryGetValue("If-Match", out _) || (request.Method == RequestMethod.Post && !request.Uri.Path.EndsWith("/Tables", StringComparison.Ordinal));

    private static bool IsInsert((string Method, string Path, bool Conditional, int Status) seen) =>
        seen.Method == "POST" && !seen.Path.EndsWith("/Tables", StringComparison.Ordinal);
}
