namespace GeminiBalance.Usage;

/// <summary>Usage summed for one key (by id) or one model.</summary>
internal sealed record NamedUsage(string Name, UsageCounts Counts);
