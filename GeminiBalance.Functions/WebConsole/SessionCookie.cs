using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GeminiBalance.Hosting;

namespace GeminiBalance.WebConsole;

/// <summary>
/// The console's session cookie: a random session id and its expiry, signed with HMAC-SHA256 under a key derived
/// (HKDF) from AUTH_TOKEN, which every instance shares, so any instance accepts a session any other issued, and
/// changing AUTH_TOKEN ends every session. The token itself never leaves the login request.
/// The CSRF token is a second HMAC over the session id: the page reads it from <c>/console/session</c> (same-origin
/// only) and sends it back in a header, which a cross-site form or image cannot do.
/// </summary>
internal sealed class SessionCookie(ICurrentOptions options, TimeProvider time)
{
    public const string Name = "gb_session";
    public const string CsrfHeader = "X-CSRF-Token";

    private static readonly byte[] Purpose = "GeminiBalance console sessions v1"u8.ToArray();

    /// <returns>The cookie value and the session it stands for; null when the console is off (no AUTH_TOKEN).</returns>
    public (string Value, ConsoleSession Session)? Issue()
    {
        if (Key() is not { } key)
        {
            return null;
        }

        var session = new ConsoleSession(Base64Url(RandomNumberGenerator.GetBytes(18)), time.GetUtcNow() + options.Current.AdminSessionExpiry);
        var payload = session.Id + "." + session.Expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return (payload + "." + Sign(key, payload), session);
    }

    /// <returns>The session the request's cookie stands for, or null when it has none, a forged one or an expired one.</returns>
    public ConsoleSession? Read(HttpRequest request)
    {
        if (Key() is not { } key || request.Cookies[Name] is not { Length: < 200 } value)
        {
            return null;
        }

        var parts = value.Split('.');
        if (parts.Length != 3
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(key, parts[0] + "." + parts[1])), Encoding.ASCII.GetBytes(parts[2])))
        {
            return null;
        }

        var session = new ConsoleSession(parts[0], DateTimeOffset.FromUnixTimeSeconds(Math.Min(expires, DateTimeOffset.MaxValue.ToUnixTimeSeconds())));
        return session.Expires > time.GetUtcNow() ? session : null;
    }

    public string CsrfTokenOf(ConsoleSession session) => Key() is { } key ? Sign(key, "csrf." + session.Id) : "";

    public bool HasValidCsrfToken(HttpRequest request, ConsoleSession session) =>
        request.Headers[CsrfHeader].ToString() is { Length: > 0 } sent
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(sent), Encoding.ASCII.GetBytes(CsrfTokenOf(session)));

    private byte[]? Key() => options.Current.AuthToken is { } token
        ? HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(token), 32, salt: [], info: Purpose)
        : null;

    private static string Sign(byte[] key, string payload) => Base64Url(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
