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

        Assert.Equal(KeyStatus.Disabled, broken.Disabled().Revived().Status);
        Assert.Equal(KeyStatus.Disabled, KeyHealth.Fresh.Disabled().Failed(UpstreamFailure.KeyInvalid, "m", Now, 3).Status);
    }

    [Fact]
    public void Succeeded_RecordsTheTimeOncePerMinute_SoMostSuccessesReturnTheSameValue()
    {
        var succeeded = KeyHealth.Fresh.Succeeded(Now);
        Assert.Equal(Now, succeeded.LastSuccess);
        Assert.Same(succeeded, succeeded.Succeeded(Now.AddSeconds(59)));
        Assert.Equal(Now.AddMinutes(1), succeeded.Succeeded(Now.AddMinutes(1)).LastSuccess);
    }

    [Fact]
    public void Succeeded_ResetsTheCountAndKeepsANewerSuccessAnotherInstanceStored()
    {
        var stored = KeyHealth.Fresh.Succeeded(Now.AddMinutes(5)).Failed(UpstreamFailure.Transient, "m", Now.AddMinutes(5), 3);
        var after = stored.Succeeded(Now);
        Assert.Equal(0, after.ConsecutiveFailures);
        Assert.Equal(Now.AddMinutes(5), after.LastSuccess);
    }

    [Fact]
    public void DisabledThenEnabled_ComesBackActiveWithNothingCounting()
    {
        var disabled = KeyHealth.Fresh.Failed(UpstreamFailure.Transient, "m", Now, 3).Disabled();
        Assert.Equal(KeyStatus.Disabled, disabled.Status);
        Assert.Same(disabled, disabled.Disabled());
        Assert.False(disabled.IsUsableFor("m", Now));

        var enabled = disabled.Enabled();
        Assert.Equal(KeyStatus.Active, enabled.Status);
        Assert.Equal(0, enabled.ConsecutiveFailures);
        Assert.Same(KeyHealth.Fresh, KeyHealth.Fresh.Enabled());
    }

    [Fact]
    public void Enabled_LeavesAnInvalidKeyInvalid() =>
        Assert.Equal(KeyStatus.Invalid, KeyHealth.Fresh.Failed(UpstreamFailure.KeyInvalid, "m", Now, 3).Enabled().Status);

    [Fact]
    public void Reset_MakesAnInvalidKeyActiveEndsCoolingAndKeepsHistory()
    {
        var broken = KeyHealth.Fresh.Failed(new UpstreamFailure(FailureKind.RateLimited, TimeSpan.FromHours(1)), "m", Now, 3)
            .Failed(UpstreamFailure.KeyInvalid, "m", Now, 3);

        var reset = broken.Reset();

        Assert.Equal(KeyStatus.Active, reset.Status);
        Assert.Empty(reset.CoolingUntil);
        Assert.True(reset.IsUsableFor("m", Now));
        Assert.Equal(2, reset.TotalFailures);
        Assert.Equal(broken.LastError, reset.LastError);
        Assert.Same(KeyHealth.Fresh, KeyHealth.Fresh.Reset());
    }

    [Fact]
    public void Reset_KeepsAnAdminsDisable() =>
        Assert.Equal(KeyStatus.Disabled, KeyHealth.Fresh.Failed(UpstreamFailure.KeyInvalid, "m", Now, 3).Disabled().Reset().Status);
}
