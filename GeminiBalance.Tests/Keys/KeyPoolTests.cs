using GeminiBalance.Hosting;
using GeminiBalance.Keys;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Keys;

public sealed class KeyPoolTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Next_HealthyKeys_RotatesRoundRobin()
    {
        var pool = NewPool("k1", "k2", "k3");
        var picked = Enumerable.Range(0, 6).Select(_ => pool.Next("m", new HashSet<PoolKey>())!.Secret).ToArray();
        Assert.Equal(["k1", "k2", "k3", "k1", "k2", "k3"], picked);
    }

    [Fact]
    public void Next_SetAsideKeys_TheirShareIsSpreadEvenlyOverTheUsableOnes()
    {
        var pool = NewPool("bad1", "bad2", "bad3", "good1", "good2");
        foreach (var bad in new[] { "bad1", "bad2", "bad3" })
        {
            pool.ReportFailure(Find(pool, bad), "m", UpstreamFailure.KeyInvalid);
        }

        var picked = Enumerable.Range(0, 1000).Select(_ => pool.Next("m", new HashSet<PoolKey>())!.Secret).ToArray();
        Assert.Equal(500, picked.Count(secret => secret == "good1"));
        Assert.Equal(500, picked.Count(secret => secret == "good2"));
    }

    [Fact]
    public void Next_SkipsKeysAlreadyTriedByThisRequest()
    {
        var pool = NewPool("k1", "k2");
        var first = pool.Next("m", new HashSet<PoolKey>())!;
        Assert.NotEqual(first, pool.Next("m", new HashSet<PoolKey> { first }));
        Assert.Null(pool.Next("m", new HashSet<PoolKey> { first, pool.Next("m", new HashSet<PoolKey> { first })! }));
    }

    [Fact]
    public void ReportFailure_InvalidKey_IsNeverPickedAgain()
    {
        var pool = NewPool("bad", "good");
        var bad = Find(pool, "bad");
        pool.ReportFailure(bad, "m", UpstreamFailure.KeyInvalid);
        Assert.All(Enumerable.Range(0, 5), _ => Assert.Equal("good", pool.Next("m", new HashSet<PoolKey>())!.Secret));
    }

    [Fact]
    public void ReportFailure_RateLimited_CoolsOnlyThatModelUntilTheDelayPasses()
    {
        var pool = NewPool("only");
        var key = Find(pool, "only");
        pool.ReportFailure(key, "gemini-2.5-pro", new UpstreamFailure(FailureKind.RateLimited, TimeSpan.FromSeconds(15)));

        Assert.Null(pool.Next("gemini-2.5-pro", new HashSet<PoolKey>()));
        Assert.NotNull(pool.Next("gemini-2.5-flash", new HashSet<PoolKey>()));
        Assert.Equal(TimeSpan.FromSeconds(15), pool.TimeUntilReturn("gemini-2.5-pro"));

        _time.Advance(TimeSpan.FromSeconds(15));
        Assert.NotNull(pool.Next("gemini-2.5-pro", new HashSet<PoolKey>()));
    }

    [Fact]
    public void ReportFailure_TransientAtMaxFailures_MakesTheKeyInvalid_ButASuccessResetsTheCount()
    {
        var pool = NewPool("flaky");
        var key = Find(pool, "flaky");
        pool.ReportFailure(key, "m", UpstreamFailure.Transient);
        pool.ReportFailure(key, "m", UpstreamFailure.Transient);
        pool.ReportSuccess(key);
        pool.ReportFailure(key, "m", UpstreamFailure.Transient);
        Assert.Equal(KeyStatus.Active, pool.HealthOf(key).Status);

        pool.ReportFailure(key, "m", UpstreamFailure.Transient);
        pool.ReportFailure(key, "m", UpstreamFailure.Transient);
        Assert.Equal(KeyStatus.Invalid, pool.HealthOf(key).Status);
        Assert.Equal(5, pool.HealthOf(key).TotalFailures);
        Assert.Null(pool.TimeUntilReturn("m"));
    }

    [Fact]
    public void ReportFailure_ClientError_BlamesNoKey()
    {
        var pool = NewPool("k");
        var key = Find(pool, "k");
        pool.ReportFailure(key, "m", UpstreamFailure.ClientError);
        Assert.Same(KeyHealth.Fresh, pool.HealthOf(key));
    }

    [Fact]
    public void PoolKey_ToString_NeverShowsTheSecret() =>
        Assert.DoesNotContain("AIzaSyTopSecret", PoolKey.From("AIzaSyTopSecret").ToString());

    [Fact]
    public void AddAdminKeys_JoinTheRotation_AndKeysAlreadyPresentKeepTheirHealth()
    {
        var pool = NewPool("k1", "k2");
        var k1 = Find(pool, "k1");
        pool.ReportFailure(k1, "m", UpstreamFailure.Transient);

        var added = pool.AddAdminKeys([PoolKey.From("a1"), PoolKey.From("k1"), PoolKey.From("a1")]);

        Assert.Equal([PoolKey.From("a1")], added);
        Assert.Equal(3, pool.Count);
        Assert.Equal(1, pool.HealthOf(k1).ConsecutiveFailures);
        Assert.Equal(KeySource.Settings, pool.Set.Find(k1.Id)!.Source);
        Assert.Equal(KeySource.Admin, pool.Set.Find(PoolKey.From("a1").Id)!.Source);
        var picked = Enumerable.Range(0, 6).Select(_ => pool.Next("m", new HashSet<PoolKey>())!.Secret).ToArray();
        Assert.Equal(2, picked.Count(secret => secret == "a1"));
    }

    [Fact]
    public void RemoveAdminKey_TakesItOutOfRotation_ButNeverASettingsKey()
    {
        var pool = NewPool("k1");
        pool.AddAdminKeys([PoolKey.From("a1")]);

        pool.RemoveAdminKey(PoolKey.From("a1").Id);
        pool.RemoveAdminKey(PoolKey.From("k1").Id);

        Assert.Equal(["k1", "k1", "k1"], Enumerable.Range(0, 3).Select(_ => pool.Next("m", new HashSet<PoolKey>())!.Secret));
        Assert.Null(pool.Set.Find(PoolKey.From("a1").Id));

        // A request that was using the key when it went reports into nothing.
        pool.ReportFailure(PoolKey.From("a1"), "m", UpstreamFailure.KeyInvalid);
        pool.ReportSuccess(PoolKey.From("a1"));
    }

    [Fact]
    public void UseStoredAdminKeys_TakesTheStoredSet_UnlessThisInstanceChangedItsKeysMeanwhile()
    {
        var pool = NewPool("k1");
        pool.AddAdminKeys([PoolKey.From("a1")]);
        var a1Slot = pool.Set.Find(PoolKey.From("a1").Id);

        pool.UseStoredAdminKeys(pool.Set, [PoolKey.From("a1"), PoolKey.From("a2")]);
        Assert.Equal(["k1", "a1", "a2"], pool.Set.Slots.Select(slot => slot.Key.Secret));
        Assert.Same(a1Slot, pool.Set.Find(PoolKey.From("a1").Id));

        var before = pool.Set;
        pool.AddAdminKeys([PoolKey.From("a3")]);
        pool.UseStoredAdminKeys(before, [PoolKey.From("a1")]);
        Assert.Equal(["k1", "a1", "a2", "a3"], pool.Set.Slots.Select(slot => slot.Key.Secret));

        pool.UseStoredAdminKeys(pool.Set, []);
        Assert.Equal(["k1"], pool.Set.Slots.Select(slot => slot.Key.Secret));
    }

    [Fact]
    public void Disable_KeyIsNeverPicked_UntilEnabled()
    {
        var pool = NewPool("k1", "k2");
        var k1 = Find(pool, "k1");

        pool.Disable(k1);
        Assert.All(Enumerable.Range(0, 4), _ => Assert.Equal("k2", pool.Next("m", new HashSet<PoolKey>())!.Secret));
        Assert.Null(pool.TimeUntilReturn("m"));

        pool.Enable(k1);
        Assert.Contains("k1", Enumerable.Range(0, 4).Select(_ => pool.Next("m", new HashSet<PoolKey>())!.Secret));
    }

    [Fact]
    public void Transitions_AreQueuedOnlyWhenTheyChangeSomething()
    {
        var pool = NewPool("k1");
        var k1 = Find(pool, "k1");

        pool.ReportSuccess(k1);
        pool.ReportSuccess(k1);
        pool.Enable(k1);
        pool.Reset(k1);
        pool.Disable(k1);

        var queued = new List<KeyTransition>();
        while (pool.Transitions.TryRead(out var transition))
        {
            queued.Add(transition);
        }

        Assert.Equal(2, queued.Count);
        Assert.Equal(KeyStatus.Disabled, queued.Aggregate(KeyHealth.Fresh, (health, transition) => transition.Apply(health)).Status);
    }

    [Fact]
    public void AvailabilityFor_TellsWhyTheOneKeyCannotServeAndForHowLong()
    {
        var pool = NewPool("owner", "other");
        var owner = PoolKey.From("owner");
        pool.ReportFailure(owner, "m", new UpstreamFailure(FailureKind.RateLimited, RetryAfter: TimeSpan.FromSeconds(40)));

        var cooling = pool.AvailabilityFor(owner.Id, "m");
        var otherModel = pool.AvailabilityFor(owner.Id, "n");
        _time.Advance(TimeSpan.FromSeconds(40));
        var back = pool.AvailabilityFor(owner.Id, "m");
        pool.Disable(owner);
        var disabled = pool.AvailabilityFor(owner.Id, "m");

        Assert.Equal(new KeyAvailability(owner, KeyStatus.Active, TimeSpan.FromSeconds(40)), cooling);
        Assert.Equal(new KeyAvailability(owner, KeyStatus.Active, null), otherModel);
        Assert.Equal(new KeyAvailability(owner, KeyStatus.Active, null), back);
        Assert.Equal(KeyStatus.Disabled, disabled.Status);
        Assert.Null(pool.AvailabilityFor(PoolKey.From("never-added").Id, "m").Key);
    }

    private static PoolKey Find(KeyPool pool, string secret) =>
        Enumerable.Range(0, pool.Count).Select(_ => pool.Next("any", new HashSet<PoolKey>())!).First(key => key.Secret == secret);

    // Read from settings, so a setting added to ProxyOptions does not need adding here.
    private KeyPool NewPool(params string[] keys) =>
        new(TestOptions.Read((SettingNames.ApiKeys, string.Join(',', keys)), (SettingNames.MaxFailures, "3")), _time);
}
