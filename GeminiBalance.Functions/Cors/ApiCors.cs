using GeminiBalance.Hosting;
using Microsoft.AspNetCore.Cors.Infrastructure;

namespace GeminiBalance.Cors;

/// <summary>
/// CORS for browsers calling the client API (gemini-balance's documented <c>fetch()</c> examples), through ASP.NET Core's
/// CORS middleware: the origins in CORS_ALLOWED_ORIGINS (<c>*</c> by default), any method and header, and no credentials:
/// the API authenticates by header or <c>?key=</c>, never by cookie, so a page gets nothing it did not already hold.
/// A preflight is answered by the middleware before any endpoint runs, so it needs no token.
/// </summary>
internal static class ApiCors
{
    // What an API answer carries that a page's script may need to read; simple headers (Content-Type…) are always readable.
    private static readonly string[] ExposedHeaders =
    [
        "Retry-After", Endpoints.IgnoredFields.Header,
        "X-Goog-Upload-URL", "X-Goog-Upload-Status", "X-Goog-Upload-Size-Received", "X-Goog-Upload-Chunk-Granularity", "X-Goog-Upload-Control-URL",
    ];

    // Browsers cap this themselves (Chromium at 2 hours); 10 minutes saves a preflight per call without outliving a settings change by long.
    private static readonly TimeSpan PreflightMaxAge = TimeSpan.FromMinutes(10);

    public static IServiceCollection AddApiCors(this IServiceCollection services, ProxyOptions options)
    {
        // Ours first: AddCors only adds its default provider when none is registered.
        services.AddSingleton<ICorsPolicyProvider>(new ApiCorsPolicyProvider(Policy(options.CorsAllowedOrigins)));
        return services.AddCors();
    }

    /// <returns>Null when the list is empty: no page on another origin may call the API.</returns>
    public static CorsPolicy? Policy(IReadOnlyList<string> origins)
    {
        if (origins.Count == 0)
        {
            return null;
        }

        var policy = new CorsPolicyBuilder().AllowAnyMethod().AllowAnyHeader().WithExposedHeaders(ExposedHeaders).SetPreflightMaxAge(PreflightMaxAge);
        return (origins.Contains("*") ? policy.AllowAnyOrigin() : policy.WithOrigins([.. origins])).Build();
    }
}
