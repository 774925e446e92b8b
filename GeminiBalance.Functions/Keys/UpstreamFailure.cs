namespace GeminiBalance.Keys;

/// <summary>A classified upstream failure. <see cref="RetryAfter"/> matters only for <see cref="FailureKind.RateLimited"/>.</summary>
internal sealed record UpstreamFailure(FailureKind Kind, TimeSpan RetryAfter = default)
{
    public static readonly UpstreamFailure ClientError = new(FailureKind.ClientError);
    public static readonly UpstreamFailure KeyInvalid = new(FailureKind.KeyInvalid);
    public static readonly UpstreamFailure Transient = new(FailureKind.Transient);
}
