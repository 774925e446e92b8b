using GeminiBalance.Errors;

namespace GeminiBalance.Auth;

/// <summary>
/// Endpoint-group policy: every API route needs a known client token (and a client key one that is enabled and not
/// expired); the identity travels in a typed feature.
/// </summary>
internal static class ClientAuthFilter
{
    public static TBuilder RequireClientToken<TBuilder>(this TBuilder builder, ApiProtocol protocol)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireClientToken(_ => protocol);

    /// <param name="protocolOf">For routes two protocols share: which one the caller speaks, so a refusal is in its shape.</param>
    public static TBuilder RequireClientToken<TBuilder>(this TBuilder builder, Func<HttpRequest, ApiProtocol> protocolOf)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var httpContext = context.HttpContext;
            var authenticator = httpContext.RequestServices.GetRequiredService<ClientAuthenticator>();
            var identity = authenticator.Authenticate(ClientToken.Find(httpContext.Request));
            if (identity is null)
            {
                return new ErrorResult(protocolOf(httpContext.Request), StatusCodes.Status401Unauthorized, "Missing or invalid client token. Send it as Authorization: Bearer, x-goog-api-key, x-api-key or ?key=.");
            }

            // A client key that is disabled or past its expiry is known but refused, and told why.
            if (identity.Client?.Refusal(httpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()) is { } refusal)
            {
                return new ErrorResult(protocolOf(httpContext.Request), StatusCodes.Status401Unauthorized, refusal, code: "client_key_refused");
            }

            httpContext.Features.Set(identity);
            return await next(context);
        });
}
