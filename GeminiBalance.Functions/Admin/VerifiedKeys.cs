namespace GeminiBalance.Admin;

/// <summary>The answer to a verify: one entry per key, in the order asked.</summary>
internal sealed record VerifiedKeys(IReadOnlyList<VerifiedKey> Keys);
