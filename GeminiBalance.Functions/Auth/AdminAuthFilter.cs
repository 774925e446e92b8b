using GeminiBalance.Errors;
using GeminiBalance.Hosting;

namespace GeminiBalance.Auth;

/// <summary>
/// Endpoint-group policy for the admin API: a known token first (401 without one, as every API route), then only the
/// admin token (AUTH_TOKEN) passes; a client token from ALLOWED_TOKENS gets 403. Applied once, to the whole group.
/// </summary>
internal static class AdminAuthFilter
{
    public static TBuilder RequireAdminToken<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireClientToken(ApiProtocol.Gemini).AddEndpointFilter(async (context, next) =>
        {
            var httpContext = context.HttpContext;
            if (httpContext.Features.Get<ClientIdentity>() is { IsAdmin: true })
            {
                return await next(context);
            }

            var adminOff = httpContext.RequestServices.GetRequiredService<ProxyOptions>().AuthToken is null;
            return new ErrorResult(ApiProtocol.Gemini, StatusCodes.Status403Forbidden, adminOff
                ? "The admin API is off: AUTH_TOKEN is not set."
                : "This route needs the admin token (AUTH_TOKEN); a client token from ALLOWED_TOKENS is not enough.");
        });
}
