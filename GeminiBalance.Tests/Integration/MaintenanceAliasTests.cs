using System.Net;
using System.Text.Json;
using GeminiBalance.Keys;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Integration;

/// <summary>gemini-balance's key-maintenance routes, as its scripts call them: same paths and shapes, behind the admin token, keys shown by id only.</summary>
[Collection(ProxyCollection.Name)]
public sealed class MaintenanceAliasTests(AzuriteFixture storage)
{
    private const string Generate = "v1beta/models/gemini-2.5-flash:generateContent";
    private const string Body = """{"contents":[{"parts":[{"text":"x"}]}]}""";

    [Theory]
    [InlineData("GET", "v1/keys/list")]
    [InlineData("GET", "hf/v1/keys/list")]
    [InlineData("POST", "gemini/v1beta/reset-all-fail-counts")]
    [InlineData("POST", "gemini/v1beta/reset-selected-fail-counts")]
    [InlineData("POST", "gemini/v1beta/reset-fail-count/0123456789ab")]
    [InlineData("POST", "gemini/v1beta/verify-key/0123456789ab")]
    [InlineData("POST", "gemini/v1beta/verify-selected-keys")]
    public async Task EveryAliasNeedsTheAdminToken(string method, string path)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [AdminApi.NewKey()], AdminApi.Settings());

        using var none = await proxy.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var client = new HttpRequestMessage(new HttpMethod(method), path);
        client.Headers.Authorization = new("Bearer", ProxyHost.ClientToken);
        using var clientToken = await proxy.Client.SendAsync(client);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, clientToken.StatusCode);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task KeysListShowsValidAndInvalidKeysByIdWithTheirFailureCounts()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        var (good, bad) = (AdminApi.NewKey(), AdminApi.NewKey());
        upstream.SetKey(good, new KeyBehavior.Good());
        upstream.SetKey(bad, new KeyBehavior.Invalid());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [bad, good], AdminApi.Settings());
        using var call = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, Generate, Body));
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);

        var (list, text) = await proxy.AdminJsonAsync(HttpMethod.Get, "v1/keys/list");

        Assert.Equal("success", list.GetProperty("status").GetString());
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        var data = list.GetProperty("data");
        Assert.Equal(0, data.GetProperty("valid_keys").GetProperty(AdminApi.IdOf(good)).GetInt32());
        Assert.True(data.GetProperty("invalid_keys").TryGetProperty(AdminApi.IdOf(bad), out _));
        Assert.DoesNotContain(good, text, StringComparison.Ordinal);
        Assert.DoesNotContain(bad, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResetRoutesBringBackInvalidKeysByIdOrWholeKey_AndSayWhatWasNotFound()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        var (first, second, third) = (AdminApi.NewKey(), AdminApi.NewKey(), AdminApi.NewKey());
        foreach (var key in new[] { first, second, third })
        {
            upstream.SetKey(key, new KeyBehavior.Invalid());
        }

        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [first, second, third], AdminApi.Settings(new Dictionary<string, string?> { ["CHECK_INTERVAL_HOURS"] = "0" }));
        using var failed = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, Generate, Body));
        var pool = proxy.GetService<KeyPool>();
        Assert.All(new[] { first, second, third }, key => Assert.Equal(KeyStatus.Invalid, pool.HealthOf(PoolKey.From(key)).Status));

        var (one, oneText) = await proxy.AdminJsonAsync(HttpMethod.Post, $"gemini/v1beta/reset-fail-count/{first}");
        Assert.True(one.GetProperty("success").GetBoolean());
        Assert.Equal(KeyStatus.Active, pool.HealthOf(PoolKey.From(first)).Status);
        var (selected, selectedText) = await proxy.AdminJsonAsync(HttpMethod.Post, "gemini/v1beta/reset-selected-fail-counts",
            JsonSerializer.Serialize(new { keys = new[] { AdminApi.IdOf(second), "AIzaNotInThePoolAtAll0000000000000000" }, key_type = "invalid" }), HttpStatusCode.MultiStatus);
        Assert.Equal(1, selected.GetProperty("reset_count").GetInt32());
        Assert.Equal(KeyStatus.Active, pool.HealthOf(PoolKey.From(second)).Status);
        Assert.Equal(KeyStatus.Invalid, pool.HealthOf(PoolKey.From(third)).Status);
        var (missing, _) = await proxy.AdminJsonAsync(HttpMethod.Post, "gemini/v1beta/reset-fail-count/0123456789ab", expected: HttpStatusCode.NotFound);
        Assert.False(missing.GetProperty("success").GetBoolean());
        var (valid, _) = await proxy.AdminJsonAsync(HttpMethod.Post, "gemini/v1beta/reset-all-fail-counts?key_type=valid");
        Assert.Equal(2, valid.GetProperty("reset_count").GetInt32());
        Assert.Equal(KeyStatus.Invalid, pool.HealthOf(PoolKey.From(third)).Status);
        var (all, _) = await proxy.AdminJsonAsync(HttpMethod.Post, "gemini/v1beta/reset-all-fail-counts");
        Assert.Equal(3, all.GetProperty("reset_count").GetInt32());
        Assert.Equal(KeyStatus.Active, pool.HealthOf(PoolKey.From(third)).Status);
        Assert.DoesNotContain(first, oneText + selectedText, StringComparison.Ordinal);
        // A whole key in the path (as gemini-balance's scripts send it) reaches no log line.
        Assert.DoesNotContain(proxy.Logs.Lines, line => line.Contains(first, StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifyRoutesAnswerInGeminiBalancesShapeAndApplyTheOutcome()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        var (good, broken) = (AdminApi.NewKey(), AdminApi.NewKey());
        upstream.SetKey(good, new KeyBehavior.Good());
        upstream.SetKey(broken, new KeyBehavior.PermissionDenied());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [good, broken], AdminApi.Settings());

        var (valid, _) = await proxy.AdminJsonAsync(HttpMethod.Post, $"gemini/v1beta/verify-key/{AdminApi.IdOf(good)}");
        var (invalid, invalidText) = await proxy.AdminJsonAsync(HttpMethod.Post, $"gemini/v1beta/verify-key/{broken}", expected: HttpStatusCode.BadRequest);
        var (many, manyText) = await proxy.AdminJsonAsync(HttpMethod.Post, "gemini/v1beta/verify-selected-keys",
            JsonSerializer.Serialize(new { keys = new[] { good, AdminApi.IdOf(broken) } }));

        Assert.Equal("valid", valid.GetProperty("status").GetString());
        Assert.Equal("invalid", invalid.GetProperty("status").GetString());
        Assert.Contains("403", invalid.GetProperty("error").GetString());
        Assert.Equal(KeyStatus.Invalid, proxy.GetService<KeyPool>().HealthOf(PoolKey.From(broken)).Status);
        Assert.True(many.GetProperty("success").GetBoolean());
        Assert.Equal([AdminApi.IdOf(good)], many.GetProperty("successful_keys").EnumerateArray().Select(id => id.GetString()));
        Assert.True(many.GetProperty("failed_keys").TryGetProperty(AdminApi.IdOf(broken), out _));
        Assert.Equal(1, many.GetProperty("valid_count").GetInt32());
        Assert.Equal(1, many.GetProperty("invalid_count").GetInt32());
        Assert.All(upstream.Requests, request => Assert.EndsWith("/gemini-2.5-flash-lite:generateContent", request.Path, StringComparison.Ordinal));
        Assert.Equal(4, upstream.Requests.Count);
        Assert.DoesNotContain(good, invalidText + manyText, StringComparison.Ordinal);
        Assert.DoesNotContain(broken, invalidText + manyText, StringComparison.Ordinal);
    }
}
