using GeminiBalance.Keys;

namespace GeminiBalance.Tests.Keys;

public sealed class KeyHealthTests
{
    // 2026-11-21 is after the switch to standard time: Pacific is UTC-8.
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Failed_DailyQuota_CoolsTheModelUntilMidnightPacific()
    {
        var health = KeyHealth.Fresh.Failed(new UpstreamFailure(FailureKind.RateLimited, TimeSpan.FromSeconds(15), PerDayQuota: true), "gemini-2.5-pro", Now, 3);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero), health.CoolingUntil["gemini-2.5-pro"]);
    }

    [Fact]
    public void NextPacificMidnight_InSummer_UsesDaylightTime() =>
        Assert.Equal(new DateTimeOffset(2026, 7, 2, 7, 0, 0, TimeSpan.Zero), QuotaReset.NextPacificMidnight(new DateTimeOffset(2026, 7, 1, 20, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void Failed_RecordsTheLastErrorAndCountsEveryFailure()
    {
        var health = KeyHealth.Fresh
            .Failed(new UpstreamFailure(FailureKind.Transient, StatusCode: 503, Reason: "UNAVAILABLE"), "m", Now, 3)
            .Failed(new UpstreamFailure(FailureKind.RateLimited, TimeSpan.FromSeconds(5), StatusCode: 429, Reason: "RESOURCE_EXHAUSTED"), "m", Now, 3);

        Assert.Equal(2, health.TotalFailures);
        Assert.Equal(new KeyError(429, "RESOURCE_EXHAUSTED", Now), health.LastError);
    }

    [Fact]
    public void Failed_DropsCoolingThatHasExpired()
    {
        var health = KeyHealth.Fresh.Failed(new UpstreamFailure(FailureKind.RateLimited, TimeSpan.FromSeconds(5)), "old", Now, 3)
            .Failed(new UpstreamFailure(FailureKind.RateLimited, TimeSpan.FromSeconds(5)), "new", Now.AddMinutes(1), 3);
        Assert.Equal(["new"], health.CoolingUntil.Keys);
    }

    [Fact]
    public void Revived_MakesAnInvalidKeyActiveButKeepsCoolingAndAnAdminsDisable()
    {
        var broken = KeyHealth.Fresh.Failed(new UpstreamFailure(FailureKind.RateLimited, TimeSpan.FromHours(1)), "m", Now, 3)
            .Failed(UpstreamFailure.Transient, "m", Now, 3)
            .Failed(UpstreamFailure.KeyInvalid, "m", Now, 3);
        var revived = broken.Revived();
        Assert.Equal(KeyStatus.Active, revived.Status);
        Assert.Equal(0, revived.ConsecutiveFailures);
        Assert.Equal(["m"], revived.CoolingUntil.Keys);
        Assert.Same(KeyHealth.Fresh, KeyHealth.Fresh.Revived());

        Assert.Equal(KeyStatus.Disabled, broken.WithStatus(KeyStatus.Disabled).Revived().Status);
        Assert.Equal(KeyStatus.Disabled, KeyHealth.Fresh.WithStatus(KeyStatus.Disabled).Failed(UpstreamFailure.KeyInvalid, "m", Now, 3).Status);
    }

    [Fact]
    public void Succeeded_WithNothingCounting_ReturnsTheSameValue() => Assert.Same(KeyHealth.Fresh, KeyHealth.Fresh.Succeeded());
}
