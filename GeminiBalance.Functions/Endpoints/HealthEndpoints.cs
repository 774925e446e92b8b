using System.Reflection;
using GeminiBalance.Hosting;

namespace GeminiBalance.Endpoints;

/// <summary>Liveness for load balancers and the Functions host: no token, no upstream call.</summary>
internal static class HealthEndpoints
{
    private static readonly string Version =
        typeof(HealthEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("health", () => TypedResults.Json(new HealthStatus("ok", Version), AppJsonContext.Default.HealthStatus));
        return app;
    }
}
