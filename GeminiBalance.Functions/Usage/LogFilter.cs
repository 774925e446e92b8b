namespace GeminiBalance.Usage;

/// <summary>Which log rows to list; every condition given must hold. Times are inclusive.</summary>
/// <param name="ClientId">The caller: a client key's id, or the short id of a token from ALLOWED_TOKENS.</param>
internal sealed record LogFilter(
    string? KeyId = null,
    string? Model = null,
    int? StatusCode = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    string? ClientId = null)
{
    public static readonly LogFilter None = new();
}
