using System.Net;
using System.Text.Json;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Integration;

/// <summary>PROXIES: upstream calls go out through our own loopback proxies (HTTP and SOCKS5), which count what passed.</summary>
[Collection(ProxyCollection.Name)]
public sealed class OutboundProxyTests(AzuriteFixture storage)
{
    private const string Generate = "v1beta/models/gemini-2.5-flash:generateContent";
    private const string Body = """{"contents":[{"parts":[{"text":"hi"}]}]}""";

    [Fact]
    public async Task CallsGoThroughAnHttpProxyWithItsCredentials_AndTheKeyNeverReachesTheProxyLogOrAnswer()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-1", new KeyBehavior.Good());
        await using var through = LoopbackProxy.Start("alice", "s3cret-pass");
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"], AdminApi.Settings(new Dictionary<string, string?>
        {
            ["PROXIES"] = $"http://alice:s3cret-pass@127.0.0.1:{through.Port}",
        }));

        using var response = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, Generate, Body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(through.Requests >= 1, "the call did not go through the proxy");
        Assert.Single(upstream.Requests);
        var (config, configText) = await proxy.AdminJsonAsync(HttpMethod.Get, "manage/config");
        Assert.DoesNotContain("s3cret-pass", configText, StringComparison.Ordinal);
        Assert.DoesNotContain(proxy.Logs.Lines, line => line.Contains("s3cret-pass", StringComparison.Ordinal));
        _ = config;
    }

    [Fact]
    public async Task CallsGoThroughASocks5ProxyWithUsernameAndPassword()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-1", new KeyBehavior.Good());
        await using var through = LoopbackProxy.Start("bob", "pw");
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"], new Dictionary<string, string?>
        {
            ["PROXIES"] = $"[\"socks5://bob:pw@127.0.0.1:{through.Port}\"]",
        });

        using var response = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, Generate, Body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, through.Connections);
        Assert.Equal("bob", through.LastCredentials);
        Assert.Equal(0, through.Refused);
    }

    [Fact]
    public async Task ByKeyHashEachKeyKeepsItsProxy_AndWithoutItTheProxiesTakeTurns()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        string[] keys = ["pool-a", "pool-b", "pool-c", "pool-d", "pool-e", "pool-f"];
        foreach (var key in keys)
        {
            upstream.SetKey(key, new KeyBehavior.Good());
        }

        await using var first = LoopbackProxy.Start();
        await using var second = LoopbackProxy.Start();
        var proxies = $"socks5://127.0.0.1:{first.Port},socks5://127.0.0.1:{second.Port}";

        // By key: each proxy's upstream connections carry the keys that hash to it, and only those.
        var seenBy = new Dictionary<int, HashSet<string>>();
        await using (var proxy = await ProxyHost.StartAsync(upstream, storage, keys, new Dictionary<string, string?> { ["PROXIES"] = proxies }))
        {
            var clients = proxy.GetService<GeminiBalance.Upstream.UpstreamClients>();
            for (var i = 0; i < keys.Length * 3; i++)
            {
                using var response = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, Generate, Body));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            var expected = keys.ToLookup(key => clients.ProxyIndexOf(GeminiBalance.Keys.PoolKey.From(key)));
            Assert.True(expected.Count == 2, "the test keys should hash to both proxies");
            Assert.Equal(expected[0].Count() > 0, first.Connections > 0);
            Assert.Equal(expected[1].Count() > 0, second.Connections > 0);
            // A key's proxy is the same on another instance: it depends on the key alone.
            await using var other = await ProxyHost.StartAsync(upstream, storage, keys, new Dictionary<string, string?> { ["PROXIES"] = proxies });
            var otherClients = other.GetService<GeminiBalance.Upstream.UpstreamClients>();
            Assert.All(keys, key => Assert.Equal(clients.ProxyIndexOf(GeminiBalance.Keys.PoolKey.From(key)), otherClients.ProxyIndexOf(GeminiBalance.Keys.PoolKey.From(key))));
        }

        // Taking turns: one key, both proxies used.
        await using var turnsFirst = LoopbackProxy.Start();
        await using var turnsSecond = LoopbackProxy.Start();
        await using var turns = await ProxyHost.StartAsync(upstream, storage, ["pool-a"], new Dictionary<string, string?>
        {
            ["PROXIES"] = $"socks5://127.0.0.1:{turnsFirst.Port},socks5://127.0.0.1:{turnsSecond.Port}",
            ["PROXIES_USE_CONSISTENCY_HASH_BY_API_KEY"] = "false",
        });
        for (var i = 0; i < 4; i++)
        {
            using var response = await turns.Client.SendAsync(turns.Request(HttpMethod.Post, Generate, Body));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.True(turnsFirst.Connections > 0 && turnsSecond.Connections > 0, $"turns: {turnsFirst.Connections} and {turnsSecond.Connections} connections");
    }

    [Fact]
    public async Task ProxyCheckAnswersPerProxy_WithoutCredentials_AndNeedsTheAdminToken()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var good = LoopbackProxy.Start("carol", "hunter2-secret");
        var dead = LoopbackPorts.ReserveFree(1)[0];
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"], AdminApi.Settings(new Dictionary<string, string?>
        {
            ["PROXIES"] = $"http://carol:hunter2-secret@127.0.0.1:{good.Port},socks5://dave:other-secret@127.0.0.1:{dead}",
        }));

        using var anonymous = await proxy.Client.PostAsync("manage/proxies/check", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var (json, text) = await proxy.AdminJsonAsync(HttpMethod.Post, "manage/proxies/check");

        Assert.DoesNotContain("hunter2-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("other-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("carol", text, StringComparison.Ordinal);
        var checks = json.GetProperty("proxies").EnumerateArray().ToArray();
        Assert.Equal(2, checks.Length);
        Assert.Equal($"http://***@127.0.0.1:{good.Port}", checks[0].GetProperty("proxy").GetString());
        Assert.True(checks[0].GetProperty("reachable").GetBoolean());
        Assert.Equal(JsonValueKind.Number, checks[0].GetProperty("status").ValueKind);
        Assert.True(checks[0].GetProperty("latencyMs").GetInt64() >= 0);
        Assert.Equal($"socks5://***@127.0.0.1:{dead}", checks[1].GetProperty("proxy").GetString());
        Assert.False(checks[1].GetProperty("reachable").GetBoolean());
        Assert.False(string.IsNullOrEmpty(checks[1].GetProperty("error").GetString()));
        Assert.Equal(1, good.Requests);
    }
}
