using System.Buffers.Text;
using System.Text;
using Azure.Core;

namespace GeminiBalance.Tests.TestKit;

/// <summary>
/// Stands in for Microsoft Entra ID, which the tests cannot reach: hands out unsigned JWTs that Azurite's basic OAuth
/// accepts when their issuer, audience and lifetime are right (it does not check signatures). Records the scopes asked
/// for, so a test can see the clients asked for storage tokens.
/// </summary>
public sealed class EmulatorTokenCredential(string audience) : TokenCredential
{
    private readonly List<string> _scopes = [];

    public IReadOnlyList<string> Scopes
    {
        get
        {
            lock (_scopes)
            {
                return [.. _scopes];
            }
        }
    }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        lock (_scopes)
        {
            _scopes.AddRange(requestContext.Scopes);
        }

        var now = DateTimeOffset.UtcNow;
        var expires = now.AddHours(1);
        var payload = $$"""
            {"aud":"{{audience}}","iss":"https://sts.windows.net/00000000-0000-0000-0000-000000000000/","iat":{{now.AddMinutes(-1).ToUnixTimeSeconds()}},"nbf":{{now.AddMinutes(-1).ToUnixTimeSeconds()}},"exp":{{expires.ToUnixTimeSeconds()}},"oid":"11111111-1111-1111-1111-111111111111"}
            """;
        var token = $"{Segment("""{"alg":"RS256","typ":"JWT"}""")}.{Segment(payload)}.{Segment("unsigned")}";
        return new AccessToken(token, expires);
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(GetToken(requestContext, cancellationToken));

    private static string Segment(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
