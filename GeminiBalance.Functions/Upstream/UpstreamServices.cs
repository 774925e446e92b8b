namespace GeminiBalance.Upstream;

/// <summary>The one HTTP client to Google and the forwarder that spends pool keys on it.</summary>
internal static class UpstreamServices
{
    public static IServiceCollection AddUpstream(this IServiceCollection services)
    {
        services.AddSingleton(_ => UpstreamHttp.CreateClient());
        services.AddSingleton<GeminiForwarder>();
        return services;
    }
}
