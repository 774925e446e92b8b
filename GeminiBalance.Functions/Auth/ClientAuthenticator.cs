using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using GeminiBalance.Hosting;

namespace GeminiBalance.Auth;

/// <summary>
/// Checks client tokens against ALLOWED_TOKENS (and AUTH_TOKEN, which gemini-balance also accepts as a client token).
/// Tokens are compared as SHA-256 digests with a fixed-time comparison over every entry, so neither the
/// token's length nor which entry matched shows in the timing. A token that matched is remembered, so its next
/// requests skip the digest (about a tenth of a pass-through request's own CPU time in a profile).
/// When the tokens change (from the console) the digests and the remembered matches are rebuilt together, on the
/// first request that sees the new options, so a token taken away stops working at once.
/// </summary>
internal sealed class ClientAuthenticator
{
    private readonly ICurrentOptions _options;
    private volatile Tokens _tokens;

    public ClientAuthenticator(ICurrentOptions options)
    {
        _options = options;
        _tokens = Tokens.Of(options.Current);
    }

    public ClientIdentity? Authenticate(string? token)
    {
        if (token is null)
        {
            return null;
        }

        var tokens = _tokens;
        if (!ReferenceEquals(tokens.Source, _options.Current))
        {
            _tokens = tokens = Tokens.Of(_options.Current);
        }

        if (tokens.Matched.TryGetValue(token, out var remembered))
        {
            return remembered;
        }

        var match = Match(tokens, token);
        if (match is not null)
        {
            tokens.Matched.TryAdd(token, match);
        }

        return match;
    }

    private static ClientIdentity? Match(Tokens tokens, string token)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        ClientIdentity? match = null;
        foreach (var (known, isAdmin) in tokens.Known)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, known))
            {
                match ??= new ClientIdentity(ShortId.From(digest), isAdmin);
            }
        }

        return match;
    }

    /// <param name="Source">The options these were built from.</param>
    /// <param name="Matched">Only strings whose digest equals a configured token's get in, so it holds at most one entry per configured token.</param>
    private sealed record Tokens(ProxyOptions Source, (byte[] Digest, bool IsAdmin)[] Known, ConcurrentDictionary<string, ClientIdentity> Matched)
    {
        public static Tokens Of(ProxyOptions options)
        {
            var tokens = options.AllowedTokens.Select(token => (SHA256.HashData(Encoding.UTF8.GetBytes(token)), false));
            if (options.AuthToken is { } admin)
            {
                tokens = tokens.Append((SHA256.HashData(Encoding.UTF8.GetBytes(admin)), true));
            }

            return new Tokens(options, [.. tokens], new ConcurrentDictionary<string, ClientIdentity>(FixedTimeTokenComparer.Instance));
        }
    }

    /// <summary>
    /// Looks a presented token up among those that matched without a timing that tells how close a guess came: string
    /// hash codes are randomized per process, so a guess reaches <see cref="Equals(string?, string?)"/> only on a chance
    /// collision of hash codes it cannot observe, and even then the comparison takes the same time whatever the characters.
    /// </summary>
    private sealed class FixedTimeTokenComparer : IEqualityComparer<string>
    {
        public static readonly FixedTimeTokenComparer Instance = new();

        public bool Equals(string? x, string? y) =>
            x is not null && y is not null && CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(x.AsSpan()), MemoryMarshal.AsBytes(y.AsSpan()));

        public int GetHashCode(string token) => token.GetHashCode(StringComparison.Ordinal);
    }
}
