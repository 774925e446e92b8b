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
}
