using GeminiBalance.Errors;
using GeminiBalance.Hosting;
using GeminiBalance.WebConsole;

namespace GeminiBalance.Auth;

/// <summary>
/// Endpoint-group policy for the admin API. The browser console's session cookie passes, but a change (anything but
/// GET) made with it must also carry the session's CSRF token; otherwise a known token first (401 without one, as
/// every API route), then only the admin token (AUTH_TOKEN) passes; a client token from ALLOWED_TOKENS gets 403.
/// Scripts keep using <c>Authorization: Bearer</c>, which no cross-site page can send, so it needs no CSRF token.
/// </summary>
internal static class AdminAuthFilter
{
    public static TBuilder RequireAdminToken<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) => Refusal(context.HttpContext) is { } refused ? refused : await next(context));

    /// <summary>
    /// The check itself, for a route that is not a route handler and so runs no endpoint filter (the metrics scrape):
    /// null when the caller is the admin, with its identity set on the request; otherwise the answer to send.
    /// </summary>
    public static ErrorResult? Refusal(HttpContext httpContext)
    {
        var services = httpContext.RequestServices;
        if (ClientToken.Find(httpContext.Request) is null && services.GetRequiredService<SessionCookie>().Read(httpContext.Request) is { } session)
        {
            if (!HttpMethods.IsGet(httpContext.Request.Method) && !HttpMethods.IsHead(httpContext.Request.Method)
                && !services.GetRequiredService<SessionCookie>().HasValidCsrfToken(httpContext.Request, session))
            {
                return new ErrorResult(ApiProtocol.Gemini, StatusCodes.Status403Forbidden, $"A change made with the console's session needs its {SessionCookie.CsrfHeader} header.");
            }

            httpContext.Features.Set(session);
            httpContext.Features.Set(new ClientIdentity("console", IsAdmin: true));
            return null;
        }

        var identity = services.GetRequiredService<ClientAuthenticator>().Authenticate(ClientToken.Find(httpContext.Request));
        if (identity is null)
        {
            return new ErrorResult(ApiProtocol.Gemini, StatusCodes.Status401Unauthorized, "Missing or invalid client token. Send it as Authorization: Bearer, x-goog-api-key, x-api-key or ?key=.");
        }

        httpContext.Features.Set(identity);
        if (identity.IsAdmin)
        {
            return null;
        }

        var adminOff = services.GetRequiredService<ICurrentOptions>().Current.AuthToken is null;
        return new ErrorResult(ApiProtocol.Gemini, StatusCodes.Status403Forbidden, adminOff
            ? "The admin API is off: AUTH_TOKEN is not set."
            : "This route needs the admin token (AUTH_TOKEN); a client token from ALLOWED_TOKENS is not enough.");
    }
}
