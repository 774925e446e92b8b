using GeminiBalance.Auth;
using GeminiBalance.Hosting;
using GeminiBalance.Keys;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Quotas;

/// <summary>The pool with KEY_MODEL_LIMITS and KEY_TIERS: keys skipped when their budget is spent, the roomiest first.</summary>
public sealed class QuotaAwarePoolTests
{
    private const string Pro = "gemini-2.5-pro";

    // 2026-11-21 12:00 UTC is 04:00 in Los Angeles: the day's reset is 20 hours away.
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Next_MinuteBudgetSpent_SkipsTheKeyUntilItsOldestRequestLeavesTheMinute()
    {
        var pool = NewPool(["k1", "k2"], """{"gemini-2.5-pro": {"rpm": 2}}""");

        var picked = Enumerable.Range(0, 4).Select(_ => Take(pool, Pro)).ToArray();
        Assert.Equal(2, picked.Count(k => k == "k1"));
        Assert.Equal(2, picked.Count(k => k == "k2"));
        Assert.Null(Take(pool, Pro));
        Assert.Equal(TimeSpan.FromMinutes(1), pool.TimeUntilReturn(Pro));
        // Other models are not limited.
        Assert.NotNull(Take(pool, "gemini-2.5-flash"));

        _time.Advance(TimeSpan.FromSeconds(59.9));
        Assert.Null(Take(pool, Pro));
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.NotNull(Take(pool, Pro));
    }

    [Fact]
    public void Next_SlidingMinute_CountsExactly_NotInBuckets()
    {
        var pool = NewPool(["only"], """{"gemini-2.5-pro": {"rpm": 3}}""");

        // One request at 0 s, two at 50 s: at 70 s the first has left the minute, the other two have not.
        Assert.NotNull(Take(pool, Pro));
        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.NotNull(Take(pool, Pro));
        Assert.NotNull(Take(pool, Pro));
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.NotNull(Take(pool, Pro));
        Assert.Null(Take(pool, Pro));
        Assert.Equal(TimeSpan.FromSeconds(40), pool.TimeUntilReturn(Pro));
    }

    [Fact]
    public void Next_DayBudgetSpent_WaitsForMidnightPacific()
    {
        var pool = NewPool(["only"], """{"gemini-2.5-pro": {"rpm": 100, "rpd": 3}}""");
        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull(Take(pool, Pro));
            _time.Advance(TimeSpan.FromMinutes(5));
        }

        Assert.Null(Take(pool, Pro));
        Assert.Equal(QuotaReset.NextPacificMidnight(_time.GetUtcNow()) - _time.GetUtcNow(), pool.TimeUntilReturn(Pro));

        _time.Advance(QuotaReset.NextPacificMidnight(_time.GetUtcNow()) - _time.GetUtcNow());
        Assert.NotNull(Take(pool, Pro));
    }

    [Fact]
    public void Next_PrefersTheKeyWithTheMostRoom_APaidTierFirst()
    {
        var paidId = ShortId.From("paid");
        var pool = NewPool(
            ["free1", "free2", "paid"],
            """{"gemini-2.5-pro": {"rpm": 2}}""",
            """{"paid": {"keys": ["PAID"], "limits": {"gemini-2.5-pro": {"rpm": 5}}}}""".Replace("PAID", paidId, StringComparison.Ordinal));

        // The paid key has room for 5, each free key for 2: the paid key goes first until it has no more room than they.
        var picked = Enumerable.Range(0, 9).Select(_ => Take(pool, Pro)).ToArray();
        Assert.Equal("paid paid paid", string.Join(' ', picked[..3]));
        Assert.Equal(5, picked.Count(k => k == "paid"));
        Assert.Equal(2, picked.Count(k => k == "free1"));
        Assert.Equal(2, picked.Count(k => k == "free2"));
        Assert.Null(Take(pool, Pro));
    }

    [Fact]
    public void Next_TokensPerMinuteSpent_SkipsTheKey()
    {
        var pool = NewPool(["only"], """{"gemini-2.5-pro": {"rpm": 100, "tpm": 1000}}""");
        var key = pool.Next(Pro, new HashSet<PoolKey>())!;
        pool.ReportTokens(key, Pro, 1200);

        Assert.Null(Take(pool, Pro));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.NotNull(Take(pool, Pro));
    }

    [Fact]
    public void Next_WithoutLimits_RotatesAsBefore()
    {
        var pool = NewPool(["k1", "k2", "k3"], "");
        Assert.Equal("k1 k2 k3 k1 k2 k3", string.Join(' ', Enumerable.Range(0, 6).Select(_ => Take(pool, Pro))));
    }

    [Fact]
    public void Next_ConcurrentRequests_NeverTakeMoreThanTheLimit()
    {
        var pool = NewPool(["k1", "k2"], """{"gemini-2.5-pro": {"rpm": 50}}""");
        var taken = 0;
        Parallel.For(0, 1000, _ => Interlocked.Add(ref taken, pool.Next(Pro, new HashSet<PoolKey>()) is null ? 0 : 1));
        Assert.Equal(100, taken);
    }

    private static string? Take(KeyPool pool, string model) => pool.Next(model, new HashSet<PoolKey>())?.Secret;

    private KeyPool NewPool(string[] keys, string limits, string tiers = "") => new(
        TestOptions.Read((SettingNames.ApiKeys, string.Join(',', keys)), (SettingNames.KeyModelLimits, limits), (SettingNames.KeyTiers, tiers)),
        _time);
}
