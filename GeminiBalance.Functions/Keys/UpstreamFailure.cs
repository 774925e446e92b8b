namespace GeminiBalance.Keys;

/// <summary>A classified upstream failure.</summary>
/// <param name="RetryAfter">For <see cref="FailureKind.RateLimited"/>: Google's RetryInfo.retryDelay.</param>
/// <param name="PerDayQuota">For <see cref="FailureKind.RateLimited"/>: the exhausted quota is a daily one, which resets at midnight Pacific time.</param>
/// <param name="StatusCode">The upstream HTTP status, 0 when no answer came.</param>
/// <param name="Reason">Google's ErrorInfo reason or status name, or what went wrong on the wire.</param>
internal sealed record UpstreamFailure(FailureKind Kind, TimeSpan RetryAfter = default, bool PerDayQuota = false, int StatusCode = 0, string Reason = "")
{
    public static readonly UpstreamFailure ClientError = new(FailureKind.ClientError);
    public static readonly UpstreamFailure KeyInvalid = new(FailureKind.KeyInvalid);
    public static readonly UpstreamFailure Transient = new(FailureKind.Transient);
}
