namespace GeminiBalance.WebConsole;

/// <summary>
/// Headers on every console response: a strict Content-Security-Policy (scripts and styles only from this origin, no
/// inline script, no framing), no MIME sniffing, no referrer. Log bodies and key labels are attacker-controlled text;
/// the scripts render them as text, and the policy is the second line should one slip through.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static TBuilder WithSecurityHeaders<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            return await next(context);
        });
}
