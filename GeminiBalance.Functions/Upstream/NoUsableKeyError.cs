using GeminiBalance.Errors;
using GeminiBalance.Keys;

namespace GeminiBalance.Upstream;

/// <summary>The 503 for a call no pool key can take: none configured, all set aside, or all cooling (then with Retry-After).</summary>
internal static class NoUsableKeyError
{
    /// <param name="quotaName">What cooling is tracked under: the model, or <c>files</c> for Files API calls.</param>
    /// <param name="forWhat">What the key was wanted for, as the message says it ("model 'x'", "uploads").</param>
    public static ErrorResult Create(KeyPool pool, string quotaName, string forWhat, ApiProtocol protocol)
    {
        var retryAfter = pool.TimeUntilReturn(quotaName);
        var message = pool.Count == 0
            ? "No API key is configured: API_KEYS is empty and none was added through the admin API."
            : retryAfter is null
                ? $"No API key is usable for {forWhat}: every key is invalid or disabled."
                : $"No API key is usable for {forWhat} right now: every key is rate-limited; the first comes back in {Math.Ceiling(retryAfter.Value.TotalSeconds)} s.";
        return new ErrorResult(protocol, StatusCodes.Status503ServiceUnavailable, message, retryAfter);
    }
}
