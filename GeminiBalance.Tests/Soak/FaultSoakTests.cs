using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Soak;

/// <summary>The short fault soak (./scripts/soak.sh runs the long one): counts, never timings.</summary>
[Collection(ProxyCollection.Name)]
public sealed class FaultSoakTests(AzuriteFixture storage)
{
    [Fact]
    public async Task NothingIsLostWhileMostKeysFail()
    {
        await using var upstream = await EmulatedGemini.StartAsync();

        var report = await FaultSoak.RunAsync(upstream, storage, SoakPlan.Short);

        Assert.True(report.Passed, report.ToMarkdown());
        Assert.Equal(SoakPlan.Short.Requests, report.Succeeded + report.FailedCorrectly);
        // The faults really were met: every faulty key was asked, and at least one stream broke after its first chunk.
        Assert.All(report.Keys, key => Assert.True(key.Calls > 0, $"{key.Key} was never asked\n{report.ToMarkdown()}"));
        Assert.Contains("stream ended with an error event", report.FailureReasons.Keys);
        Assert.Equal("Invalid", report.Keys.Single(k => k.Key == "soak-invalid").FinalStatus);
        Assert.Equal("Invalid", report.Keys.Single(k => k.Key == "soak-slow").FinalStatus);
    }

    [Fact]
    public async Task NothingIsLostWhileTheUpstreamMisbehaves()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        var plan = SoakPlan.Short with { Requests = 200, Chaos = true };

        var report = await FaultSoak.RunAsync(upstream, storage, plan);

        Assert.True(report.Passed, report.ToMarkdown());
        Assert.All(report.Keys, key => Assert.True(key.Calls > 0, $"{key.Key} was never asked\n{report.ToMarkdown()}"));

        // Garbage in a 200 is not the key's fault: those keys stay in the pool; silence, resets and 5xx set theirs aside.
        Assert.Equal("Active", report.Keys.Single(k => k.Key == "chaos-InvalidJson").FinalStatus);
        Assert.Equal("Invalid", report.Keys.Single(k => k.Key == "chaos-HeadersThenSilence").FinalStatus);
    }
}
