using GeminiBalance.Keys;
using GeminiBalance.Storage;

namespace GeminiBalance.Tests.Storage;

public sealed class KeyStateEntityTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FromThenToHealth_KeepsEveryField()
    {
        var health = KeyHealth.Fresh
            .Failed(new UpstreamFailure(FailureKind.RateLimited, TimeSpan.FromSeconds(90), StatusCode: 429, Reason: "RESOURCE_EXHAUSTED"), "gemini-2.5-pro", Now, 3)
            .Failed(new UpstreamFailure(FailureKind.RateLimited, TimeSpan.FromSeconds(5), PerDayQuota: true, StatusCode: 429, Reason: "RESOURCE_EXHAUSTED"), "gemini-2.5-flash", Now, 3)
            .Failed(new UpstreamFailure(FailureKind.Transient, StatusCode: 503, Reason: "UNAVAILABLE"), "gemini-2.5-pro", Now.AddSeconds(1), 3)
            .Succeeded(Now.AddSeconds(2))
            .Failed(new UpstreamFailure(FailureKind.Transient, StatusCode: 500, Reason: "INTERNAL"), "gemini-2.5-pro", Now.AddSeconds(3), 3);

        var entity = KeyStateEntity.From("abc123", health);
        var back = KeyStateEntity.ToHealth(entity);

        Assert.Equal(("key", "abc123"), (entity.PartitionKey, entity.RowKey));
        Assert.Equal(health.Status, back.Status);
        Assert.Equal(health.ConsecutiveFailures, back.ConsecutiveFailures);
        Assert.Equal(4, back.TotalFailures);
        Assert.Equal(Now.AddSeconds(2), back.LastSuccess);
        Assert.Equal(health.LastError, back.LastError);
        Assert.Equal(health.CoolingUntil.OrderBy(entry => entry.Key), back.CoolingUntil.OrderBy(entry => entry.Key));
    }

    [Fact]
    public void ToHealth_OfAnInvalidKey_IsInvalid() =>
        Assert.Equal(KeyStatus.Invalid, KeyStateEntity.ToHealth(KeyStateEntity.From("k", KeyHealth.Fresh.Failed(UpstreamFailure.KeyInvalid, "m", Now, 3))).Status);
}
