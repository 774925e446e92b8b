namespace GeminiBalance.Clients;

/// <summary>
/// A client key made in the admin API. Only the SHA-256 of its secret is kept: the secret is shown once, when the key is
/// made, and the id (which names it in logs, statistics and URLs) is random, not derived from the secret.
/// </summary>
/// <param name="SecretSha256">Lower-case hex SHA-256 of the secret's UTF-8 bytes.</param>
/// <param name="Models">Patterns of the models it may call (<see cref="ModelPatterns"/>); empty for every model.</param>
internal sealed record ClientKey(
    string Id,
    string Name,
    string SecretSha256,
    bool Enabled,
    DateTimeOffset? Expires,
    IReadOnlyList<string> Models,
    ClientLimits Limits,
    string? Note,
    DateTimeOffset Created)
{
    public bool IsExpired(DateTimeOffset now) => Expires is { } expires && expires <= now;

    /// <summary>Why it may not call at all (401), or null when it may.</summary>
    public string? Refusal(DateTimeOffset now) =>
        !Enabled ? $"The client key '{Name}' is disabled."
        : IsExpired(now) ? $"The client key '{Name}' expired at {Expires:u}."
        : null;
}
