namespace GeminiBalance.Usage;

/// <summary>A log row and its number in its queue, fixed when queued so a retried write stores it under the same key.</summary>
internal readonly record struct QueuedRow<T>(T Row, long Sequence);
