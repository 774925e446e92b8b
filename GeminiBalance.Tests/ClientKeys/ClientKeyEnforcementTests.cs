using System.Net;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.ClientKeys;

/// <summary>Each limit of a client key, refused on every surface in the caller's protocol, before any upstream call.</summary>
[Collection(ProxyCollection.Name)]
public sealed class ClientKeyEnforcementTests(AzuriteFixture storage)
{
    public static TheoryData<string> Surfaces => ["native", "openai", "responses", "anthropic"];

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task OverRpmGets429WithRetryAfter(string surface)
    {
        await using var setup = await StartAsync();
        var (_, secret) = await setup.Proxy.CreateClientAsync("""{"name":"rpm-two","rpm":2}""");

        for (var i = 0; i < 2; i++)
        {
            using var admitted = await setup.Proxy.CallAsync(secret, surface);
            Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        }

        using var refused = await setup.Proxy.CallAsync(secret, surface);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        var (message, code) = await ClientKeysApi.ErrorOfAsync(refused, surface);
        Assert.Contains("rpm", message, StringComparison.Ordinal);
        if (surface != "native")
        {
            Assert.Equal("rate_limit_exceeded", code);
        }

        Assert.Equal(2, setup.Upstream.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task ModelOutsideThePatternsGets403(string surface)
    {
        await using var setup = await StartAsync();
        var (_, secret) = await setup.Proxy.CreateClientAsync("""{"name":"flash-only","models":["gemini-2.5-flash*"]}""");

        using var allowed = await setup.Proxy.CallAsync(secret, surface, "gemini-2.5-flash-lite");
        using var refused = await setup.Proxy.CallAsync(secret, surface, "gemini-2.5-pro");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("gemini-2.5-pro", (await ClientKeysApi.ErrorOfAsync(refused, surface)).Message, StringComparison.Ordinal);
        Assert.Single(setup.Upstream.Requests);
    }

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task SpentDailyTokenBudgetGets429InBudgetWords(string surface)
    {
        await using var setup = await StartAsync();
        var (id, secret) = await setup.Proxy.CreateClientAsync("""{"name":"tiny-budget","tpd":1}""");

        using var first = await setup.Proxy.CallAsync(secret, surface);
        using var second = await setup.Proxy.CallAsync(secret, surface);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.True(second.Headers.Contains("Retry-After"));
        var (message, code) = await ClientKeysApi.ErrorOfAsync(second, surface);
        Assert.Contains("token budget", message, StringComparison.Ordinal);
        if (surface != "native")
        {
            Assert.Equal("insufficient_quota", code);
        }

        var (view, _) = await setup.Proxy.AdminJsonAsync(HttpMethod.Get, $"manage/clients/{id}");
        Assert.True(view.GetProperty("used").GetProperty("dayTokens").GetInt64() > 1);
    }

    [Fact]
    public async Task RpdAndMonthlyBudgetAreEnforcedToo()
    {
        await using var setup = await StartAsync();
        var (_, daily) = await setup.Proxy.CreateClientAsync("""{"name":"rpd-one","rpd":1}""");
        var (_, monthly) = await setup.Proxy.CreateClientAsync("""{"name":"month-one","tpm_month":1}""");

        using var dailyFirst = await setup.Proxy.CallAsync(daily);
        using var dailySecond = await setup.Proxy.CallAsync(daily);
        using var monthlyFirst = await setup.Proxy.CallAsync(monthly, "openai");
        using var monthlySecond = await setup.Proxy.CallAsync(monthly, "openai");

        Assert.Equal(HttpStatusCode.OK, dailyFirst.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, dailySecond.StatusCode);
        Assert.Contains("rpd", (await ClientKeysApi.ErrorOfAsync(dailySecond, "native")).Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, monthlyFirst.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, monthlySecond.StatusCode);
        Assert.Contains("tpm_month", (await ClientKeysApi.ErrorOfAsync(monthlySecond, "openai")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FilesSurfaceRefusesADisabledKey()
    {
        await using var setup = await StartAsync();
        var (id, secret) = await setup.Proxy.CreateClientAsync("""{"name":"files","enabled":false}""");

        using var request = new HttpRequestMessage(HttpMethod.Get, "v1beta/files");
        request.Headers.Add("x-goog-api-key", secret);
        using var response = await setup.Proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("disabled", (await ClientKeysApi.ErrorOfAsync(response, "native")).Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, string.Join('\n', setup.Proxy.Logs.Lines), StringComparison.Ordinal);
        Assert.NotEmpty(id);
    }

    private async Task<Setup> StartAsync()
    {
        var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-key", new KeyBehavior.Good());
        return new Setup(upstream, await ProxyHost.StartAsync(upstream, storage, ["pool-key"], AdminApi.Settings()));
    }

    private sealed record Setup(EmulatedGemini Upstream, ProxyHost Proxy) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Proxy.DisposeAsync();
            await Upstream.DisposeAsync();
        }
    }
}
