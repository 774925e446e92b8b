using System.Net;
using GeminiBalance.Tests.TestKit;
using GeminiBalance.Usage;

namespace GeminiBalance.Tests.Integration;

/// <summary>The admin API's view of usage and logs: <c>/manage/stats</c> and <c>/manage/logs/*</c> over real storage.</summary>
[Collection(ProxyCollection.Name)]
public sealed class UsageAdminTests(AzuriteFixture storage)
{
    private const string Body = """{"contents":[{"parts":[{"text":"four words in here"}]}]}""";

    [Fact]
    public async Task StatsAndLogsShowWhatTheUpstreamSaw()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        var good = AdminApi.NewKey();
        var bad = AdminApi.NewKey();
        upstream.SetKey(good, new KeyBehavior.Good());
        upstream.SetKey(bad, new KeyBehavior.Invalid());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [bad, good], AdminApi.Settings());
        for (var i = 0; i < 3; i++)
        {
            using var response = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:generateContent", Body));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await proxy.GetService<UsageFlusher>().WriteOnceAsync(CancellationToken.None);
        await proxy.GetService<UsageLogWriter>().WriteOnceAsync(CancellationToken.None);

        var (stats, statsText) = await proxy.AdminJsonAsync(HttpMethod.Get, "manage/stats");
        foreach (var window in new[] { "1m", "1h", "24h" })
        {
            var totals = stats.GetProperty(window).GetProperty("totals");
            Assert.Equal(upstream.Requests.Count, totals.GetProperty("calls").GetInt64());
            Assert.Equal(3, totals.GetProperty("successes").GetInt64());
        }

        var failing = Assert.Single(stats.GetProperty("1h").GetProperty("topFailingKeys").EnumerateArray());
        Assert.Equal(AdminApi.IdOf(bad), failing.GetProperty("name").GetString());

        var (requests, requestsText) = await proxy.AdminJsonAsync(HttpMethod.Get, "manage/logs/requests?pageSize=2");
        Assert.Equal(2, requests.GetProperty("items").GetArrayLength());
        var next = requests.GetProperty("continuationToken").GetString();
        Assert.NotNull(next);
        var (rest, _) = await proxy.AdminJsonAsync(HttpMethod.Get, $"manage/logs/requests?pageSize=2&continuationToken={Uri.EscapeDataString(next)}");
        Assert.Single(rest.GetProperty("items").EnumerateArray());

        var (errors, errorsText) = await proxy.AdminJsonAsync(HttpMethod.Get, $"manage/logs/errors?keyId={AdminApi.IdOf(bad)}");
        var error = Assert.Single(errors.GetProperty("items").EnumerateArray());
        Assert.Equal("KeyInvalid", error.GetProperty("kind").GetString());
        var (none, _) = await proxy.AdminJsonAsync(HttpMethod.Get, $"manage/logs/errors?keyId={AdminApi.IdOf(good)}");
        Assert.Empty(none.GetProperty("items").EnumerateArray());

        foreach (var text in new[] { statsText, requestsText, errorsText })
        {
            Assert.DoesNotContain(good, text);
            Assert.DoesNotContain(bad, text);
            Assert.DoesNotContain(ProxyHost.ClientToken, text);
        }
    }

    [Theory]
    [InlineData("manage/stats?window=2h")]
    [InlineData("manage/logs/requests?pageSize=0")]
    [InlineData("manage/logs/requests?pageSize=100000")]
    [InlineData("manage/logs/errors?status=abc")]
    [InlineData("manage/logs/errors?since=yesterday")]
    [InlineData("manage/logs/errors?continuationToken=not-a-token")]
    public async Task BadQueriesGet400(string path)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [AdminApi.NewKey()], AdminApi.Settings());

        var (error, _) = await proxy.AdminJsonAsync(HttpMethod.Get, path, expected: HttpStatusCode.BadRequest);
        Assert.Equal("INVALID_ARGUMENT", error.GetProperty("error").GetProperty("status").GetString());
    }
}
