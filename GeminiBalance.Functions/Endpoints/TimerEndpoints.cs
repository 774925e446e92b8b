using GeminiBalance.Hosting;
using GeminiBalance.Keys;
using GeminiBalance.Usage;

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
        app.MapPost(FunctionRoutes.KeyRecheck, async (KeyRecheck recheck, CancellationToken cancellationToken) =>
        {
            var revived = await recheck.RunIfDueAsync(cancellationToken);
            return TypedResults.Json(TimerInvocation.Done($"revived {revived} key(s)"), AppJsonContext.Default.TimerInvocation);
        }).AddEndpointFilter(LoopbackOnly);

        app.MapPost(FunctionRoutes.LogRetention, async (LogRetention retention, CancellationToken cancellationToken) =>
        {
            var deleted = await retention.RunAsync(cancellationToken);
            return TypedResults.Json(TimerInvocation.Done($"deleted {deleted} log and usage row(s)"), AppJsonContext.Default.TimerInvocation);
        }).AddEndpointFilter(LoopbackOnly);

        return app;
    }

    private static async ValueTask<object?> LoopbackOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Connection.RemoteIpAddress is { } address && System.Net.IPAddress.IsLoopback(address)
            ? await next(context)
            : TypedResults.NotFound();
}
