using GeminiBalance.Hosting;

namespace GeminiBalance.Endpoints;

/// <summary>
/// Timer functions. The Functions host invokes a custom handler's timer as <c>POST /{function name}</c>
/// and expects an invocation response (<c>Outputs</c>, <c>Logs</c>, <c>ReturnValue</c>) back.
/// </summary>
internal static class TimerEndpoints
{
    public static IEndpointRouteBuilder MapTimerEndpoints(this IEndpointRouteBuilder app)
    {
        // Only the Functions host calls these, from inside the instance over loopback.
        foreach (var timer in FunctionRoutes.Timers)
        {
            app.MapPost(timer.Name, (ILogger<TimerInvocation> logger) =>
            {
                // The key re-check itself arrives with the shared key pool (issue #3); until then the timer only acknowledges.
                logger.LogInformation("Timer {Timer} invoked; nothing to do yet", timer.Name);
                return TypedResults.Json(TimerInvocation.Empty, AppJsonContext.Default.TimerInvocation);
            }).AddEndpointFilter(LoopbackOnly);
        }

        return app;
    }

    private static async ValueTask<object?> LoopbackOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Connection.RemoteIpAddress is { } address && System.Net.IPAddress.IsLoopback(address)
            ? await next(context)
            : TypedResults.NotFound();
}
