namespace GeminiBalance.Usage;

/// <summary>Usage in one step of a trend, starting at <paramref name="At"/>.</summary>
internal sealed record UsagePoint(DateTimeOffset At, UsageCounts Counts);
