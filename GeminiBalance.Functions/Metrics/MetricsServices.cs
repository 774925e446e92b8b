using System.Reflection;
using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using GeminiBalance.Auth;
using GeminiBalance.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace GeminiBalance.Metrics;

/// <summary>
/// The metrics (<see cref="ProxyMetrics"/>, <see cref="ProxyStateGauges"/>) and where they go: Application Insights
/// through the Azure Monitor exporter when APPLICATIONINSIGHTS_CONNECTION_STRING is set (the Functions deployment), and a
/// Prometheus scrape at <c>/metrics</c>, behind the admin token, when the app serves standalone.
/// </summary>
internal static class MetricsServices
{
    public const string ScrapePath = "/metrics";

    private static readonly string Version =
        typeof(MetricsServices).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    /// <param name="underFunctionsHost">Under the Functions host no function routes <c>/metrics</c>, so there is no scrape.</param>
    public static IServiceCollection AddProxyMetrics(this IServiceCollection services, ProxyOptions options, bool underFunctionsHost)
    {
        services.AddMetrics();
        services.AddSingleton<ProxyMetrics>();
        services.AddHostedService<ProxyStateGauges>();
        if (options.ApplicationInsights is null && underFunctionsHost)
        {
            return services; // The instruments still count; nothing collects them.
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("GeminiBalance", serviceVersion: Version))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ProxyMetrics.MeterName);
                if (options.ApplicationInsights is { } insights)
                {
                    metrics.AddAzureMonitorMetricExporter(exporter =>
                    {
                        exporter.ConnectionString = insights.ConnectionString;
                        exporter.Credential = CredentialFor(insights);
                    });
                }

                if (!underFunctionsHost)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        return services;
    }

    /// <summary>The Prometheus scrape, standalone only; the admin token as for <c>/manage</c>.</summary>
    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder app)
    {
        // The exporter's endpoint is a middleware branch, not a route handler, so it runs no endpoint filter: the admin
        // check goes in front of it in the branch.
        app.MapPrometheusScrapingEndpoint(ScrapePath, meterProvider: null, configureBranchedPipeline: branch => branch.Use(RequireAdmin), optionsName: null);
        return app;
    }

    private static async Task RequireAdmin(HttpContext context, RequestDelegate next)
    {
        if (AdminAuthFilter.Refusal(context) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    // The deployment's component takes Entra ID tokens only (its local auth is off); a user-assigned identity is named.
    private static TokenCredential? CredentialFor(ApplicationInsightsOptions insights) =>
        !insights.UsesEntraId ? null
        : insights.ClientId is { } clientId ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
        : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
}
