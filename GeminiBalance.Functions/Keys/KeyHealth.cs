using System.Collections.Immutable;

namespace GeminiBalance.Keys;

/// <summary>One key's health, immutable: each transition builds a new value (see Keys/README.md).</summary>
internal sealed record KeyHealth(bool Invalid, int ConsecutiveFailures, ImmutableDictionary<string, DateTimeOffset> CoolingUntil)
{
    public static readonly KeyHealth Fresh = new(false, 0, ImmutableDictionary<string, DateTimeOffset>.Empty.WithComparers(StringComparer.OrdinalIgnoreCase));

    public bool IsUsableFor(string model, DateTimeOffset now) =>
        !Invalid && (!CoolingUntil.TryGetValue(model, out var until) || until <= now);

    public KeyHealth Succeeded() => ConsecutiveFailures == 0 ? this : this with { ConsecutiveFailures = 0 };

    public KeyHealth Failed(UpstreamFailure failure, string model, DateTimeOffset now, int maxFailures) => failure.Kind switch
    {
        FailureKind.KeyInvalid => this with { Invalid = true },
        FailureKind.RateLimited => this with { CoolingUntil = CoolingUntil.SetItem(model, now + failure.RetryAfter) },
        FailureKind.Transient when ConsecutiveFailures + 1 >= maxFailures => this with { Invalid = true, ConsecutiveFailures = ConsecutiveFailures + 1 },
        FailureKind.Transient => this with { ConsecutiveFailures = ConsecutiveFailures + 1 },
        _ => this,
    };
}
