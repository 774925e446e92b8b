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

    // Keeps a busy key from queueing a storage write per success while "last success" stays useful to an admin.
    private static readonly TimeSpan SuccessResolution = TimeSpan.FromMinutes(1);

    public KeyStatus Status { get; init; } = KeyStatus.Active;

    public int ConsecutiveFailures { get; init; }

    /// <summary>Every failure blamed on the key, ever; a counter that concurrent writers must not lose.</summary>
    public long TotalFailures { get; init; }

    public ImmutableDictionary<string, DateTimeOffset> CoolingUntil { get; init; } = NoCooling;

    public KeyError? LastError { get; init; }

    /// <summary>When the key last answered, to within <see cref="SuccessResolution"/>.</summary>
    public DateTimeOffset? LastSuccess { get; init; }

    public bool IsUsableFor(string model, DateTimeOffset now) =>
        Status == KeyStatus.Active && (!CoolingUntil.TryGetValue(model, out var until) || until <= now);

    /// <summary>
    /// A success changes anything only when failures were counting or the recorded success is older than
    /// <see cref="SuccessResolution"/>, so most successes return this same value and queue no storage write.
    /// A newer success another instance stored is kept.
    /// </summary>
    public KeyHealth Succeeded(DateTimeOffset now) =>
        ConsecutiveFailures == 0 && LastSuccess is { } last && now - last < SuccessResolution
            ? this
            : this with { ConsecutiveFailures = 0, LastSuccess = LastSuccess > now ? LastSuccess : now };

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

    public KeyHealth Disabled() => Status == KeyStatus.Disabled ? this : this with { Status = KeyStatus.Disabled, ConsecutiveFailures = 0 };

    /// <summary>Lifts an admin's disable; whether the key works is for the next request (or a verify) to say.</summary>
    public KeyHealth Enabled() => Status == KeyStatus.Disabled ? this with { Status = KeyStatus.Active, ConsecutiveFailures = 0 } : this;

    /// <summary>
    /// An admin's fresh start: invalid becomes active, counting and cooling stop. A disable stays (enabling is its own
    /// decision), and the history (total failures, last error, last success) is kept.
    /// </summary>
    public KeyHealth Reset()
    {
        var status = Status == KeyStatus.Invalid ? KeyStatus.Active : Status;
        return status == Status && ConsecutiveFailures == 0 && CoolingUntil.IsEmpty
            ? this
            : this with { Status = status, ConsecutiveFailures = 0, CoolingUntil = NoCooling };
    }

    // Failures never lift an admin's disable.
    private KeyStatus Demoted(KeyStatus to) => Status == KeyStatus.Disabled ? KeyStatus.Disabled : to;

    private ImmutableDictionary<string, DateTimeOffset> WithoutExpired(DateTimeOffset now) =>
        CoolingUntil.Values.Any(until => until <= now)
            ? CoolingUntil.RemoveRange(CoolingUntil.Where(entry => entry.Value <= now).Select(entry => entry.Key).ToArray())
            : CoolingUntil;
}
