namespace GeminiBalance.Usage;

/// <summary>What usage is counted per: a UTC minute, a key (by id) and a model.</summary>
internal readonly record struct UsageBucket(DateTimeOffset Minute, string KeyId, string Model);
