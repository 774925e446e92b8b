namespace GeminiBalance.WebConsole;

/// <summary>The browser console: its assets, session cookies and the login slow-down.</summary>
internal static class ConsoleServices
{
    public static IServiceCollection AddConsole(this IServiceCollection services)
    {
        services.AddSingleton<ConsoleAssets>();
        services.AddSingleton<SessionCookie>();
        services.AddSingleton<LoginThrottle>();
        return services;
    }
}
