namespace GeminiBalance.Upstream;

/// <summary>The HTTP clients to Google (straight or through PROXIES) and the forwarder that spends pool keys on them.</summary>
internal static class UpstreamServices
{
    public static IServiceCollection AddUpstream(this IServiceCollection services)
    {
        services.AddSingleton<UpstreamClients>();
        services.AddSingleton<GeminiForwarder>();
        return services;
    }
}
