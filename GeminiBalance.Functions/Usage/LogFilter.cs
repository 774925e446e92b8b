namespace GeminiBalance.Usage;

/// <summary>Which log rows to list; every condition given must hold. Times are inclusive.</summary>
internal sealed record LogFilter(
    string? KeyId = null,
    string? Model = null,
    int? StatusCode = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null)
{
    public static readonly LogFilter None = new();
}
