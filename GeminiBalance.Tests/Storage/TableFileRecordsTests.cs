using GeminiBalance.Files;
using GeminiBalance.Storage;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Storage;

/// <summary>File records against a real Azurite: point reads per client, paged listing, deletion, expiry scan.</summary>
[Collection(ProxyCollection.Name)]
public sealed class TableFileRecordsTests(AzuriteFixture storage)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RecordIsFoundOnlyByTheClientThatUploadedIt()
    {
        var records = Create();
        var saved = Record("client-a", "abc-123", Now.AddHours(48));

        await records.SaveAsync(saved, None);

        Assert.Equal(saved, await records.FindAsync("client-a", "abc-123", None));
        Assert.Null(await records.FindAsync("client-b", "abc-123", None));
        Assert.Equal("files/abc-123", saved.Name);
    }

    [Fact]
    public async Task ListingPagesThroughOneClientsRecordsOnly()
    {
        var records = Create();
        for (var i = 0; i < 5; i++)
        {
            await records.SaveAsync(Record("client-a", $"a-{i}", Now.AddHours(1)), None);
        }

        await records.SaveAsync(Record("client-b", "b-0", Now.AddHours(1)), None);

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await records.ListAsync("client-a", 2, token, None);
            Assert.InRange(page.Records.Count, 1, 2);
            seen.AddRange(page.Records.Select(record => record.FileId));
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(["a-0", "a-1", "a-2", "a-3", "a-4"], seen);
        await Assert.ThrowsAsync<FormatException>(() => records.ListAsync("client-a", 2, "not base64 !", None));
    }

    [Fact]
    public async Task DeleteForgetsTheRecordAndToleratesAMissingOne()
    {
        var records = Create();
        await records.SaveAsync(Record("client-a", "gone", Now), None);

        await records.DeleteAsync("client-a", "gone", None);
        await records.DeleteAsync("client-a", "gone", None);

        Assert.Null(await records.FindAsync("client-a", "gone", None));
    }

    [Fact]
    public async Task ExpiredScanFindsOnlyRecordsPastTheirExpiryAcrossClients()
    {
        var records = Create();
        await records.SaveAsync(Record("client-a", "old", Now.AddMinutes(-1)), None);
        await records.SaveAsync(Record("client-b", "older", Now.AddDays(-1)), None);
        await records.SaveAsync(Record("client-a", "fresh", Now.AddMinutes(1)), None);

        var expired = new List<string>();
        await foreach (var record in records.ExpiredAsync(Now, None))
        {
            expired.Add(record.Name);
        }

        Assert.Equal(["files/old", "files/older"], expired.Order());
    }

    private TableFileRecords Create() => new(AzuriteTables.Service(storage), new StorageTables(AzuriteTables.UniqueName()));

    private static FileRecord Record(string client, string id, DateTimeOffset expiresAt) =>
        new(client, id, "0123456789ab", expiresAt, $$"""{"name":"files/{{id}}","mimeType":"text/plain"}""");
}
