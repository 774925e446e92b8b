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

    private static PoolKey Find(KeyPool pool, string secret) =>
        Enumerable.Range(0, pool.Count).Select(_ => pool.Next("any", new HashSet<PoolKey>())!).First(key => key.Secret == secret);

    // Read from settings, so a setting added to ProxyOptions does not need adding here.
    private KeyPool NewPool(params string[] keys) =>
        new(TestOptions.Read((SettingNames.ApiKeys, string.Join(',', keys)), (SettingNames.MaxFailures, "3")), _time);
}
