using System.Net;
using GeminiBalance.Clients;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;
using GeminiBalance.Usage;

namespace GeminiBalance.Tests.ClientKeys;

/// <summary>A client key's use per day and model in /manage/clients/{id}/usage, and the request log filtered by client.</summary>
[Collection(ProxyCollection.Name)]
public sealed class ClientKeyUsageTests(AzuriteFixture storage)
{
    [Fact]
    public async Task UsageShowsCallsErrorsAndTokensPerModelAndTheRequestLogFiltersByClient()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("usage-key", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["usage-key"], AdminApi.Settings());
        var (id, secret) = await proxy.CreateClientAsync("""{"name":"metered"}""");

        for (var i = 0; i < 2; i++)
        {
            using var flash = await proxy.CallAsync(secret, "openai");
            Assert.Equal(HttpStatusCode.OK, flash.StatusCode);
        }

        using (var bad = await proxy.CallAsync(secret, "native", "gemini-2.5-pro"))
        {
            Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        }

        using (var other = await proxy.CallAsync(ProxyHost.ClientToken))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        await proxy.GetService<ClientSync>().SyncOnceAsync(CancellationToken.None);
        var (usage, _) = await proxy.AdminJsonAsync(HttpMethod.Get, $"manage/clients/{id}/usage?days=2");
        var today = Assert.Single(usage.GetProperty("days").EnumerateArray());
        Assert.Equal(3, today.GetProperty("requests").GetInt64());
        var flashUse = today.GetProperty("models").GetProperty("gemini-2.5-flash");
        Assert.Equal(2, flashUse.GetProperty("calls").GetInt64());
        Assert.Equal(0, flashUse.GetProperty("errors").GetInt64());
        Assert.True(flashUse.GetProperty("prompt").GetInt64() > 0);
        Assert.True(flashUse.GetProperty("candidates").GetInt64() > 0);
        Assert.Equal(
            flashUse.GetProperty("total").GetInt64() + today.GetProperty("models").GetProperty("gemini-2.5-pro").GetProperty("total").GetInt64(),
            today.GetProperty("tokens").GetInt64());

        await proxy.GetService<UsageLogWriter>().WriteOnceAsync(CancellationToken.None);
        var (log, _) = await proxy.AdminJsonAsync(HttpMethod.Get, $"manage/logs/requests?client={id}");
        var rows = log.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, row => Assert.Equal(id, row.GetProperty("clientId").GetString()));
    }

    [Fact]
    public async Task AnErrorAnswerCountsAsAnError()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("usage-invalid", new KeyBehavior.Invalid());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["usage-invalid"], AdminApi.Settings(new Dictionary<string, string?> { ["MAX_RETRIES"] = "1" }));
        var (id, secret) = await proxy.CreateClientAsync("""{"name":"failing"}""");

        using var failed = await proxy.CallAsync(secret);
        Assert.NotEqual(HttpStatusCode.OK, failed.StatusCode);

        await proxy.GetService<ClientSync>().SyncOnceAsync(CancellationToken.None);
        var (usage, _) = await proxy.AdminJsonAsync(HttpMethod.Get, $"manage/clients/{id}/usage");
        var model = Assert.Single(usage.GetProperty("days").EnumerateArray()).GetProperty("models").GetProperty("gemini-2.5-flash");
        Assert.Equal(1, model.GetProperty("errors").GetInt64());
    }
}
