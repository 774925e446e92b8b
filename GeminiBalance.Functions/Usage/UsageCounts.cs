namespace GeminiBalance.Usage;

/// <summary>Attempts and tokens for one key, model and minute (or any sum of those).</summary>
/// <param name="Calls">Attempts sent upstream: successes + failures + client errors.</param>
/// <param name="Failures">Attempts that failed because of the key or the upstream (invalid key, 429, 5xx, timeout, broken stream).</param>
/// <param name="ClientErrors">Attempts refused because the request itself was wrong; they blame no key.</param>
/// <param name="OutputTokens">candidatesTokenCount: visible output, thoughts excluded.</param>
internal readonly record struct UsageCounts(
    long Calls,
    long Successes,
    long Failures,
    long ClientErrors,
    long PromptTokens,
    long OutputTokens,
    long ThoughtTokens,
    long TotalTokens)
{
    public static UsageCounts operator +(UsageCounts left, UsageCounts right) => new(
        left.Calls + right.Calls,
        left.Successes + right.Successes,
        left.Failures + right.Failures,
        left.ClientErrors + right.ClientErrors,
        left.PromptTokens + right.PromptTokens,
        left.OutputTokens + right.OutputTokens,
        left.ThoughtTokens + right.ThoughtTokens,
        left.TotalTokens + right.TotalTokens);
}
