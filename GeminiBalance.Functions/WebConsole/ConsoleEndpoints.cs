using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GeminiBalance.Admin;
using GeminiBalance.Hosting;

namespace GeminiBalance.WebConsole;

/// <summary>
/// The browser console: its pages (<c>/</c> login, <c>/dashboard</c>, <c>/keys</c>, <c>/settings</c>, <c>/logs</c>; one
/// page that shows the part its path names), its assets under <c>/console/</c>, and login, logout and the session's
/// CSRF token. Everything else it does goes through the admin API under <c>/manage</c>, with the session cookie.
/// </summary>
internal static class ConsoleEndpoints
{
    /// <summary>The paths the console's page answers on; the Functions host routes these to the console's function.</summary>
    public static readonly string[] Pages = ["/", "/dashboard", "/keys", "/settings", "/logs"];

    private const int MaxLoginBody = 4096;

    public static IEndpointRouteBuilder MapConsoleEndpoints(this IEndpointRouteBuilder app)
    {
        var console = app.MapGroup("").WithSecurityHeaders();
        foreach (var page in Pages)
        {
            console.MapGet(page, (HttpContext context, ConsoleAssets assets) => Serve(context, assets, "index.html", cache: false));
        }

        console.MapGet("console/{*file}", (string file, HttpContext context, ConsoleAssets assets) => Serve(context, assets, file, cache: true));
        console.MapGet("console/session", Session);
        console.MapPost("console/login", LoginAsync);
        console.MapPost("console/logout", Logout);
        return app;
    }

    private static IResult Serve(HttpContext context, ConsoleAssets assets, string file, bool cache)
    {
        if (assets.Find(file) is not { } asset)
        {
            return AdminBody.Problem(StatusCodes.Status404NotFound, "There is no such console file.");
        }

        var headers = context.Response.Headers;
        headers.ETag = asset.ETag;
        headers.CacheControl = cache ? "no-cache" : "no-store";
        return context.Request.Headers.IfNoneMatch == asset.ETag
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(asset.Content, asset.ContentType);
    }

    /// <summary>Whether the console is on and this browser logged in; if so, the CSRF token its changes must carry.</summary>
    private static IResult Session(HttpContext context, SessionCookie cookies, ICurrentOptions options)
    {
        context.Response.Headers.CacheControl = "no-store";
        var session = cookies.Read(context.Request);
        return TypedResults.Json(
            new ConsoleSessionView(options.Current.AuthToken is not null, session is not null, session is null ? null : cookies.CsrfTokenOf(session), session?.Expires),
            ConsoleJsonContext.Default.ConsoleSessionView);
    }

    private static async Task<IResult> LoginAsync(HttpContext context, SessionCookie cookies, LoginThrottle throttle, ICurrentOptions options)
    {
        var address = context.Connection.RemoteIpAddress;
        if (options.Current.AuthToken is not { } authToken)
        {
            return AdminBody.Problem(StatusCodes.Status403Forbidden, "The console is off: set AUTH_TOKEN and restart.");
        }

        if (throttle.WaitFor(address) is { } wait)
        {
            return new Errors.ErrorResult(Errors.ApiProtocol.Gemini, StatusCodes.Status429TooManyRequests, "Too many wrong tokens; wait before trying again.", retryAfter: wait);
        }

        // JSON only: a cross-site form cannot send it without the browser asking this origin first.
        if (!context.Request.HasJsonContentType() || context.Request.ContentLength is null or > MaxLoginBody)
        {
            return AdminBody.Problem(StatusCodes.Status400BadRequest, "Send {\"token\": \"…\"} as application/json.");
        }

        var token = await ReadTokenAsync(context);
        if (token is null || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), SHA256.HashData(Encoding.UTF8.GetBytes(authToken))))
        {
            throttle.Failed(address);
            return AdminBody.Problem(StatusCodes.Status401Unauthorized, "That is not the admin token (AUTH_TOKEN).");
        }

        throttle.Succeeded(address);
        if (cookies.Issue() is not var (value, session))
        {
            return AdminBody.Problem(StatusCodes.Status403Forbidden, "The console is off: set AUTH_TOKEN and restart.");
        }

        context.Response.Cookies.Append(SessionCookie.Name, value, CookieOptions(context, options.Current, session.Expires));
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(new ConsoleSessionView(true, true, cookies.CsrfTokenOf(session), session.Expires), ConsoleJsonContext.Default.ConsoleSessionView);
    }

    private static IResult Logout(HttpContext context, SessionCookie cookies, ICurrentOptions options)
    {
        if (cookies.Read(context.Request) is { } session && !cookies.HasValidCsrfToken(context.Request, session))
        {
            return AdminBody.Problem(StatusCodes.Status403Forbidden, $"Logging out needs the {SessionCookie.CsrfHeader} header.");
        }

        context.Response.Cookies.Delete(SessionCookie.Name, CookieOptions(context, options.Current, null));
        return Results.NoContent();
    }

    private static async Task<string?> ReadTokenAsync(HttpContext context)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("token", out var token) && token.ValueKind == JsonValueKind.String
                ? token.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Secure whenever the browser reached us over HTTPS, including through a front end that ends TLS.
    private static CookieOptions CookieOptions(HttpContext context, ProxyOptions options, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps
            || string.Equals(context.Request.Headers["X-Forwarded-Proto"], "https", StringComparison.OrdinalIgnoreCase)
            || options.PublicBaseUrl?.Scheme == Uri.UriSchemeHttps,
        Path = "/",
        Expires = expires,
        MaxAge = expires is null ? null : options.AdminSessionExpiry,
    };
}
