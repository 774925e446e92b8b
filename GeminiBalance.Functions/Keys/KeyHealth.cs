using System.Collections.Immutable;

namespace GeminiBalance.Keys;

/// <summary>
/// One key's health, immutable: each transition is a pure function of the old value and the time, so the
/// same transition can be applied to this instance's snapshot at once and to the stored entity later.
/// </summary>
internal sealed record KeyHealth
{
    private static readonly ImmutableDictionary<string, DateTimeOffset> NoCooling =
        ImmutableDictionary<string, DateTimeOffset>.Empty.WithComparers(StringComparer.OrdinalIgnoreCase);

    public static readonly KeyHealth Fresh = new();

    public KeyStatus Status { get; init; } = KeyStatus.Active;

    public int ConsecutiveFailures { get; init; }

    /// <summary>Every failure blamed on the key, ever; a counter that concurrent writers must not lose.</summary>
    public long TotalFailures { get; init; }

    public ImmutableDictionary<string, DateTimeOffset> CoolingUntil { get; init; } = NoCooling;

    public KeyError? LastError { get; init; }

    public bool IsUsableFor(string model, DateTimeOffset now) =>
        Status == KeyStatus.Active && (!CoolingUntil.TryGetValue(model, out var until) || until <= now);

    /// <summary>A success only changes anything when failures were counting; most successes return this same value.</summary>
    public KeyHealth Succeeded() => ConsecutiveFailures == 0 ? this : this with { ConsecutiveFailures = 0 };

    public KeyHealth Failed(UpstreamFailure failure, string model, DateTimeOffset now, int maxFailures)
    {
        if (failure.Kind == FailureKind.ClientError)
        {
            return this;
        }

        var blamed = this with
        {
            TotalFailures = TotalFailures + 1,
            LastError = new KeyError(failure.StatusCode, failure.Reason, now),
            CoolingUntil = WithoutExpired(now),
        };
        return failure.Kind switch
        {
            FailureKind.KeyInvalid => blamed with { Status = Demoted(KeyStatus.Invalid) },
            FailureKind.RateLimited => blamed with
            {
                CoolingUntil = blamed.CoolingUntil.SetItem(model, failure.PerDayQuota ? QuotaReset.NextPacificMidnight(now) : now + failure.RetryAfter),
            },
            _ when ConsecutiveFailures + 1 >= maxFailures => blamed with { ConsecutiveFailures = ConsecutiveFailures + 1, Status = Demoted(KeyStatus.Invalid) },
            _ => blamed with { ConsecutiveFailures = ConsecutiveFailures + 1 },
        };
    }

    /// <summary>
    /// The re-check succeeded: active again with nothing counting. Per-model cooling stays, since a test call on
    /// one model says nothing about another model's quota, and it ends by itself at the time Google named.
    /// An admin's disable stays too.
    /// </summary>
    public KeyHealth Revived() => Status == KeyStatus.Invalid ? this with { Status = KeyStatus.Active, ConsecutiveFailures = 0 } : this;

    public KeyHealth WithStatus(KeyStatus status) => Status == status ? this : this with { Status = status, ConsecutiveFailures = 0 };

    // Failures never lift an admin's disable.
    private KeyStatus Demoted(KeyStatus to) => Status == KeyStatus.Disabled ? KeyStatus.Disabled : to;

    private ImmutableDictionary<string, DateTimeOffset> WithoutExpired(DateTimeOffset now) =>
        CoolingUntil.Values.Any(until => until <= now)
            ? CoolingUntil.RemoveRange(CoolingUntil.Where(entry => entry.Value <= now).Select(entry => entry.Key).ToArray())
            : CoolingUntil;
}
