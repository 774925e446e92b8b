namespace GeminiBalance.Errors;

/// <summary>
/// Gives every bodiless error (unknown route, wrong method, a request Kestrel rejected) a body in the
/// caller's protocol, so SDKs show a message instead of failing to parse an empty response.
/// </summary>
internal static class EmptyErrorBodies
{
    public static IApplicationBuilder UseProtocolErrorBodies(this IApplicationBuilder app) =>
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var status = http.Response.StatusCode;
            var message = status switch
            {
                404 => $"No route matches {http.Request.Method} {http.Request.Path}.",
                405 => $"{http.Request.Method} is not allowed on {http.Request.Path}.",
                413 => "The request body is too large.",
                _ => $"The request failed with HTTP {status}.",
            };
            await new ErrorResult(ProtocolOfPath.Of(http.Request.Path), status, message).ExecuteAsync(http);
        });
}
