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
/// </summary>
internal sealed class ClientAuthenticator
{
    private readonly (byte[] Digest, bool IsAdmin)[] _known;

    // Only strings whose digest equals a configured token's get in, so it holds at most one entry per configured token.
    private readonly ConcurrentDictionary<string, ClientIdentity> _matched = new(FixedTimeTokenComparer.Instance);

    public ClientAuthenticator(ProxyOptions options)
    {
        var tokens = options.AllowedTokens.Select(token => (SHA256.HashData(Encoding.UTF8.GetBytes(token)), false));
        if (options.AuthToken is { } admin)
        {
            tokens = tokens.Append((SHA256.HashData(Encoding.UTF8.GetBytes(admin)), true));
        }

        _known = tokens.ToArray();
    }

    public ClientIdentity? Authenticate(string? token)
    {
        if (token is null)
        {
            return null;
        }

        if (_matched.TryGetValue(token, out var remembered))
        {
            return remembered;
        }

        var match = Match(token);
        if (match is not null)
        {
            _matched.TryAdd(token, match);
        }

        return match;
    }

    private ClientIdentity? Match(string token)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        ClientIdentity? match = null;
        foreach (var (known, isAdmin) in _known)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, known))
            {
                match ??= new ClientIdentity(ShortId.From(digest), isAdmin);
            }
        }

        return match;
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
