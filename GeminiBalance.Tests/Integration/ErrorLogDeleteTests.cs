using System.Net;
using GeminiBalance.Hosting;
using GeminiBalance.Tests.TestKit;
using GeminiBalance.Usage;

namespace GeminiBalance.Tests.Integration;

/// <summary>Deleting error-log entries through the admin API, over real storage.</summary>
[Collection(ProxyCollection.Name)]
public sealed class ErrorLogDeleteTests(AzuriteFixture storage)
{
    private const string Body = """{"contents":[{"parts":[{"text":"hi"}]}]}""";

    [Fact]
    public async Task SelectedEntries_ThenAll_AreDeleted_AndAForeignIdIsRefused()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("log-bad-1", new KeyBehavior.Invalid());
        upstream.SetKey("log-bad-2", new KeyBehavior.Invalid());
        upstream.SetKey("log-bad-3", new KeyBehavior.Invalid());
        upstream.SetKey("log-good", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["log-bad-1", "log-bad-2", "log-bad-3", "log-good"], AdminApi.Settings(new Dictionary<string, string?> { [SettingNames.MaxRetries] = "4" }));
        using (var response = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:generateContent", Body)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await proxy.GetService<UsageLogWriter>().WriteOnceAsync(CancellationToken.None);
        var ids = await IdsAsync(proxy);
        Assert.Equal(3, ids.Length);

        await proxy.AdminJsonAsync(HttpMethod.Post, "manage/logs/errors/delete", $$"""{"ids":["{{ids[0]}}"]}""");
        Assert.Equal(ids[1..], await IdsAsync(proxy));

        await proxy.AdminJsonAsync(HttpMethod.Post, "manage/logs/errors/delete", """{"ids":["not-an-id"]}""", HttpStatusCode.BadRequest);
        await proxy.AdminJsonAsync(HttpMethod.Post, "manage/logs/errors/delete", """{"ids":[]}""", HttpStatusCode.BadRequest);
        Assert.Equal(ids[1..], await IdsAsync(proxy));

        var (deleted, _) = await proxy.AdminJsonAsync(HttpMethod.Delete, "manage/logs/errors");
        Assert.Equal(2, deleted.GetProperty("deleted").GetInt32());
        Assert.Empty(await IdsAsync(proxy));
    }

    private static async Task<string[]> IdsAsync(ProxyHost proxy) =>
        [.. (await proxy.AdminJsonAsync(HttpMethod.Get, "manage/logs/errors")).Json.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!)];
}
