using GeminiBalance.Hosting;
using GeminiBalance.Storage;

namespace GeminiBalance.Settings;

/// <summary>Live configuration: the options holder the app reads, the overrides store, and the sync that applies them.</summary>
internal static class SettingsServices
{
    /// <param name="initial">The options read at start-up, in force until the first sync finds overrides.</param>
    public static IServiceCollection AddLiveSettings(this IServiceCollection services, ProxyOptions initial)
    {
        var live = new LiveOptions(initial);
        services.AddSingleton(live);
        services.AddSingleton<ICurrentOptions>(live);

        // Handlers that take ProxyOptions get the options in force when the request arrives, and keep them for the
        // whole request; long-lived services take ICurrentOptions and read it at each use.
        services.AddTransient(_ => live.Current);

        services.AddSingleton<ISettingsStore, TableSettingsStore>();
        services.AddSingleton<LiveSettings>();
        services.AddSingleton<SettingsSync>();
        services.AddHostedService(provider => provider.GetRequiredService<SettingsSync>());
        return services;
    }
}
