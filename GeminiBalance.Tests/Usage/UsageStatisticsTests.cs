using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using GeminiBalance.Hosting;
using GeminiBalance.Keys;
using GeminiBalance.Storage;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;
using GeminiBalance.Usage;

namespace GeminiBalance.Tests.Usage;

/// <summary>Usage statistics end to end: the real app on Kestrel, the emulated upstream, Azurite.</summary>
[Collection(ProxyCollection.Name)]
public sealed class UsageStatisticsTests(AzuriteFixture storage)
{
    private const string Body = """{"contents":[{"parts":[{"text":"count these four words"}]}]}""";

    [Fact]
    public async Task StatisticsMatchWhatTheUpstreamReceivedAndTheTokensTheClientsWereTold()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("stats-good", new KeyBehavior.Good());
        upstream.SetKey("stats-busy", new KeyBehavior.Unavailable());
        upstream.SetKey("stats-bad", new KeyBehavior.Invalid());
        upstream.StreamChunkCount = 3;
        await using var proxy = await ProxyHost.StartAsync(
            upstream, storage, ["stats-good", "stats-busy", "stats-bad"], new Dictionary<string, string?> { [SettingNames.MaxFailures] = "1000" });

        long promptTokens = 0, outputTokens = 0, totalTokens = 0;
        foreach (var path in new[] { "gemini-2.5-flash:generateContent", "gemini-2.5-flash:streamGenerateContent?alt=sse", "gemini-2.5-pro:streamGenerateContent" })
        {
            for (var i = 0; i < 3; i++)
            {
                using var response = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, "v1beta/models/" + path, Body));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var usage = LastUsageMetadata(await response.Content.ReadAsStringAsync());
                promptTokens += usage.GetProperty("promptTokenCount").GetInt64();
                outputTokens += usage.GetProperty("candidatesTokenCount").GetInt64();
                totalTokens += usage.GetProperty("totalTokenCount").GetInt64();
            }
        }

        // The bad key is set aside after its first failure; the busy one keeps failing and keeps being tried.
        await proxy.GetService<UsageFlusher>().WriteOnceAsync(CancellationToken.None);
        var report = await proxy.GetService<UsageStatistics>().GetAsync(UsageStatistics.LastHour, CancellationToken.None);

        Assert.Equal(upstream.Requests.Count, report.Totals.Calls);
        Assert.Equal(9, report.Totals.Successes);
        Assert.Equal(upstream.Requests.Count - 9, report.Totals.Failures);
        Assert.Equal((promptTokens, outputTokens, totalTokens), (report.Totals.PromptTokens, report.Totals.OutputTokens, report.Totals.TotalTokens));
        foreach (var key in new[] { "stats-good", "stats-busy", "stats-bad" })
        {
            var line = Assert.Single(report.PerKey, line => line.Name == PoolKey.From(key).Id);
            Assert.Equal(upstream.Requests.Count(request => request.Key == key), line.Counts.Calls);
        }

        Assert.Equal(9, Assert.Single(report.PerKey, line => line.Name == PoolKey.From("stats-good").Id).Counts.Successes);
        Assert.Equal(1, Assert.Single(report.PerKey, line => line.Name == PoolKey.From("stats-bad").Id).Counts.Failures);
        Assert.Equal([PoolKey.From("stats-busy").Id, PoolKey.From("stats-bad").Id], report.TopFailingKeys.Select(line => line.Name));
        Assert.Equal(6, Assert.Single(report.PerModel, line => line.Name == "gemini-2.5-flash").Counts.Successes);
        Assert.Equal(3, Assert.Single(report.PerModel, line => line.Name == "gemini-2.5-pro").Counts.Successes);
    }

    [Fact]
    public async Task AClientErrorCountsAsACallButNotAgainstTheKey()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("stats-client-error", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["stats-client-error"]);

        using var response = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, "v1beta/models/no-such-model:generateContent", Body));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        await proxy.GetService<UsageFlusher>().WriteOnceAsync(CancellationToken.None);
        var report = await proxy.GetService<UsageStatistics>().GetAsync(UsageStatistics.LastMinute, CancellationToken.None);
        Assert.Equal(new UsageCounts(Calls: 1, 0, Failures: 0, ClientErrors: 1, 0, 0, 0, 0), report.Totals);
        Assert.Empty(report.TopFailingKeys);
    }

    [Fact]
    public async Task RowsFromTwoInstancesAreKeptApartAndSummed()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("stats-shared", new KeyBehavior.Good());
        await using var instances = await ProxyInstances.StartAsync(2, upstream, storage, ["stats-shared"]);

        for (var i = 0; i < 5; i++)
        {
            var instance = instances[i % 2];
            using var response = await instance.Client.SendAsync(instance.Request(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:generateContent", Body));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Flushing twice must not count twice: each instance replaces its own row with its running total.
        foreach (var instance in instances.Concat(instances))
        {
            await instance.GetService<UsageFlusher>().WriteOnceAsync(CancellationToken.None);
        }

        var rows = await ReadAllAsync(instances[0], instances[0].GetService<StorageTables>().Usage);
        Assert.Equal(2, rows.Select(row => row.GetString("Instance")).Distinct().Count());
        Assert.Equal([2L, 3L], rows.Select(row => row.GetInt64("Successes") ?? 0).Order());
        foreach (var instance in instances)
        {
            var report = await instance.GetService<UsageStatistics>().GetAsync(UsageStatistics.LastDay, CancellationToken.None);
            Assert.Equal(5, report.Totals.Successes);
            Assert.Equal(5, report.Totals.Calls);
        }
    }

    [Fact]
    public async Task AFailedFlushKeepsTheCountsForTheNextOne()
    {
        var prefix = ProxyHost.NewTablePrefix();
        var usage = new UsageAggregator(TimeProvider.System);
        var instance = InstanceIdentity.NewRandom();
        var reachable = new TableUsageStore(AzuriteService(), new StorageTables(prefix));
        var unreachable = new TableUsageStore(UnreachableService(), new StorageTables(prefix));
        usage.RecordSuccess("key1", "m", new GeminiBalance.Upstream.TokenUsage(3, 4, 0, 7));
        usage.RecordFailure("key1", "m", clientError: false);

        var failing = new UsageFlusher(usage, unreachable, instance, TestMetrics.New(), Microsoft.Extensions.Logging.Abstractions.NullLogger<UsageFlusher>.Instance);
        await Assert.ThrowsAnyAsync<Exception>(() => failing.WriteOnceAsync(CancellationToken.None));

        var working = new UsageFlusher(usage, reachable, instance, TestMetrics.New(), Microsoft.Extensions.Logging.Abstractions.NullLogger<UsageFlusher>.Instance);
        await working.WriteOnceAsync(CancellationToken.None);
        usage.RecordSuccess("key1", "m", new GeminiBalance.Upstream.TokenUsage(1, 1, 0, 2));
        await working.WriteOnceAsync(CancellationToken.None);
        await working.WriteOnceAsync(CancellationToken.None);

        var stored = new List<UsageCounts>();
        await foreach (var (_, counts) in reachable.ReadSinceAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None))
        {
            stored.Add(counts);
        }

        Assert.Equal(new UsageCounts(Calls: 3, Successes: 2, Failures: 1, ClientErrors: 0, PromptTokens: 4, OutputTokens: 5, ThoughtTokens: 0, TotalTokens: 9), Assert.Single(stored));
    }

    internal static async Task<List<TableEntity>> ReadAllAsync(ProxyHost proxy, string table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in proxy.GetService<TableServiceClient>().GetTableClient(table).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    private TableServiceClient AzuriteService() => new(storage.ConnectionString);

    // A real connection refused: Azurite's account on a loopback port nobody listens on, with no retries.
    private static TableServiceClient UnreachableService()
    {
        var port = LoopbackPorts.ReserveFree(1)[0];
        var connectionString = $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};TableEndpoint=http://127.0.0.1:{port}/{AzuriteFixture.AccountName};";
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        return new TableServiceClient(connectionString, options);
    }

    /// <summary>The usageMetadata the client was shown last: of the whole document, the last SSE event or the last array element.</summary>
    private static JsonElement LastUsageMetadata(string body)
    {
        var documents = body.TrimStart().StartsWith("data:", StringComparison.Ordinal)
            ? body.Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries).Select(line => line["data:".Length..])
            : [body];
        var last = JsonDocument.Parse(documents.Last()).RootElement;
        if (last.ValueKind == JsonValueKind.Array)
        {
            last = last[last.GetArrayLength() - 1];
        }

        return last.GetProperty("usageMetadata").Clone();
    }
}
