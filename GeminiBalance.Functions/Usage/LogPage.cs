namespace GeminiBalance.Usage;

/// <summary>One page of log rows, newest first.</summary>
/// <param name="ContinuationToken">Opaque; pass it back for the next page. Null when there is none.</param>
internal sealed record LogPage<T>(IReadOnlyList<T> Items, string? ContinuationToken);
