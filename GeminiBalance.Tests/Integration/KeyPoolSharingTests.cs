using System.Net;
using GeminiBalance.Keys;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Integration;

/// <summary>Three app instances sharing one Azurite, as Azure Functions runs them when it scales out.</summary>
[Collection(ProxyCollection.Name)]
public sealed class KeyPoolSharingTests(AzuriteFixture storage)
{
    private const string Generate = "v1beta/models/gemini-2.5-flash:generateContent";
    private const string Body = """{"contents":[{"parts":[{"text":"hello"}]}]}""";

    [Fact]
    public async Task KeyMadeInvalidOnOneInstanceIsAvoidedByTheOthersAfterARefresh()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("shared-bad", new KeyBehavior.Invalid());
        upstream.SetKey("shared-good", new KeyBehavior.Good());
        await using var instances = await ProxyInstances.StartAsync(3, upstream, storage, ["shared-bad", "shared-good"]);
        var (first, others) = (instances[0], instances.Skip(1).ToArray());

        using var response = await first.Client.SendAsync(first.Request(HttpMethod.Post, Generate, Body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["shared-bad", "shared-good"], upstream.Requests.Select(request => request.Key));

        await instances.SyncAllAsync();
        upstream.ClearRequests();
        foreach (var other in others)
        {
            Assert.Equal(KeyStatus.Invalid, other.GetService<KeyPool>().HealthOf(PoolKey.From("shared-bad")).Status);
            for (var i = 0; i < 4; i++)
            {
                using var answer = await other.Client.SendAsync(other.Request(HttpMethod.Post, Generate, Body));
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            }
        }

        Assert.All(upstream.Requests, request => Assert.Equal("shared-good", request.Key));
    }

    [Fact]
    public async Task ConcurrentFailureReportsFromEveryInstanceAreAllCounted()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("shared-flaky", new KeyBehavior.Unavailable());
        await using var instances = await ProxyInstances.StartAsync(
            3, upstream, storage, ["shared-flaky"], new Dictionary<string, string?> { ["MAX_RETRIES"] = "1", ["MAX_FAILURES"] = "1000" });

        await Task.WhenAll(instances.SelectMany(instance => Enumerable.Range(0, 10).Select(async _ =>
        {
            using var response = await instance.Client.SendAsync(instance.Request(HttpMethod.Post, Generate, Body));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        })));
        await instances.SyncAllAsync();

        var stored = await instances.KeyStates.LoadAsync(CancellationToken.None);
        Assert.Equal(30, upstream.Requests.Count);
        Assert.Equal(30, stored[PoolKey.From("shared-flaky").Id].TotalFailures);
        Assert.Equal(30, stored[PoolKey.From("shared-flaky").Id].ConsecutiveFailures);
    }

    [Fact]
    public async Task RecheckFiredOnEveryInstanceAtOnceRunsOnceAndRevivesTheKeyEverywhere()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("shared-revivable", new KeyBehavior.Invalid());
        await using var instances = await ProxyInstances.StartAsync(3, upstream, storage, ["shared-revivable"]);
        using var failed = await instances[0].Client.SendAsync(instances[0].Request(HttpMethod.Post, Generate, Body));
        await instances.SyncAllAsync();
        upstream.SetKey("shared-revivable", new KeyBehavior.Good());
        upstream.ClearRequests();

        // What the key-recheck timer runs, whichever host fires it (the emulated-host tests fire the function itself).
        var revived = await Task.WhenAll(instances.Select(instance => instance.GetService<KeyRecheck>().RunIfDueAsync(CancellationToken.None)));
        Assert.Equal(1, revived.Sum());
        Assert.Single(upstream.Requests, request => request.Path.EndsWith("gemini-2.5-flash-lite:generateContent", StringComparison.Ordinal));

        await instances.SyncAllAsync();
        Assert.All(instances, instance => Assert.Equal(KeyStatus.Active, instance.GetService<KeyPool>().HealthOf(PoolKey.From("shared-revivable")).Status));
    }
}
