namespace GeminiBalance.Usage;

/// <summary>Usage over a window, summed across every instance.</summary>
/// <param name="From">The start of the oldest minute counted: the report covers the minutes that overlap the window.</param>
/// <param name="PerKey">Busiest first.</param>
/// <param name="PerModel">Busiest first.</param>
/// <param name="TopFailingKeys">Keys with failures, most first (client errors do not count against a key).</param>
internal sealed record UsageReport(
    DateTimeOffset From,
    UsageCounts Totals,
    IReadOnlyList<NamedUsage> PerKey,
    IReadOnlyList<NamedUsage> PerModel,
    IReadOnlyList<NamedUsage> TopFailingKeys);
