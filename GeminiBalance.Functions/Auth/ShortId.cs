using System.Security.Cryptography;
using System.Text;

namespace GeminiBalance.Auth;

/// <summary>
/// A short, stable, non-reversible name for a secret (a client token or an upstream key), used wherever
/// the secret itself must not appear: logs, table keys, API output.
/// </summary>
internal static class ShortId
{
    public static string From(string secret) => From(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static string From(ReadOnlySpan<byte> sha256) => Convert.ToHexStringLower(sha256[..6]);
}
