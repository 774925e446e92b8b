using GeminiBalance.Admin;

namespace GeminiBalance.Keys;

/// <summary>The key pool, its sync with the shared key state, the re-check and key administration.</summary>
internal static class KeyPoolServices
{
    /// <param name="underFunctionsHost">Under the Functions host the <c>key-recheck</c> timer function fires the re-check.</param>
    public static IServiceCollection AddKeyPool(this IServiceCollection services, bool underFunctionsHost)
    {
        services.AddSingleton<KeyPool>();
        services.AddSingleton<KeyStateSync>();
        services.AddHostedService(provider => provider.GetRequiredService<KeyStateSync>());
        services.AddSingleton<KeyProbe>();
        services.AddSingleton<KeyRecheck>();
        services.AddSingleton<KeyAdministration>();
        if (!underFunctionsHost)
        {
            services.AddHostedService<InProcessRecheckTimer>();
        }

        return services;
    }
}
