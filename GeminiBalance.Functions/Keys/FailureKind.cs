namespace GeminiBalance.Keys;

/// <summary>What an upstream failure says about the key that was used.</summary>
internal enum FailureKind
{
    /// <summary>The request itself was wrong (bad field, unknown model): no key is blamed and nothing is retried.</summary>
    ClientError,

    /// <summary>The key is invalid, blocked or its project lacks access: stop using it.</summary>
    KeyInvalid,

    /// <summary>429: rest this key for this model for a while.</summary>
    RateLimited,

    /// <summary>5xx, timeout, connection reset: try elsewhere; repeated failures make the key invalid.</summary>
    Transient,
}
