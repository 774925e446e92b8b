using System.Security.Cryptography;
using System.Text;

namespace GeminiBalance.Clients;

/// <summary>New client-key secrets and ids, and the digest by which a presented secret is recognised.</summary>
internal static class ClientSecret
{
    /// <summary>The prefix makes a leaked secret easy to spot (secret scanners, logs) and tells it from an upstream key.</summary>
    public const string Prefix = "gbk-";

    /// <summary>256 random bits, URL-safe, so it passes in a header or <c>?key=</c> unchanged.</summary>
    public static string NewSecret() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>An id unrelated to the secret: knowing one tells nothing of the other.</summary>
    public static string NewId() => "ck_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static string Digest(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static string Digest(ReadOnlySpan<byte> sha256) => Convert.ToHexStringLower(sha256);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
