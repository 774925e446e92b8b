using System.Net;
using System.Text;
using Azure.Data.Tables;
using GeminiBalance.Auth;
using GeminiBalance.Errors;
using GeminiBalance.Hosting;
using GeminiBalance.Keys;
using GeminiBalance.Storage;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;
using GeminiBalance.Usage;

namespace GeminiBalance.Tests.Usage;

/// <summary>The request and error logs end to end: the real app on Kestrel, the emulated upstream, Azurite.</summary>
[Collection(ProxyCollection.Name)]
public sealed class UsageLogTests(AzuriteFixture storage)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string ClientId = ShortId.From(ProxyHost.ClientToken);

    [Fact]
    public async Task OneRoundWritesMoreThanOneWritesWorthSoTheLogKeepsUpWithBusyInstances()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["log-busy"]);
        var queue = proxy.GetService<LogQueue<RequestLogEntry>>();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 4_500; i++)
        {
            queue.Add(new RequestLogEntry(now, ClientId, ApiProtocol.Gemini, "/v1beta/models/m:generateContent", "m", 200, 1, 1, null, null));
        }

        await proxy.GetService<UsageLogWriter>().WriteOnceAsync(None);

        Assert.Equal(0, queue.Count);
        var logs = proxy.GetService<UsageLogReader>();
        var (read, token) = (0, (string?)null);
        do
        {
            var page = await logs.ReadRequestsAsync(LogFilter.None, 1_000, token, None);
            read += page.Items.Count;
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(4_500, read);
    }

    [Fact]
    public async Task EachRequestAndEachFailedAttemptIsLoggedNewestFirstWithItsFields()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("log-bad", new KeyBehavior.Invalid());
        upstream.SetKey("log-good", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["log-bad", "log-good"]);
        var (bad, good) = (PoolKey.From("log-bad").Id, PoolKey.From("log-good").Id);

        await SendAsync(proxy, "v1beta/models/gemini-2.5-flash:generateContent", HttpStatusCode.OK);
        await SendAsync(proxy, "v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", HttpStatusCode.OK);
        await SendAsync(proxy, "v1beta/models/no-such-model:generateContent", HttpStatusCode.NotFound);
        await proxy.GetService<UsageLogWriter>().WriteOnceAsync(None);
        var logs = proxy.GetService<UsageLogReader>();

        var requests = (await logs.ReadRequestsAsync(LogFilter.None, 100, null, None)).Items;
        Assert.Equal([404, 200, 200], requests.Select(entry => entry.StatusCode));
        Assert.Equal(
            ["/v1beta/models/no-such-model:generateContent", "/v1beta/models/gemini-2.5-flash:streamGenerateContent", "/v1beta/models/gemini-2.5-flash:generateContent"],
            requests.Select(entry => entry.Path));
        Assert.Equal(["no-such-model", "gemini-2.5-flash", "gemini-2.5-flash"], requests.Select(entry => entry.Model));
        Assert.Equal([1, 1, 2], requests.Select(entry => entry.Attempts));
        Assert.All(requests, entry => Assert.Equal((ClientId, ApiProtocol.Gemini, good), (entry.ClientId, entry.Protocol, entry.KeyId)));
        Assert.True(requests[0].Time >= requests[1].Time && requests[1].Time >= requests[2].Time);
        Assert.Null(requests[0].Tokens);
        Assert.Equal(upstream.StreamChunkCount * 2, requests[1].Tokens?.Candidates);
        Assert.True(requests[2].Tokens?.Total > 0);

        var errors = (await logs.ReadErrorsAsync(LogFilter.None, 100, null, None)).Items;
        Assert.Equal([(good, 404, FailureKind.ClientError), (bad, 400, FailureKind.KeyInvalid)], errors.Select(entry => (entry.KeyId, entry.StatusCode, entry.Kind)));
        Assert.Equal("API_KEY_INVALID", errors[1].Reason);
        Assert.Contains("API key not valid", errors[1].ErrorBody);
        Assert.All(errors, entry => Assert.Equal(ClientId, entry.ClientId));
        Assert.All(errors, entry => Assert.Null(entry.RequestBody));

        Assert.Equal(bad, Assert.Single((await logs.ReadErrorsAsync(new LogFilter(KeyId: bad), 100, null, None)).Items).KeyId);
        Assert.Equal(404, Assert.Single((await logs.ReadErrorsAsync(new LogFilter(StatusCode: 404), 100, null, None)).Items).StatusCode);
        Assert.Equal(400, Assert.Single((await logs.ReadErrorsAsync(new LogFilter(Model: "gemini-2.5-flash"), 100, null, None)).Items).StatusCode);
        Assert.Equal(2, (await logs.ReadRequestsAsync(new LogFilter(StatusCode: 200), 100, null, None)).Items.Count);
        Assert.Empty((await logs.ReadErrorsAsync(new LogFilter(Since: errors[0].Time.AddTicks(1)), 100, null, None)).Items);
        Assert.Equal(errors[1], Assert.Single((await logs.ReadErrorsAsync(new LogFilter(Until: errors[1].Time), 100, null, None)).Items));
        Assert.Equal(errors[0], Assert.Single((await logs.ReadErrorsAsync(new LogFilter(Since: errors[0].Time), 100, null, None)).Items));

        // One row a page: the same rows in the same order, then no token.
        Assert.Equal(requests, await ReadAllPagesAsync(logs, pageSize: 1));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TheRequestBodyIsKeptOnlyWhenAskedAndNeverWithASecret(bool record)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("log-body-bad", new KeyBehavior.Invalid());
        upstream.SetKey("log-body-good", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(
            upstream, storage, ["log-body-bad", "log-body-good"], new Dictionary<string, string?> { [SettingNames.ErrorLogRecordRequestBody] = record ? "true" : "false", [SettingNames.SafetySettings] = "[]" });

        var body = $$"""{"contents":[{"parts":[{"text":"my token is {{ProxyHost.ClientToken}} and a key: log-body-good."}]}]}""";
        using var response = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:generateContent", body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await proxy.GetService<UsageLogWriter>().WriteOnceAsync(None);

        var error = Assert.Single((await proxy.GetService<UsageLogReader>().ReadErrorsAsync(LogFilter.None, 10, null, None)).Items);
        if (record)
        {
            Assert.Equal("""{"contents":[{"parts":[{"text":"my token is [redacted] and a key: [redacted]."}]}]}""", error.RequestBody);
        }
        else
        {
            Assert.Null(error.RequestBody);
        }
    }

    [Fact]
    public async Task NoStoredRowHoldsAPoolKeyOrAClientToken()
    {
        string[] keys = ["AIzaSecretGood0001", "AIzaSecretBusy0002", "AIzaSecretBad00003"];
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(keys[0], new KeyBehavior.Good());
        upstream.SetKey(keys[1], new KeyBehavior.Unavailable());
        upstream.SetKey(keys[2], new KeyBehavior.Invalid());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, keys, new Dictionary<string, string?> { [SettingNames.ErrorLogRecordRequestBody] = "true" });

        var body = $$"""{"contents":[{"parts":[{"text":"{{string.Join(' ', keys)}} {{ProxyHost.ClientToken}}"}]}]}""";
        foreach (var path in new[] { "gemini-2.5-flash:generateContent", "gemini-2.5-flash:streamGenerateContent?alt=sse", "no-such-model:generateContent" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"v1beta/models/{path}{(path.Contains('?') ? '&' : '?')}key={ProxyHost.ClientToken}")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            using var response = await proxy.Client.SendAsync(request);
        }

        await proxy.GetService<UsageLogWriter>().WriteOnceAsync(None);
        await proxy.GetService<UsageFlusher>().WriteOnceAsync(None);
        await proxy.GetService<KeyStateSync>().SyncOnceAsync(None);

        var tables = proxy.GetService<StorageTables>();
        var rows = new List<TableEntity>();
        foreach (var table in new[] { tables.Keys, tables.Usage, tables.RequestLog, tables.ErrorLog })
        {
            rows.AddRange(await UsageStatisticsTests.ReadAllAsync(proxy, table));
        }

        Assert.Contains(rows, row => row.GetString("RequestBody") is { } recorded && recorded.Contains(SecretRedactor.Mask, StringComparison.Ordinal));
        foreach (var row in rows)
        {
            var text = string.Join('\n', row.Select(property => property.Value?.ToString()).Prepend(row.RowKey).Prepend(row.PartitionKey));
            foreach (var secret in keys.Append(ProxyHost.ClientToken))
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task PagesRunNewestFirstAcrossDaysAndRetentionDeletesOnlyOldDays()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [], new Dictionary<string, string?>
        {
            [SettingNames.AutoDeleteRequestLogsEnabled] = "true",
            [SettingNames.AutoDeleteRequestLogsDays] = "7",
            [SettingNames.AutoDeleteErrorLogsDays] = "0",
            [SettingNames.UsageRetentionDays] = "30",
        });
        var now = DateTimeOffset.UtcNow;
        var times = new[] { 0, 1, 3, 8, 20 }.SelectMany(days => new[] { now.AddDays(-days), now.AddDays(-days).AddMinutes(-1) }).ToArray();
        var logTables = proxy.GetService<LogTables>();
        var suffix = 0;
        await logTables.Requests.WriteAsync(times.Select(time => RequestLogEntity.From(RequestAt(time), $"s{suffix++}")).ToList(), None);
        await logTables.Errors.WriteAsync(times.Select(time => ErrorLogEntity.From(ErrorAt(time), $"s{suffix++}")).ToList(), None);
        var usage = proxy.GetService<TableUsageStore>();
        await usage.WriteAsync(
            new[] { 0, 29, 31 }.Select(days => (new UsageBucket(UsageAggregator.MinuteOf(now.AddDays(-days)), "k", "m"), new UsageCounts(1, 1, 0, 0, 0, 0, 0, 0))), "i1", None);

        var logs = proxy.GetService<UsageLogReader>();
        Assert.Equal(times.OrderDescending(), (await ReadAllPagesAsync(logs, pageSize: 3)).Select(entry => entry.Time));
        var lastWeek = (await logs.ReadRequestsAsync(new LogFilter(Since: now.AddDays(-7), Until: now.AddDays(-2)), 100, null, None)).Items;
        Assert.Equal(times.Where(time => time >= now.AddDays(-7) && time <= now.AddDays(-2)).OrderDescending(), lastWeek.Select(entry => entry.Time));

        // What the log-retention timer runs, whichever host fires it.
        Assert.True(await proxy.GetService<LogRetention>().RunAsync(None) > 0);

        var firstKeptDay = now.UtcDateTime.Date.AddDays(-7);
        Assert.Equal(times.Where(time => time >= firstKeptDay).OrderDescending(), (await ReadAllPagesAsync(logs, pageSize: 100)).Select(entry => entry.Time));
        Assert.Equal(times.Length, (await logs.ReadErrorsAsync(LogFilter.None, 100, null, None)).Items.Count);
        var usageLeft = await UsageStatisticsTests.ReadAllAsync(proxy, proxy.GetService<StorageTables>().Usage);
        Assert.Equal(2, usageLeft.Count);
    }

    [Fact]
    public async Task AForgedContinuationTokenOrPageSizeIsRefused()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, []);
        var logs = proxy.GetService<UsageLogReader>();
        await proxy.GetService<LogTables>().Requests.WriteAsync([RequestLogEntity.From(RequestAt(DateTimeOffset.UtcNow), "x")], None);

        await Assert.ThrowsAsync<FormatException>(() => logs.ReadRequestsAsync(LogFilter.None, 10, "not a token", None));
        await Assert.ThrowsAsync<FormatException>(() => logs.ReadRequestsAsync(LogFilter.None, 10, Convert.ToBase64String(Encoding.UTF8.GetBytes("2025-1-1|")), None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => logs.ReadRequestsAsync(LogFilter.None, 0, null, None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => logs.ReadErrorsAsync(LogFilter.None, UsageLogReader.MaxPageSize + 1, null, None));
    }

    private static RequestLogEntry RequestAt(DateTimeOffset time) =>
        new(time, "client", ApiProtocol.Gemini, "/v1beta/models/m:generateContent", "m", 200, 5, 1, "key", null);

    private static ErrorLogEntry ErrorAt(DateTimeOffset time) =>
        new(time, "client", "key", "m", 503, FailureKind.Transient, "UNAVAILABLE", "{}", null);

    private static async Task SendAsync(ProxyHost proxy, string path, HttpStatusCode expected)
    {
        using var response = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, path, """{"contents":[{"parts":[{"text":"hello"}]}]}"""));
        Assert.Equal(expected, response.StatusCode);
        await response.Content.ReadAsStringAsync();
    }

    private static async Task<List<RequestLogEntry>> ReadAllPagesAsync(UsageLogReader logs, int pageSize)
    {
        var all = new List<RequestLogEntry>();
        string? token = null;
        do
        {
            var page = await logs.ReadRequestsAsync(LogFilter.None, pageSize, token, None);
            Assert.True(page.Items.Count <= pageSize);
            all.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);

        return all;
    }
}
