using System.Net;
using System.Text.Json;
using GeminiBalance.Keys;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Integration;

/// <summary>The key admin API over real HTTP, against Azurite and the emulated Gemini.</summary>
[Collection(ProxyCollection.Name)]
public sealed class KeyAdminTests(AzuriteFixture storage)
{
    private const string Generate = "v1beta/models/gemini-2.5-flash:generateContent";
    private const string Body = """{"contents":[{"parts":[{"text":"hello"}]}]}""";

    [Fact]
    public async Task ListShowsEveryKeyMaskedWithItsStateAndNeverAWholeKey()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        var (good, bad, limited) = (AdminApi.NewKey(), AdminApi.NewKey(), AdminApi.NewKey());
        upstream.SetKey(good, new KeyBehavior.Good());
        upstream.SetKey(bad, new KeyBehavior.Invalid());
        upstream.SetKey(limited, new KeyBehavior.RateLimited(TimeSpan.FromMinutes(10), Model: "gemini-2.5-flash"));
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [bad, limited, good], AdminApi.Settings());
        // Until both failing keys have been tried once; each request ends on the good key.
        for (var i = 0; i < 10 && !new[] { bad, limited }.All(key => upstream.Requests.Any(request => request.Key == key)); i++)
        {
            using var answer = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, Generate, Body));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        var (list, text) = await proxy.AdminJsonAsync(HttpMethod.Get, "manage/keys");

        var summary = list.GetProperty("summary");
        Assert.Equal((3, 2, 1, 0, 1), (Int(summary, "total"), Int(summary, "active"), Int(summary, "invalid"), Int(summary, "disabled"), Int(summary, "cooling")));
        var keys = list.GetProperty("keys").EnumerateArray().ToDictionary(key => key.GetProperty("id").GetString()!);
        var badView = keys[AdminApi.IdOf(bad)];
        Assert.Equal("invalid", badView.GetProperty("status").GetString());
        Assert.Equal("settings", badView.GetProperty("source").GetString());
        Assert.Equal($"{bad[..4]}…{bad[^4..]}", badView.GetProperty("masked").GetString());
        Assert.Equal(400, badView.GetProperty("lastError").GetProperty("status").GetInt32());
        Assert.Equal("API_KEY_INVALID", badView.GetProperty("lastError").GetProperty("reason").GetString());
        Assert.Equal(1, badView.GetProperty("totalFailures").GetInt64());
        var limitedView = keys[AdminApi.IdOf(limited)];
        Assert.Equal("active", limitedView.GetProperty("status").GetString());
        Assert.True(limitedView.GetProperty("coolingUntil").GetProperty("gemini-2.5-flash").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(5));
        var goodView = keys[AdminApi.IdOf(good)];
        Assert.Equal(JsonValueKind.Null, goodView.GetProperty("lastError").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, goodView.GetProperty("lastSuccess").ValueKind);

        var (invalidOnly, _) = await proxy.AdminJsonAsync(HttpMethod.Get, "manage/keys?status=Invalid");
        Assert.Equal([AdminApi.IdOf(bad)], invalidOnly.GetProperty("keys").EnumerateArray().Select(key => key.GetProperty("id").GetString()));
        await proxy.AdminJsonAsync(HttpMethod.Get, "manage/keys?status=cooling", expected: HttpStatusCode.BadRequest);

        var (one, oneText) = await proxy.AdminJsonAsync(HttpMethod.Get, $"manage/keys/{AdminApi.IdOf(bad)}");
        Assert.Equal("invalid", one.GetProperty("status").GetString());
        foreach (var secret in new[] { good, bad, limited })
        {
            Assert.DoesNotContain(secret, text + oneText, StringComparison.Ordinal);
            Assert.DoesNotContain(proxy.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task UnknownIdsGet404AndSomethingThatIsNotAnIdIsNeverEchoed()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        var key = AdminApi.NewKey();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [key], AdminApi.Settings());
        var unknown = AdminApi.IdOf(AdminApi.NewKey());

        var (error, _) = await proxy.AdminJsonAsync(HttpMethod.Get, $"manage/keys/{unknown}", expected: HttpStatusCode.NotFound);
        Assert.Contains(unknown, error.GetProperty("error").GetProperty("message").GetString());
        var (_, pasted) = await proxy.AdminJsonAsync(HttpMethod.Post, $"manage/keys/{key}/disable", expected: HttpStatusCode.NotFound);
        Assert.DoesNotContain(key, pasted, StringComparison.Ordinal);
        await proxy.AdminJsonAsync(HttpMethod.Delete, $"manage/keys/{unknown}", expected: HttpStatusCode.NotFound);
        await proxy.AdminJsonAsync(HttpMethod.Post, $"manage/keys/{unknown}/verify", expected: HttpStatusCode.NotFound);

        // A bulk request naming one unknown key changes none of them.
        var (_, bulk) = await proxy.AdminJsonAsync(
            HttpMethod.Post, "manage/keys/disable", JsonSerializer.Serialize(new { ids = new[] { AdminApi.IdOf(key), unknown, key } }), HttpStatusCode.NotFound);
        Assert.Contains(unknown, bulk);
        Assert.DoesNotContain(key, bulk, StringComparison.Ordinal);
        Assert.Equal(KeyStatus.Active, proxy.GetService<KeyPool>().HealthOf(PoolKey.From(key)).Status);
        Assert.Empty(upstream.Requests);
    }

    [Theory]
    [InlineData("manage/keys/disable", "{\"ids\": [")]
    [InlineData("manage/keys/disable", "{\"idz\": [\"0123456789ab\"]}")]
    [InlineData("manage/keys/disable", "{\"ids\": \"0123456789ab\"}")]
    [InlineData("manage/keys/enable", "{\"ids\": []}")]
    [InlineData("manage/keys/reset", "")]
    [InlineData("manage/keys/verify", "[1,2]")]
    [InlineData("manage/keys/verify", "{\"ids\": [1]}")]
    [InlineData("manage/keys", "{\"keys\": ")]
    [InlineData("manage/keys", "{\"keys\": 42}")]
    [InlineData("manage/keys", "{\"keys\": \"AIzaSyA0123456789abcdefghijklmnopqrstuv\", \"extra\": 1}")]
    [InlineData("manage/keys", "{\"keys\": \"nothing here but AIzaShort\"}")]
    [InlineData("manage/keys/{id}/disable", "{\"ids\": [\"{id}\"]}")]
    [InlineData("manage/keys/{id}/verify", "{}")]
    public async Task BadBodiesGet400AndChangeNothing(string path, string body)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        var key = AdminApi.NewKey();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [key], AdminApi.Settings());

        var id = AdminApi.IdOf(key);
        var (error, _) = await proxy.AdminJsonAsync(HttpMethod.Post, path.Replace("{id}", id), body.Replace("{id}", id), HttpStatusCode.BadRequest);

        Assert.Equal("INVALID_ARGUMENT", error.GetProperty("error").GetProperty("status").GetString());
        Assert.Equal(1, proxy.GetService<KeyPool>().Count);
        Assert.Same(KeyHealth.Fresh, proxy.GetService<KeyPool>().HealthOf(PoolKey.From(key)));
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task RevealShowsOneWholeKeyToTheAdminAndNothingCachesIt()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        var key = AdminApi.NewKey();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [key], AdminApi.Settings());

        using var response = await proxy.AdminAsync(HttpMethod.Get, $"manage/keys/{AdminApi.IdOf(key)}/secret");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal(key, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString());
        Assert.DoesNotContain(proxy.Logs.Lines, line => line.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddTakesEveryKeyFromPastedTextOrJson_AndReportsDuplicatesAndNearMisses()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        var (settingsKey, first, second, third) = (AdminApi.NewKey(), AdminApi.NewKey(), AdminApi.NewKey(), AdminApi.NewKey());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [settingsKey], AdminApi.Settings());

        var pasted = $"keys: {first}\n{settingsKey}, {first}; {second[..^1]} (cut off)";
        var (added, text) = await proxy.AdminJsonAsync(HttpMethod.Post, "manage/keys", pasted, mediaType: "text/plain");
        Assert.Equal((1, 1, 1), (Int(added, "added"), Int(added, "alreadyPresent"), Int(added, "invalidLooking")));
        Assert.Equal([AdminApi.IdOf(first)], Ids(added, "addedIds"));
        Assert.Equal([AdminApi.IdOf(settingsKey)], Ids(added, "alreadyPresentIds"));

        var (fromJson, jsonText) = await proxy.AdminJsonAsync(HttpMethod.Post, "manage/keys", JsonSerializer.Serialize(new { keys = new[] { second, third, first } }));
        Assert.Equal((2, 1), (Int(fromJson, "added"), Int(fromJson, "alreadyPresent")));

        var (list, listText) = await proxy.AdminJsonAsync(HttpMethod.Get, "manage/keys");
        Assert.Equal(["settings", "admin", "admin", "admin"], list.GetProperty("keys").EnumerateArray().Select(key => key.GetProperty("source").GetString()));
        foreach (var secret in new[] { settingsKey, first, second, third })
        {
            Assert.DoesNotContain(secret, text + jsonText + listText, StringComparison.Ordinal);
            Assert.DoesNotContain(proxy.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task KeyAddedOnOneInstanceIsUsedByAnotherAfterASync_AndSurvivesARestart()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        var added = AdminApi.NewKey();
        upstream.SetKey(added, new KeyBehavior.Good());
        var settings = AdminApi.Settings(new Dictionary<string, string?>
        {
            ["STORAGE_TABLE_PREFIX"] = ProxyHost.NewTablePrefix(),
            ["KEY_STATE_REFRESH_SECONDS"] = "3600",
        });
        await using (var first = await ProxyHost.StartAsync(upstream, storage, [], settings))
        await using (var second = await ProxyHost.StartAsync(upstream, storage, [], settings))
        {
            await SyncAsync(second);
            using var before = await second.Client.SendAsync(second.Request(HttpMethod.Post, Generate, Body));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);

            await first.AdminJsonAsync(HttpMethod.Post, "manage/keys", JsonSerializer.Serialize(new { keys = $"here: {added}" }));
            using var atOnce = await first.Client.SendAsync(first.Request(HttpMethod.Post, Generate, Body));
            Assert.Equal(HttpStatusCode.OK, atOnce.StatusCode);

            await SyncAsync(second);
            using var after = await second.Client.SendAsync(second.Request(HttpMethod.Post, Generate, Body));
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
            Assert.Equal("admin", (await second.KeyAsync(AdminApi.IdOf(added))).GetProperty("source").GetString());
        }

        upstream.ClearRequests();
        await using var restarted = await ProxyHost.StartAsync(upstream, storage, [], settings);
        await SyncAsync(restarted);
        using var afterRestart = await restarted.Client.SendAsync(restarted.Request(HttpMethod.Post, Generate, Body));
        Assert.Equal(HttpStatusCode.OK, afterRestart.StatusCode);
        Assert.Equal(added, Assert.Single(upstream.Requests).Key);
    }

    [Fact]
    public async Task RemovedKeyIsNoLongerUsedAnywhere_AndASettingsKeyCannotBeRemoved()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        var (settingsKey, added) = (AdminApi.NewKey(), AdminApi.NewKey());
        upstream.SetKey(settingsKey, new KeyBehavior.Good());
        upstream.SetKey(added, new KeyBehavior.Good());
        await using var instances = await ProxyInstances.StartAsync(2, upstream, storage, [settingsKey], AdminApi.Settings());
        var (first, second) = (instances[0], instances[1]);
        await first.AdminJsonAsync(HttpMethod.Post, "manage/keys", added, mediaType: "text/plain");
        await instances.SyncAllAsync();
        Assert.Equal(2, second.GetService<KeyPool>().Count);

        using var removed = await first.AdminAsync(HttpMethod.Delete, $"manage/keys/{AdminApi.IdOf(added)}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        var (conflict, _) = await first.AdminJsonAsync(HttpMethod.Delete, $"manage/keys/{AdminApi.IdOf(settingsKey)}", expected: HttpStatusCode.Conflict);
        Assert.Contains("API_KEYS", conflict.GetProperty("error").GetProperty("message").GetString());
        await first.AdminJsonAsync(HttpMethod.Get, $"manage/keys/{AdminApi.IdOf(added)}", expected: HttpStatusCode.NotFound);
        await instances.SyncAllAsync();
        upstream.ClearRequests();

        foreach (var instance in instances)
        {
            for (var i = 0; i < 3; i++)
            {
                using var response = await instance.Client.SendAsync(instance.Request(HttpMethod.Post, Generate, Body));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        Assert.All(upstream.Requests, request => Assert.Equal(settingsKey, request.Key));
        Assert.Equal(1, second.GetService<KeyPool>().Count);
        Assert.DoesNotContain(AdminApi.IdOf(added), (await instances.KeyStates.LoadAsync(CancellationToken.None)).Keys);
    }

    [Fact]
    public async Task DisabledKeyIsNeverSentUpstreamOnAnyInstance_AndEnableBringsItBack()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        var (kept, disabled) = (AdminApi.NewKey(), AdminApi.NewKey());
        upstream.SetKey(kept, new KeyBehavior.Good());
        upstream.SetKey(disabled, new KeyBehavior.Good());
        await using var instances = await ProxyInstances.StartAsync(2, upstream, storage, [kept, disabled], AdminApi.Settings());
        var (first, second) = (instances[0], instances[1]);

        var (view, _) = await first.AdminJsonAsync(HttpMethod.Post, $"manage/keys/{AdminApi.IdOf(disabled)}/disable");
        Assert.Equal("disabled", view.GetProperty("status").GetString());
        await instances.SyncAllAsync();
        Assert.Equal(KeyStatus.Disabled, (await instances.KeyStates.LoadAsync(CancellationToken.None))[AdminApi.IdOf(disabled)].Status);
        await SendEachAsync(instances, 4);
        Assert.All(upstream.Requests, request => Assert.Equal(kept, request.Key));

        // Only an admin brings it back: the re-check leaves disabled keys alone.
        upstream.ClearRequests();
        await second.GetService<KeyRecheck>().RecheckInvalidKeysAsync(CancellationToken.None);
        Assert.Empty(upstream.Requests);

        var (enabled, _) = await second.AdminJsonAsync(HttpMethod.Post, "manage/keys/enable", JsonSerializer.Serialize(new { ids = new[] { AdminApi.IdOf(disabled) } }));
        Assert.Equal("active", enabled.GetProperty("keys")[0].GetProperty("status").GetString());
        await instances.SyncAllAsync();
        await SendEachAsync(instances, 4);
        Assert.Contains(upstream.Requests, request => request.Key == disabled);
        Assert.All(instances, instance => Assert.Equal(KeyStatus.Active, instance.GetService<KeyPool>().HealthOf(PoolKey.From(disabled)).Status));
    }

    [Fact]
    public async Task ResetBringsBackAnInvalidKeyOnEveryInstance()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        var key = AdminApi.NewKey();
        upstream.SetKey(key, new KeyBehavior.Invalid());
        await using var instances = await ProxyInstances.StartAsync(2, upstream, storage, [key], AdminApi.Settings(new Dictionary<string, string?> { ["CHECK_INTERVAL_HOURS"] = "0" }));
        using var failed = await instances[0].Client.SendAsync(instances[0].Request(HttpMethod.Post, Generate, Body));
        await instances.SyncAllAsync();
        Assert.Equal("invalid", (await instances[1].KeyAsync(AdminApi.IdOf(key))).GetProperty("status").GetString());
        upstream.SetKey(key, new KeyBehavior.Good());

        var (reset, _) = await instances[1].AdminJsonAsync(HttpMethod.Post, $"manage/keys/{AdminApi.IdOf(key)}/reset");
        Assert.Equal("active", reset.GetProperty("status").GetString());
        Assert.Equal(1, reset.GetProperty("totalFailures").GetInt64());
        await instances.SyncAllAsync();

        upstream.ClearRequests();
        await SendEachAsync(instances, 1);
        Assert.Equal([key, key], upstream.Requests.Select(request => request.Key));
    }

    [Fact]
    public async Task VerifyRevivesARecoveredKeyAndMarksABadOneInvalid()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        var (recovered, broken, healthy) = (AdminApi.NewKey(), AdminApi.NewKey(), AdminApi.NewKey());
        upstream.SetKey(recovered, new KeyBehavior.Invalid());
        upstream.SetKey(broken, new KeyBehavior.Good());
        upstream.SetKey(healthy, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [recovered, broken, healthy], AdminApi.Settings());
        using var first = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, Generate, Body));
        Assert.Equal(KeyStatus.Invalid, proxy.GetService<KeyPool>().HealthOf(PoolKey.From(recovered)).Status);
        upstream.SetKey(recovered, new KeyBehavior.Good());
        upstream.SetKey(broken, new KeyBehavior.PermissionDenied());
        upstream.ClearRequests();

        var (verified, text) = await proxy.AdminJsonAsync(
            HttpMethod.Post, "manage/keys/verify", JsonSerializer.Serialize(new { ids = new[] { AdminApi.IdOf(recovered), AdminApi.IdOf(broken) } }));

        var results = verified.GetProperty("keys").EnumerateArray().ToArray();
        Assert.Equal(["valid", "invalid"], results.Select(result => result.GetProperty("outcome").GetString()));
        Assert.Equal(["active", "invalid"], results.Select(result => result.GetProperty("key").GetProperty("status").GetString()));
        Assert.Equal(403, results[1].GetProperty("error").GetProperty("status").GetInt32());
        Assert.Equal(new[] { recovered, broken }.Order(), upstream.Requests.Select(request => request.Key).Order());
        Assert.All(upstream.Requests, request => Assert.EndsWith("/gemini-2.5-flash-lite:generateContent", request.Path, StringComparison.Ordinal));

        var (one, _) = await proxy.AdminJsonAsync(HttpMethod.Post, $"manage/keys/{AdminApi.IdOf(healthy)}/verify");
        Assert.Equal("valid", one.GetProperty("keys")[0].GetProperty("outcome").GetString());
        upstream.ClearRequests();
        var (all, allText) = await proxy.AdminJsonAsync(HttpMethod.Post, "manage/keys/verify");
        Assert.Equal(3, all.GetProperty("keys").GetArrayLength());
        Assert.Equal(3, upstream.Requests.Count);
        foreach (var secret in new[] { recovered, broken, healthy })
        {
            Assert.DoesNotContain(secret, text + allText, StringComparison.Ordinal);
        }
    }

    private static async Task SyncAsync(ProxyHost proxy) =>
        await proxy.GetService<KeyStateSync>().SyncOnceAsync(CancellationToken.None);

    private static async Task SendEachAsync(IEnumerable<ProxyHost> instances, int times)
    {
        foreach (var instance in instances)
        {
            for (var i = 0; i < times; i++)
            {
                using var response = await instance.Client.SendAsync(instance.Request(HttpMethod.Post, Generate, Body));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
    }

    private static int Int(JsonElement element, string name) => element.GetProperty(name).GetInt32();

    private static string[] Ids(JsonElement element, string name) => [.. element.GetProperty(name).EnumerateArray().Select(id => id.GetString()!)];
}
