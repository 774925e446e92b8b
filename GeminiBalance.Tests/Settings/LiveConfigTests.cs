using System.Net;
using System.Text.Json;
using GeminiBalance.Hosting;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Settings;

/// <summary><c>/manage/config</c> end to end: three real instances on one Azurite, stepped by hand.</summary>
[Collection(ProxyCollection.Name)]
public sealed class LiveConfigTests(AzuriteFixture storage)
{
    private const string Body = """{"contents":[{"parts":[{"text":"hi"}]}]}""";

    [Fact]
    public async Task TokenAddedOnOneInstance_IsAcceptedByTheOthers_AfterOneSync()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("live-good", new KeyBehavior.Good());
        await using var instances = await ProxyInstances.StartAsync(3, upstream, storage, ["live-good"], AdminApi.Settings());
        const string newToken = "a-token-added-from-the-console";

        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(instances[1], newToken));
        var (view, text) = await instances[0].AdminJsonAsync(HttpMethod.Put, "manage/config", JsonSerializer.Serialize(new Dictionary<string, string[]>
        {
            [SettingNames.AllowedTokens] = [ProxyHost.ClientToken, newToken],
        }));

        // Applied at once where it was saved, masked in the answer.
        Assert.Equal("console", view.GetProperty(SettingNames.AllowedTokens).GetProperty("source").GetString());
        Assert.DoesNotContain(newToken, text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await CallAsync(instances[0], newToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(instances[1], newToken));

        await instances.SyncAllAsync();

        Assert.Equal(HttpStatusCode.OK, await CallAsync(instances[1], newToken));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(instances[2], newToken));

        // Dropping the override takes the token away everywhere after the next sync.
        await instances[2].AdminJsonAsync(HttpMethod.Delete, $"manage/config/{SettingNames.AllowedTokens}");
        await instances.SyncAllAsync();
        foreach (var instance in instances)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(instance, newToken));
            Assert.Equal(HttpStatusCode.OK, await CallAsync(instance, ProxyHost.ClientToken));
        }
    }

    [Fact]
    public async Task ApiKeysChangedOnOneInstance_ReachTheOtherInstancesPool()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("live-first", new KeyBehavior.Good());
        var second = AdminApi.NewKey();
        await using var instances = await ProxyInstances.StartAsync(2, upstream, storage, ["live-first"], AdminApi.Settings());

        await instances[0].AdminJsonAsync(HttpMethod.Put, "manage/config", JsonSerializer.Serialize(new Dictionary<string, string> { [SettingNames.ApiKeys] = "live-first," + second }));
        await instances.SyncAllAsync();

        var keys = (await instances[1].AdminJsonAsync(HttpMethod.Get, "manage/keys")).Json.GetProperty("keys").EnumerateArray().Select(key => key.GetProperty("id").GetString()).ToArray();
        Assert.Equal([AdminApi.IdOf("live-first"), AdminApi.IdOf(second)], keys.Select(id => id!));
    }

    [Fact]
    public async Task InvalidPut_NamesEveryBadSetting_AndChangesNothing()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["k"], AdminApi.Settings(new Dictionary<string, string?> { [SettingNames.MaxRetries] = "2" }));
        var before = (await proxy.AdminJsonAsync(HttpMethod.Get, "manage/config")).Text;

        var (error, _) = await proxy.AdminJsonAsync(HttpMethod.Put, "manage/config",
            """{"MAX_RETRIES": -1, "TIME_OUT": "soon", "SEARCH_MODELS": ["gemini-2.5-flash"], "NOT_A_SETTING": 1}""", HttpStatusCode.BadRequest);
        var message = error.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains("NOT_A_SETTING", message, StringComparison.Ordinal);

        // With the unknown name gone, each bad value is named; the good one is not stored either.
        (error, _) = await proxy.AdminJsonAsync(HttpMethod.Put, "manage/config",
            """{"MAX_RETRIES": -1, "TIME_OUT": "soon", "SEARCH_MODELS": ["gemini-2.5-flash"]}""", HttpStatusCode.BadRequest);
        message = error.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains(SettingNames.MaxRetries, message, StringComparison.Ordinal);
        Assert.Contains(SettingNames.TimeOut, message, StringComparison.Ordinal);
        Assert.DoesNotContain(SettingNames.SearchModels, message, StringComparison.Ordinal);

        Assert.Equal(before, (await proxy.AdminJsonAsync(HttpMethod.Get, "manage/config")).Text);
        Assert.Equal(0, (await proxy.AdminJsonAsync(HttpMethod.Get, "manage/config/audit")).Json.GetArrayLength());
        // MAX_RETRIES=2 attempts in all: one retry.
        Assert.Equal(1, proxy.GetService<ICurrentOptions>().Current.MaxRetries);
    }

    [Theory]
    [InlineData(SettingNames.StorageTablePrefix, "\"other\"")]
    [InlineData(SettingNames.AuthToken, "\"a-new-admin-token\"")]
    [InlineData(SettingNames.KeyStateRefreshSeconds, "1")]
    public async Task ReadOnlySetting_IsRefused(string name, string value)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["k"], AdminApi.Settings());

        var (error, _) = await proxy.AdminJsonAsync(HttpMethod.Put, "manage/config", $$"""{"{{name}}": {{value}}}""", HttpStatusCode.BadRequest);
        Assert.Contains(name + " cannot change while the app runs", error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        await proxy.AdminJsonAsync(HttpMethod.Delete, $"manage/config/{name}", expected: HttpStatusCode.BadRequest);

        var view = (await proxy.AdminJsonAsync(HttpMethod.Get, "manage/config")).Json.GetProperty(name);
        Assert.False(view.GetProperty("live").GetBoolean());
        Assert.NotEqual("console", view.GetProperty("source").GetString());
    }

    [Fact]
    public async Task View_ShowsSourceAndMasksSecrets_AndTheAuditTrailRecordsEachChange()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        var key = AdminApi.NewKey();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [key], AdminApi.Settings(new Dictionary<string, string?> { [SettingNames.MaxRetries] = "2" }));

        var (view, text) = await proxy.AdminJsonAsync(HttpMethod.Get, "manage/config");
        Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        Assert.DoesNotContain(AdminApi.Token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ProxyHost.ClientToken, text, StringComparison.Ordinal);
        Assert.Equal((2, "app setting", true), (view.GetProperty("MAX_RETRIES").GetProperty("value").GetInt32(), view.GetProperty("MAX_RETRIES").GetProperty("source").GetString(), view.GetProperty("MAX_RETRIES").GetProperty("live").GetBoolean()));
        Assert.Equal((3, "default"), (view.GetProperty("MAX_FAILURES").GetProperty("value").GetInt32(), view.GetProperty("MAX_FAILURES").GetProperty("source").GetString()));
        Assert.Equal(SettingNames.All.Order(StringComparer.Ordinal), view.EnumerateObject().Select(setting => setting.Name).Order(StringComparer.Ordinal));

        (view, _) = await proxy.AdminJsonAsync(HttpMethod.Put, "manage/config", """{"MAX_RETRIES": 5, "SHOW_SEARCH_LINK": false}""");
        Assert.Equal((5, "console"), (view.GetProperty("MAX_RETRIES").GetProperty("value").GetInt32(), view.GetProperty("MAX_RETRIES").GetProperty("source").GetString()));
        Assert.False(proxy.GetService<ICurrentOptions>().Current.ShowSearchLink);
        (view, _) = await proxy.AdminJsonAsync(HttpMethod.Delete, "manage/config/MAX_RETRIES");
        Assert.Equal((2, "app setting"), (view.GetProperty("MAX_RETRIES").GetProperty("value").GetInt32(), view.GetProperty("MAX_RETRIES").GetProperty("source").GetString()));

        var audit = (await proxy.AdminJsonAsync(HttpMethod.Get, "manage/config/audit")).Json.EnumerateArray().ToArray();
        Assert.Equal(2, audit.Length);
        var dropped = Assert.Single(audit[0].GetProperty("changes").EnumerateArray());
        Assert.Equal(("api", "MAX_RETRIES", "5", "2"), (audit[0].GetProperty("who").GetString(), dropped.GetProperty("name").GetString(), dropped.GetProperty("old").GetString(), dropped.GetProperty("new").GetString()));
        Assert.Equal(["MAX_RETRIES", "SHOW_SEARCH_LINK"], audit[1].GetProperty("changes").EnumerateArray().Select(change => change.GetProperty("name").GetString()));
    }

    private static async Task<HttpStatusCode> CallAsync(ProxyHost proxy, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:generateContent") { Content = new StringContent(Body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("x-goog-api-key", token);
        using var response = await proxy.Client.SendAsync(request);
        return response.StatusCode;
    }
}
