using System.Net;
using Azure.Data.Tables;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;
using Xunit.Abstractions;

namespace GeminiBalance.Tests.ClientKeys;

/// <summary>
/// Three instances over one Azurite, stepped by hand: how far over a client key's limit the fleet admits, against the
/// bound docs/client-keys.md derives — at most L + (N−1)·r, where r is what one instance admits between two syncs, and
/// never more than N·L — and that every admitted request reaches the shared count.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class ClientKeyFleetTests(AzuriteFixture storage, ITestOutputHelper output)
{
    private const int Instances = 3;

    [Fact]
    public async Task WithNoSyncDuringABurstEachInstanceAdmitsAtMostTheLimitSoTheFleetAtMostThreeTimesIt()
    {
        const int limit = 10;
        await using var fleet = await StartAsync($$"""{"name":"burst","rpd":{{limit}}}""");

        var admitted = await BurstAsync(fleet, perInstance: 15);
        output.WriteLine($"rpd {limit}, {Instances} instances, 15 concurrent requests each, no sync: {admitted} admitted");
        Assert.Equal(Instances * limit, admitted);

        await fleet.Instances.SyncClientsAsync();
        Assert.Equal(0, await BurstAsync(fleet, perInstance: 2));
        Assert.Equal(Instances * limit, await StoredDayRequestsAsync(fleet));
    }

    [Theory]
    [InlineData(31, 1)]
    [InlineData(31, 4)]
    [InlineData(100, 10)]
    public async Task WithASyncEveryRoundTheFleetStaysWithinTheLimitPlusWhatTheOthersAdmittedInOneRound(int limit, int perRound)
    {
        await using var fleet = await StartAsync($$"""{"name":"paced","rpd":{{limit}}}""");

        var (admitted, inRound) = (0, -1);
        while (inRound != 0)
        {
            admitted += inRound = await BurstAsync(fleet, perRound);
            await fleet.Instances.SyncClientsAsync();
        }

        output.WriteLine($"rpd {limit}, {Instances} instances, {perRound} requests per instance per sync round: {admitted} admitted (bound {limit + ((Instances - 1) * perRound)})");
        Assert.InRange(admitted, limit, limit + ((Instances - 1) * perRound));
        Assert.Equal(admitted, await StoredDayRequestsAsync(fleet));
    }

    [Fact]
    public async Task OneInstanceNeverAdmitsOverTheLimitEvenUnderConcurrency()
    {
        const int limit = 7;
        await using var fleet = await StartAsync($$"""{"name":"alone","rpm":{{limit}}}""");
        var proxy = fleet.Instances[0];

        var answers = await Task.WhenAll(Enumerable.Range(0, 25).Select(async _ =>
        {
            using var response = await proxy.CallAsync(fleet.Secret);
            return response.StatusCode;
        }));

        Assert.Equal(limit, answers.Count(status => status == HttpStatusCode.OK));
        Assert.All(answers, status => Assert.Contains(status, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
    }

    [Fact]
    public async Task AKeyMadeOnOneInstanceIsKnownToTheOthersAfterASyncAndItsChangesFollow()
    {
        await using var fleet = await StartAsync("""{"name":"travels"}""", syncAfterCreate: false);
        using (var before = await fleet.Instances[2].CallAsync(fleet.Secret))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        }

        await fleet.Instances.SyncClientsAsync();
        using (var after = await fleet.Instances[2].CallAsync(fleet.Secret))
        {
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }

        await fleet.Instances[0].AdminJsonAsync(HttpMethod.Patch, $"manage/clients/{fleet.Id}", """{"enabled":false}""");
        await fleet.Instances.SyncClientsAsync();
        using var disabled = await fleet.Instances[1].CallAsync(fleet.Secret);
        Assert.Equal(HttpStatusCode.Unauthorized, disabled.StatusCode);
    }

    private static async Task<int> BurstAsync(Fleet fleet, int perInstance)
    {
        var answers = await Task.WhenAll(fleet.Instances.SelectMany(instance => Enumerable.Range(0, perInstance).Select(async _ =>
        {
            using var response = await instance.CallAsync(fleet.Secret);
            return response.StatusCode;
        })));
        Assert.All(answers, status => Assert.Contains(status, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        return answers.Count(status => status == HttpStatusCode.OK);
    }

    // The shared rows of the day windows, read straight from the table: what all instances wrote (yesterday's too, for a run across midnight UTC).
    private async Task<long> StoredDayRequestsAsync(Fleet fleet)
    {
        var table = new TableServiceClient(storage.ConnectionString).GetTableClient(fleet.TablePrefix + "clients");
        var today = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 86_400;
        long requests = 0;
        foreach (var day in new[] { today - 1, today })
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>($"count-day-{day}", fleet.Id);
            requests += row.HasValue ? row.Value!.GetInt64("Requests") ?? 0 : 0;
        }

        return requests;
    }

    private async Task<Fleet> StartAsync(string fields, bool syncAfterCreate = true)
    {
        var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("fleet-key", new KeyBehavior.Good());
        var instances = await ProxyInstances.StartAsync(Instances, upstream, storage, ["fleet-key"], AdminApi.Settings());
        var (id, secret) = await instances[0].CreateClientAsync(fields);
        if (syncAfterCreate)
        {
            await instances.SyncClientsAsync();
        }

        return new Fleet(upstream, instances, instances.TablePrefix, id, secret);
    }

    private sealed record Fleet(EmulatedGemini Upstream, ProxyInstances Instances, string TablePrefix, string Id, string Secret) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Instances.DisposeAsync();
            await Upstream.DisposeAsync();
        }
    }
}
