using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using GeminiBalance.Clients;
using GeminiBalance.Hosting;

namespace GeminiBalance.Auth;

/// <summary>
/// Checks client tokens against ALLOWED_TOKENS (and AUTH_TOKEN, which gemini-balance also accepts as a client token).
/// Tokens are compared as SHA-256 digests with a fixed-time comparison over every entry, so neither the
/// token's length nor which entry matched shows in the timing. A token that matched is remembered, so its next
/// requests skip the digest (about a tenth of a pass-through request's own CPU time in a profile).
/// When the tokens change (from the console) the digests and the remembered matches are rebuilt together, on the
/// first request that sees the new options, so a token taken away stops working at once.
/// A token that is none of those is looked up by its digest among the client keys made in the admin API
/// (<see cref="ClientDirectory"/>, in memory); those matches are not remembered, so a key deleted or changed on this
/// instance takes effect on its next request.
/// </summary>
internal sealed class ClientAuthenticator
{
    private readonly ICurrentOptions _options;
    private readonly ClientDirectory? _clients;
    private volatile Tokens _tokens;

    public ClientAuthenticator(ICurrentOptions options, ClientDirectory? clients = null)
    {
        _options = options;
        _clients = clients;
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

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), digest);
        var match = Match(tokens, digest);
        if (match is not null)
        {
            tokens.Matched.TryAdd(token, match);
            return match;
        }

        return _clients?.FindBySecretDigest(digest) is { } client ? new ClientIdentity(client.Id, IsAdmin: false, client) : null;
    }

    private static ClientIdentity? Match(Tokens tokens, ReadOnlySpan<byte> digest)
    {
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
