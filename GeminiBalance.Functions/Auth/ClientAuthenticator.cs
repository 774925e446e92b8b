using System.Security.Cryptography;
using System.Text;
using GeminiBalance.Hosting;

namespace GeminiBalance.Auth;

/// <summary>
/// Checks client tokens against ALLOWED_TOKENS (and AUTH_TOKEN, which gemini-balance also accepts as a client token).
/// Tokens are compared as SHA-256 digests with a fixed-time comparison over every entry, so neither the
/// token's length nor which entry matched shows in the timing.
/// </summary>
internal sealed class ClientAuthenticator
{
    private readonly (byte[] Digest, bool IsAdmin)[] _known;

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
}
