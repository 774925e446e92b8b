namespace GeminiBalance.Admin;

/// <summary>One key's test call and what it did to the key.</summary>
/// <param name="Outcome">valid, invalid, rate_limited, unavailable, or inconclusive (the test call itself was refused, e.g. an unknown TEST_MODEL).</param>
/// <param name="Error">The failure, when there was one.</param>
/// <param name="Key">The key after the outcome was applied.</param>
internal sealed record VerifiedKey(string Outcome, KeyErrorView? Error, KeyView Key);
