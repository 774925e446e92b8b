namespace GeminiBalance.Clients;

/// <summary>Client keys: the directory and meters in memory, and the sync that keeps them in step with storage.</summary>
internal static class ClientServices
{
    public static IServiceCollection AddClientKeys(this IServiceCollection services)
    {
        services.AddSingleton<ClientDirectory>();
        services.AddSingleton<ClientMeters>();
        services.AddSingleton<ClientSync>();
        services.AddHostedService(provider => provider.GetRequiredService<ClientSync>());
        return services;
    }
}
