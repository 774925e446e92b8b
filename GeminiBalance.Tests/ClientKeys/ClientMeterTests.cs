using GeminiBalance.Clients;
using GeminiBalance.Upstream;

namespace GeminiBalance.Tests.ClientKeys;

/// <summary>One instance's counts: windows roll over, shared totals count, unwritten counts survive a failed write.</summary>
public sealed class ClientMeterTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 5, 12, 0, 30, TimeSpan.Zero);

    private static ClientKey Key(ClientLimits limits) =>
        new("ck_test", "test", "digest", true, null, [], limits, null, Noon);

    [Fact]
    public void RpmRefusesUntilTheMinuteEndsAndSaysWhen()
    {
        var meter = new ClientMeter();
        var key = Key(new ClientLimits(Rpm: 1));

        Assert.Null(meter.Admit(key, "m", true, Noon));
        var refusal = meter.Admit(key, "m", true, Noon.AddSeconds(10));

        Assert.NotNull(refusal);
        Assert.Equal(429, refusal.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(20), refusal.RetryAfter);
        Assert.Null(meter.Admit(key, "m", true, Noon.AddSeconds(30)));
    }

    [Fact]
    public void SharedTotalsFromOtherInstancesCountTowardTheLimit()
    {
        var meter = new ClientMeter();
        var key = Key(new ClientLimits(Rpd: 5));
        meter.SetShared(ClientWindow.DayOf(Noon), new WindowCount { Requests = 4 }, Noon);

        Assert.Null(meter.Admit(key, "m", true, Noon));
        Assert.NotNull(meter.Admit(key, "m", true, Noon));
    }

    [Fact]
    public void TokensCountTowardDayAndMonthAndAFailedWriteKeepsThem()
    {
        var meter = new ClientMeter();
        var key = Key(new ClientLimits(TpmMonth: 100));
        Assert.Null(meter.Admit(key, "m", true, Noon));
        meter.Completed("m", failed: false, new TokenUsage(60, 30, 10, 100), Noon);

        var taken = meter.TakeUnwritten();
        Assert.Equal(100, taken[ClientWindow.MonthOf(Noon)].Tokens);
        Assert.Equal(1, taken[ClientWindow.DayOf(Noon)].ByModel["m"].Calls);
        foreach (var (window, count) in taken)
        {
            meter.PutBack(window, count);
        }

        var refusal = meter.Admit(key, "m", true, Noon);
        Assert.Equal("insufficient_quota", refusal?.Code);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), ClientWindow.MonthOf(Noon).End);
    }
}
