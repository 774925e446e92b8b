using System.Globalization;

namespace GeminiBalance.Errors;

/// <summary>Retry-After in whole seconds, rounded up and at least 1, so a client never retries too early or at once.</summary>
internal static class RetryAfterHeader
{
    public static void Set(HttpResponse response, TimeSpan delay) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
