using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Soak;

/// <summary>The short quota soak: counts, never timings.</summary>
[Collection(ProxyCollection.Name)]
public sealed class QuotaSoakTests(AzuriteFixture storage)
{
    [Fact]
    public async Task QuotaAware_SameTraffic_SendsNoRequestGoogleWouldRefuse_AndServesAsMany()
    {
        var plan = QuotaSoakPlan.Short;

        var reactive = await QuotaSoak.RunAsync(storage, plan, quotaAware: false);
        var aware = await QuotaSoak.RunAsync(storage, plan, quotaAware: true);

        var report = QuotaSoakFigures.ToMarkdown(plan, [reactive, aware]);
        // The burst is three times what the keys allow in the minute it lasts: each key serves exactly its quota either way.
        Assert.True(plan.Keys * plan.Rpm == reactive.Succeeded, report);
        Assert.True(plan.Keys * plan.Rpm == aware.Succeeded, report);
        // Reactive learns each key is spent from a 429; quota-aware never sends a request over a key's quota.
        Assert.True(reactive.Upstream429s >= plan.Keys, report);
        Assert.True(aware.Upstream429s == 0, report);
        Assert.True(aware.UpstreamCalls == aware.Succeeded, report);
        // The requests no key can serve get a clear 503 with Retry-After or Google's 429, never a 500.
        Assert.All(aware.Answers.Keys, status => Assert.True(status is 200 or 503, report));
        Assert.All(reactive.Answers.Keys, status => Assert.True(status is 200 or 429 or 503, report));
    }
}
