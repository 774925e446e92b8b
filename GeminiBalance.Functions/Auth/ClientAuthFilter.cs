using GeminiBalance.Errors;

namespace GeminiBalance.Auth;

/// <summary>Endpoint-group policy: every API route needs a known client token; the identity travels in a typed feature.</summary>
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

            httpContext.Features.Set(identity);
            return await next(context);
        });
}
