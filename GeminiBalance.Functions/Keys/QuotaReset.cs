namespace GeminiBalance.Keys;

/// <summary>Gemini's daily quotas reset at midnight Pacific time (https://ai.google.dev/gemini-api/docs/rate-limits).</summary>
internal static class QuotaReset
{
    private static readonly TimeZoneInfo Pacific = FindPacific();

    public static DateTimeOffset NextPacificMidnight(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, Pacific);
        var midnight = local.Date.AddDays(1);
        return new DateTimeOffset(midnight, Pacific.GetUtcOffset(midnight));
    }

    private static TimeZoneInfo FindPacific()
    {
        foreach (var id in new[] { "America/Los_Angeles", "Pacific Standard Time" })
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
            {
                return zone;
            }
        }

        // No time-zone data on the machine: standard time all year resets an hour late in summer, never early.
        return TimeZoneInfo.CreateCustomTimeZone("Pacific", TimeSpan.FromHours(-8), "Pacific", "Pacific");
    }
}
